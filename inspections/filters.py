"""The filters of plans, visits and findings: each FilterSet backs the HTML list and the API endpoint."""

import django_filters as filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from core.filters import SEARCH_MAX, YEAR_RANGE, FilterSet, year_filter
from core.forms import FastSelect, LabelsMixin
from core.search import search_folded
from units.filters import UnitScopeFilter

from .models import (
    Finding,
    FindingKind,
    InspectionPlan,
    InspectionTeam,
    InspectionVisit,
    PlanKind,
    PlanStatus,
    ReformArea,
    VisitStatus,
)
from .search import search_findings
from .selectors import plans_visible_to, visits_visible_to


def visible_plans(request):
    return plans_visible_to(request.user).order_by("-year", "title") if request else InspectionPlan.objects.none()


def visible_visits(request):
    return visits_visible_to(request.user) if request else InspectionVisit.objects.none()


def visible_teams(request):
    if request is None:
        return InspectionTeam.objects.none()
    return InspectionTeam.objects.filter(plan__in=plans_visible_to(request.user).values("pk"))


class LabelsChoiceField(LabelsMixin, ModelChoiceField):
    """A filter's options as (value, label) columns, kept (core.forms.LabelsMixin)."""

    widget = FastSelect


class AreaChoiceField(LabelsChoiceField):
    label_columns = ("code", "name")  # `?area=PROCEDURES`


class PlanChoiceField(LabelsChoiceField):
    label_columns = ("pk", "title")


class AreaChoiceFilter(filters.ModelChoiceFilter):
    field_class = AreaChoiceField


def area_filter(field_name: str) -> filters.ModelChoiceFilter:
    """`?area=PROCEDURES`: a reform area by its code."""
    return AreaChoiceFilter(
        field_name=field_name,
        to_field_name="code",
        queryset=ReformArea.objects.order_by("position", "pk"),
        label=_("Reform area"),
        empty_label=_("All reform areas"),
    )


class PlanChoiceFilter(filters.ModelChoiceFilter):
    field_class = PlanChoiceField


def plan_filter(field_name: str) -> filters.ModelChoiceFilter:
    return PlanChoiceFilter(field_name=field_name, queryset=visible_plans, label=_("Plan"), empty_label=_("All plans"))


class PlanFilter(FilterSet):
    year = filters.NumberFilter(label=_("Year"), **YEAR_RANGE)
    status = filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices, empty_label=_("All statuses"))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=PlanKind.choices, empty_label=_("All kinds"))
    issuer = UnitScopeFilter(prefix="issuer__", label=_("Issuing unit"))
    search = filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX)

    html_fields = ("search", "year", "status", "kind")

    class Meta:
        model = InspectionPlan
        fields = ["year", "status", "kind", "issuer", "search"]

    def filter_search(self, queryset, name, value):
        return search_folded(queryset, value, ["title", "number", "issuer__name", "issuer__short_name"])


class VisitFilter(FilterSet):
    WHEN = [("today", _("Today")), ("upcoming", _("Upcoming")), ("past", _("Past"))]

    plan = plan_filter("plan")
    unit = UnitScopeFilter(prefix="unit__")
    team = filters.ModelChoiceFilter(queryset=visible_teams, label=_("Team"))
    status = filters.ChoiceFilter(label=_("Status"), choices=VisitStatus.choices, empty_label=_("All statuses"))
    year = year_filter("scheduled_on")
    when = filters.ChoiceFilter(label=_("When"), choices=WHEN, empty_label=_("Any time"), method="filter_when")
    scheduled_after = filters.DateFilter(field_name="scheduled_on", lookup_expr="gte", label=_("From"))
    scheduled_before = filters.DateFilter(field_name="scheduled_on", lookup_expr="lte", label=_("To"))
    search = filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX)

    html_fields = ("search", "when", "status", "year", "unit", "plan")

    class Meta:
        model = InspectionVisit
        fields = ["plan", "unit", "team", "status", "year", "when", "scheduled_after", "scheduled_before", "search"]

    def filter_when(self, queryset, name, value):
        lookup = {"today": "scheduled_on", "upcoming": "scheduled_on__gte", "past": "scheduled_on__lt"}[value]
        return queryset.filter(**{lookup: timezone.localdate()})

    def filter_search(self, queryset, name, value):
        return search_folded(queryset, value, ["unit__name", "unit__short_name", "unit__code", "place", "plan__title"])


class FindingFilter(FilterSet):
    search = filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=SEARCH_MAX,
        help_text=_("Words to find, with or without diacritics."),
    )
    inspection = filters.ModelChoiceFilter(field_name="visit", queryset=visible_visits, label=_("Visit"))
    year = year_filter("visit__scheduled_on")
    plan = plan_filter("visit__plan")
    unit = UnitScopeFilter(prefix="visit__unit__")
    area = area_filter("area")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=FindingKind.choices, empty_label=_("All kinds"))
    # The dashboard's period, so that its click-throughs list exactly what it counted.
    date_from = filters.DateFilter(field_name="visit__scheduled_on", lookup_expr="gte", label=_("Visits from"))
    date_to = filters.DateFilter(field_name="visit__scheduled_on", lookup_expr="lte", label=_("to"))

    html_fields = ("search", "year", "kind", "area", "unit", "plan")

    class Meta:
        model = Finding
        fields = ["search", "inspection", "year", "plan", "unit", "area", "kind", "date_from", "date_to"]

    def filter_search(self, queryset, name, value):
        return search_findings(queryset, value)
