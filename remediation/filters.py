"""The filters of directives and tasks: each FilterSet backs the HTML list and the API endpoint."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filters import SEARCH_MAX, BooleanSelect, FilterSet, year_filter
from core.search import search_stored
from inspections.filters import area_filter, plan_filter, visible_visits
from units.filters import UnitScopeFilter

from .models import Directive, RemediationTask
from .selectors import directives_visible_to
from .states import TaskStatus


def visible_directives(request):
    return directives_visible_to(request.user) if request else Directive.objects.none()


class DirectiveFilter(FilterSet):
    inspection = filters.ModelChoiceFilter(field_name="visit", queryset=visible_visits, label=_("Visit"))
    plan = plan_filter("visit__plan")
    unit = UnitScopeFilter(prefix="units__", many=True)
    area = area_filter("area")
    year = year_filter("visit__scheduled_on")
    search = filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX)

    html_fields = ("search", "year", "plan", "unit", "area")

    class Meta:
        model = Directive
        fields = ["inspection", "plan", "unit", "area", "year", "search"]

    def filter_search(self, queryset, name, value):
        return search_stored(queryset, value, ["search_text"])


class TaskFilter(FilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices, empty_label=_("All statuses"))
    overdue = filters.BooleanFilter(
        label=_("Deadline"),
        method="filter_overdue",
        widget=BooleanSelect(either=_("Any"), yes=_("Overdue"), no=_("Not overdue")),
    )
    year = year_filter("directive__visit__scheduled_on")
    plan = plan_filter("directive__visit__plan")
    unit = UnitScopeFilter(prefix="unit__")
    area = area_filter("directive__area")
    directive = filters.ModelChoiceFilter(queryset=visible_directives, label=_("Directive"))
    inspection = filters.ModelChoiceFilter(field_name="directive__visit", queryset=visible_visits, label=_("Visit"))
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due by"))
    # The dashboard's period (of the visits the tasks came from), for its click-throughs.
    date_from = filters.DateFilter(
        field_name="directive__visit__scheduled_on", lookup_expr="gte", label=_("Visits from")
    )
    date_to = filters.DateFilter(field_name="directive__visit__scheduled_on", lookup_expr="lte", label=_("to"))
    search = filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX)

    html_fields = ("search", "status", "overdue", "year", "plan", "unit", "area")

    class Meta:
        model = RemediationTask
        fields = ["status", "overdue", "year", "plan", "unit", "area", "directive", "inspection", "due_before",
                  "date_from", "date_to", "search"]  # fmt: skip

    def filter_search(self, queryset, name, value):
        return search_stored(queryset, value, ["directive__search_text", "unit__search_text"])

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.not_overdue()
