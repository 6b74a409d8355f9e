"""The audit log's filters: what happened, to which kind of record, by whom, when, with which words."""

import functools

import django_filters as filters
from django.apps import apps
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.filters import SEARCH_MAX, FilterSet

from .models import AuditAction, AuditEntry


def record_kinds() -> list[tuple[str, str]]:
    """Every kind of record whose changes the log holds (the models with a history), by name."""
    return list(_record_kinds(get_language()))


@functools.lru_cache(maxsize=8)
def _record_kinds(language: str | None) -> tuple[tuple[str, str], ...]:
    # The same for the process's life, per language: looking through every model for a history
    # was 15,000 calls, twice a page (the filter's choices, the rows' kind names).
    kinds = [
        (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
        for model in apps.get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    ]
    return tuple(sorted(kinds, key=lambda kind: kind[1]))


class AuditFilter(FilterSet):
    action = filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices, empty_label=_("All actions"))
    kind = filters.ChoiceFilter(
        field_name="object_type", label=_("Kind of record"), choices=record_kinds, empty_label=_("All records")
    )
    actor = filters.CharFilter(field_name="actor_name", lookup_expr="icontains", label=_("User"), max_length=150)
    date_from = filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    date_to = filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("to"))
    search = filters.CharFilter(method="filter_search", label=_("Search"), max_length=SEARCH_MAX)
    record = filters.CharFilter(field_name="object_id", label=_("Record id"), max_length=40)

    html_fields = ("action", "kind", "actor", "date_from", "date_to", "search")

    class Meta:
        model = AuditEntry
        fields = ["action", "kind", "actor", "date_from", "date_to", "search", "record"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(summary__icontains=value) | Q(changes__icontains=value)) if value.strip() else queryset
