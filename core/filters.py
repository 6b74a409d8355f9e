"""Pieces shared by every list's FilterSet: one FilterSet backs a list's HTML page and its API endpoint."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

import django_filters as filters
from django import forms
from django.forms import ModelChoiceField
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .forms import BootstrapFormMixin, select_html

YEAR_RANGE = {"min_value": 2000, "max_value": 2100}
# Words searched for: enough for any phrase, short of what makes a LIKE pattern "too complex".
SEARCH_MAX = 200
# The largest id a database column holds: a bigger one in a filter is an unknown choice, not a 500.
MAX_ID = 2**63 - 1


class FilterSet(filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap's classes on the HTML pages.

    `html_fields` names the filters the HTML page shows (others are for the API
    and links, e.g. `?inspection=`); all of them apply to both.
    """

    html_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *args, request=None, **kwargs):
        if data is not None:
            data = _ids_in_range(self.base_filters, data)
        # Only the filters the request uses or the page shows: the others would filter nothing, yet
        # each was copied, given a form field and cleaned (a task list has 12 filters and shows 7),
        # and a choice filter built its scoped queryset (the visits a user may see) for nothing.
        everything = type(self).base_filters
        shown = set(everything) if _browsable_api(request) else set(self.html_fields or everything)
        used = shown.union(data or ())
        self.base_filters = {name: declared for name, declared in everything.items() if name in used}
        super().__init__(data, *args, request=request, **kwargs)

    def visible_fields(self):
        names = self.html_fields or tuple(self.form.fields)
        return [self.form[name] for name in names]

    @property
    def form(self):
        # django-filter builds a form class per request, whose form then deep-copies the fields
        # the filters have just made for this request (~3,000 calls a list); they are used as made.
        if not hasattr(self, "_form"):
            fields = {name: declared.field for name, declared in self.filters.items()}
            self._form = FilterForm(self.data if self.is_bound else None, prefix=self.form_prefix, fields=fields)
        return self._form


class _GivenFields(forms.Form):
    """A form over fields made for it alone, so not copied again."""

    def __init__(self, *args, fields: dict, **kwargs):
        self.base_fields = {}
        super().__init__(*args, **kwargs)
        self.fields = fields


class FilterForm(BootstrapFormMixin, _GivenFields):
    """The form of a list's filters, drawn with Bootstrap's classes."""


def _browsable_api(request) -> bool:
    """DRF's HTML API pages draw every filter of an endpoint as a form."""
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None) == "api"


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # "²" is a digit to Python, not to int()


def _ids_in_range(base_filters, data):
    """An id past what the database holds (`?unit=9223372036854775808`) becomes one that matches nothing:
    the filter then says "not one of the choices", where the database would have raised."""
    too_big = [
        name
        for name, declared in base_filters.items()
        if issubclass(declared.field_class, ModelChoiceField)
        and _digits(str(data.get(name, "")).strip())
        and int(str(data.get(name)).strip()) > MAX_ID
    ]
    if not too_big:
        return data
    data = data.copy()
    for name in too_big:
        data[name] = "0"
    return data


class BooleanSelect(forms.NullBooleanSelect):
    """A yes / no / either select with words that say what each means (`?x=true|false`)."""

    def __init__(self, *, either, yes, no, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", either), ("true", yes), ("false", no)]

    def render(self, name, value, attrs=None, renderer=None):
        # In one pass, like core.forms.FastSelect: Django's templates cost ~1,600 calls for three options.
        return select_html(self, name, {self.format_value(value)}, attrs)


def year_filter(field_name: str) -> filters.NumberFilter:
    """`?year=2021` on a date field."""
    return filters.NumberFilter(field_name=field_name, lookup_expr="year", label=_("Year"), **YEAR_RANGE)


def filter_page(filterset_class, request, queryset, defaults: dict | None = None):
    """The HTML side of a list: (filterset, filtered queryset). Invalid filters show their errors and no rows.

    `defaults` apply where the URL says nothing (e.g. existing units only);
    `?q=` of older bookmarks still searches (the API's name is `search`).
    """
    data = request.GET.copy()
    if "q" in data and "search" not in data:
        data["search"] = data.pop("q")[-1]
    for name, value in (defaults or {}).items():
        data.setdefault(name, value)
    filterset = filterset_class(data, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    return filterset, rows


# Filters that mean the same on every list: the one a user last chose follows him from list to list.
SHARED_FILTERS = ("year", "plan", "unit", "area")
REMEMBERED = "cchc_filters"


def remembers_filters(view):
    """A list opened without filters shows the year, plan, unit and area last chosen on any list.

    It redirects to them, so the URL says what the page shows (and can be bookmarked or sent);
    choosing a filter on any list updates the memory, an empty choice removes it, and the
    list's "Clear" (`?forget=1`) forgets them all. Kept in the session: per user, per browser.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or getattr(request, "htmx", False):
            return view(request, *args, **kwargs)
        remembered = dict(request.session.get(REMEMBERED, {}))
        if "forget" in request.GET:
            request.session.pop(REMEMBERED, None)
            return redirect(request.path)
        if not request.GET:
            if remembered:
                return redirect(f"{request.path}?{urlencode(remembered)}")
            return view(request, *args, **kwargs)
        for name in SHARED_FILTERS:
            if name in request.GET:
                value = request.GET.get(name, "").strip()[:20]
                if value:
                    remembered[name] = value
                else:
                    remembered.pop(name, None)
        if remembered != request.session.get(REMEMBERED, {}):
            request.session[REMEMBERED] = remembered
        return view(request, *args, **kwargs)

    return wrapper
