"""The filters of documents and of the outgoing register: one FilterSet for the HTML list and the API."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filters import SEARCH_MAX, YEAR_RANGE, FilterSet
from core.search import search_folded
from inspections.filters import plan_filter, visible_visits
from units.fields import UnitFilterChoiceField
from units.filters import UnitScopeFilter
from units.models import Unit
from units.selectors import unit_path_labels

from .models import Document, DocumentKind, DocumentStatus
from .selectors import issuers_visible_to


class DocumentFilter(FilterSet):
    kind = filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices, empty_label=_("All kinds"))
    status = filters.ChoiceFilter(label=_("Status"), choices=DocumentStatus.choices, empty_label=_("All statuses"))
    plan = plan_filter("plan")
    visit = filters.ModelChoiceFilter(queryset=visible_visits, label=_("Visit"))
    issuer = UnitScopeFilter(prefix="issuer__", label=_("Issuing unit"))
    year = filters.NumberFilter(label=_("Year"), **YEAR_RANGE)
    search = filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX)

    html_fields = ("search", "kind", "status", "year", "plan")

    class Meta:
        model = Document
        fields = ["kind", "status", "plan", "visit", "issuer", "year", "search"]

    def filter_search(self, queryset, name, value):
        return search_folded(queryset, value, ["number_text", "subject", "issuer_name", "recipients"])


def _register_issuers(request):
    return issuers_visible_to(request.user) if request else Unit.objects.none()


class IssuerChoiceField(UnitFilterChoiceField):
    """The units that issued documents, by their path, those that ended too: their registers stay readable."""

    def labels(self, queryset):
        return unit_path_labels(queryset, ended=True)


class IssuerChoiceFilter(filters.ModelChoiceFilter):
    field_class = IssuerChoiceField


class RegisterFilter(FilterSet):
    """The outgoing register: by issuer (exactly, each keeps its own series) and year."""

    issuer = IssuerChoiceFilter(label=_("Issuing unit"), queryset=_register_issuers)
    year = filters.NumberFilter(label=_("Year"), **YEAR_RANGE)

    class Meta:
        model = Document
        fields = ["issuer", "year"]
