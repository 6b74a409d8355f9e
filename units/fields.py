"""Unit pickers for every form and filter: the path (Sở → phòng), existing units only, searchable.

One place decides how a unit is offered, so two "Sở Tư pháp" of different provinces never look
alike and a merged-away unit is never offered for new records.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from core.forms import FastSelect, LabelsIterator

from .selectors import unit_path_labels


class UnitLabelsMixin:
    """Choices drawn as (id, path label) in one query; a unit already chosen stays offered even if it ended."""

    iterator = LabelsIterator
    search_hint = _("Find a unit: type part of its name")

    def __init__(self, *args, **kwargs):
        self.keep = set()
        super().__init__(*args, **kwargs)
        # static/js/pickers.js adds a box that narrows the list, diacritics or not ("so noi vu").
        self.widget.attrs["data-searchable"] = self.search_hint

    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"

    def labels(self, queryset):
        return unit_path_labels(queryset, keep=self.keep)

    def keep_offered(self, *units) -> None:
        """Offer these units even when they no longer exist (the value an old record already has)."""
        self.keep |= {unit.pk for unit in units if unit is not None}


class UnitChoiceField(UnitLabelsMixin, forms.ModelChoiceField):
    widget = FastSelect


class UnitFilterChoiceField(UnitLabelsMixin, FilterModelChoiceField):
    widget = FastSelect


class UnitMultipleChoiceField(UnitLabelsMixin, forms.ModelMultipleChoiceField):
    """Tick boxes (no Ctrl+click that drops the first choice), narrowed by the same search box."""

    widget = forms.CheckboxSelectMultiple
