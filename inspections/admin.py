"""Django admin: reference data (reform areas) for administrators, and read-mostly views of records.

Records with rules (plans, visits, findings) change through the portal's
pages and API, which go through the services; the admin only shows them.
"""

from django.contrib import admin

from core.admin import LongListMixin, ReadOnlyAdmin

from .models import Finding, InspectionPlan, InspectionVisit, ReformArea


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    """Rename, reorder or retire an area; past findings keep pointing at it."""

    list_display = ["position", "code", "name", "is_active"]
    list_display_links = ["code"]
    list_editable = ["position", "name", "is_active"]
    ordering = ["position", "pk"]

    def has_delete_permission(self, request, obj=None):
        return False  # retire instead: findings refer to it


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "number", "status", "issuer"]
    list_filter = ["year", "status", "kind"]
    search_fields = ["title", "number"]


@admin.register(InspectionVisit)
class InspectionVisitAdmin(LongListMixin, ReadOnlyAdmin):
    list_display = ["unit", "scheduled_on", "status", "plan"]
    list_filter = ["status"]
    list_select_related = ["unit", "plan"]


@admin.register(Finding)
class FindingAdmin(LongListMixin, ReadOnlyAdmin):
    list_display = ["text", "kind", "area", "visit"]
    list_filter = ["kind", "area"]
    search_fields = ["search_text"]
    list_select_related = ["area", "visit__unit"]
