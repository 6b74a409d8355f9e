"""Django admin: reference data (reform areas) for administrators, and read-mostly views of records.

Records with rules (findings, directives, tasks) change through the portal's
pages and API, which go through the services; the admin only shows them.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Directive, Finding, InspectionPlan, InspectionVisit, ReformArea, RemediationTask


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    """Rename, reorder or retire an area; past findings keep pointing at it."""

    list_display = ["position", "code", "name", "is_active"]
    list_display_links = ["code"]
    list_editable = ["position", "name", "is_active"]
    ordering = ["position", "pk"]

    def has_delete_permission(self, request, obj=None):
        return False  # retire instead: findings refer to it


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "number", "status", "issuer"]
    list_filter = ["year", "status", "kind"]
    search_fields = ["title", "number"]


@admin.register(InspectionVisit)
class InspectionVisitAdmin(ReadOnlyAdmin):
    list_display = ["unit", "scheduled_on", "status", "plan"]
    list_filter = ["status"]
    list_select_related = ["unit", "plan"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["text", "kind", "area", "visit"]
    list_filter = ["kind", "area"]
    search_fields = ["search_text"]
    list_select_related = ["area", "visit__unit"]


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ["text", "due_on", "visit"]
    list_select_related = ["visit__unit"]


@admin.register(RemediationTask)
class RemediationTaskAdmin(ReadOnlyAdmin):
    list_display = ["unit", "status", "due_on", "directive"]
    list_filter = ["status"]
    list_select_related = ["unit", "directive"]
