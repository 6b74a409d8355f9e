"""Filters of the registry, and the unit filter every other list uses (subtree and merged predecessors)."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import SEARCH_MAX, BooleanSelect, FilterSet
from core.search import search_folded

from .fields import UnitFilterChoiceField
from .models import Role, Unit, UnitKind, User, within_paths_q
from .selectors import lineage_paths, units_visible_to


def _visible_units(request):
    return units_visible_to(request.user).order_by("path") if request else Unit.objects.none()


class UnitChoiceFilter(filters.ModelChoiceFilter):
    """A unit among those the user may see: existing units offered, by their path; any visible one accepted."""

    field_class = UnitFilterChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", _visible_units)
        kwargs.setdefault("label", _("Unit"))
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.INT)
class UnitScopeFilter(UnitChoiceFilter):
    """`?unit=ID`: records of the unit, its subtree, and the units merged or split into them.

    Choices are the units the user may see; another id is a field error, not a 500.
    """

    def __init__(self, *, prefix: str, many: bool = False, **kwargs):
        super().__init__(method=self.filter_unit, **kwargs)
        self.prefix, self.many = prefix, many

    def filter_unit(self, queryset, name, unit):
        if unit is None:
            return queryset
        found = queryset.filter(within_paths_q(lineage_paths(unit), prefix=self.prefix))
        # Through a many-to-many (a directive's units) a row matches once per unit: counted once.
        return found.distinct() if self.many else found


class UnitFilter(FilterSet):
    parent = UnitChoiceFilter(label=_("Parent unit"))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices, empty_label=_("All kinds"))
    is_active = filters.BooleanFilter(
        label=_("Status"),
        method="filter_active",
        widget=BooleanSelect(either=_("All"), yes=_("Existing"), no=_("No longer existing")),
    )
    search = filters.CharFilter(
        label=_("Search"),
        max_length=SEARCH_MAX,
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name, short name or code"), "type": "search"}),
    )

    html_fields = ("search", "kind", "is_active")

    class Meta:
        model = Unit
        fields = ["parent", "kind", "is_active", "search"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(valid_to__isnull=value)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class PersonFilter(FilterSet):
    """The people list of administrators and Home Affairs: by unit (its subtree), role, status, name."""

    search = filters.CharFilter(
        label=_("Search"),
        max_length=SEARCH_MAX,
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name, user name or e-mail"), "type": "search"}),
    )
    unit = UnitScopeFilter(prefix="unit__")
    role = filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All roles"))
    is_active = filters.BooleanFilter(
        label=_("Status"), widget=BooleanSelect(either=_("All"), yes=_("Active"), no=_("Deactivated"))
    )

    html_fields = ("search", "unit", "role", "is_active")

    class Meta:
        model = User
        fields = ["search", "unit", "role", "is_active"]

    def filter_search(self, queryset, name, value):
        return search_folded(queryset, value, ["username", "full_name", "email", "title"])
