"""Django admin: read-only views of directives and tasks, with their history.

They change through the portal's pages and API, which go through the services.
"""

from django.contrib import admin

from core.admin import LongListMixin, ReadOnlyAdmin

from .models import Directive, RemediationTask


@admin.register(Directive)
class DirectiveAdmin(LongListMixin, ReadOnlyAdmin):
    list_display = ["text", "due_on", "visit"]
    list_select_related = ["visit__unit"]


@admin.register(RemediationTask)
class RemediationTaskAdmin(LongListMixin, ReadOnlyAdmin):
    list_display = ["unit", "status", "due_on", "directive"]
    list_filter = ["status"]
    list_select_related = ["unit", "directive"]
