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


class LongListMixin:
    """For a table a province fills with tens of thousands of rows (findings, tasks, documents).

    Newest first by id, an index walk, where the model's own order (a finding's area and
    position) sorted all 50,000 rows for each page; no second count of the whole table; and
    the columns in `list_deferred` (a letter's body, its tables) left unread by the list,
    which showed 100 documents by reading 5 MB of bodies. A record's own page reads them all.
    """

    ordering = ("-pk",)
    show_full_result_count = False
    list_deferred: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        deferred = self.list_deferred

        class LongChangeList(ChangeList):
            def get_queryset(self, request, exclude_parameters=None):
                return super().get_queryset(request, exclude_parameters).defer(*deferred)

        return LongChangeList
