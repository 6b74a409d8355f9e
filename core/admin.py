"""Admin pieces every app shares."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyMixin:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Records with rules are shown, with their history, never changed here: the services change them."""


class ReadOnlyPlainAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The same for records that keep no history of their own (the audit log)."""
