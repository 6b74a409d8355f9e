"""Admin pieces every app shares."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
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


class LongChangeList(ChangeList):
    """The admin's list without the columns its ModelAdmin names in `list_deferred`."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.list_deferred)


class LongListMixin:
    """For tables a province fills with tens of thousands of rows: newest first by id (an index
    walk, where the model's own order sorts every row), one count, and `list_deferred` unread."""

    ordering = ("-pk",)
    show_full_result_count = False
    list_deferred: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return LongChangeList
