from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, DateInput, VersionField
from inspections.filters import PlanChoiceField
from inspections.models import InspectionPlan
from inspections.selectors import plans_visible_to
from units.fields import UnitChoiceField
from units.models import Unit
from units.selectors import units_visible_to

from .figures import Selection
from .models import EDITABLE_FIELDS, PROVINCE_REPORTS, Authority, Document, DocumentKind


class DocumentCreateForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=[c for c in DocumentKind.choices if c[0] not in PROVINCE_REPORTS]
    )
    visit = forms.ModelChoiceField(label=_("Visit (for minutes and conclusion notices)"), queryset=None, required=False)

    def __init__(self, *args, visits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = visits
        self.fields["visit"].label_from_instance = lambda v: f"{v.scheduled_on:%d/%m/%Y} · {v.unit.name}"


class DocumentForm(BootstrapFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Document
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "subject": forms.TextInput(),
            "recipients": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
            "copies_to": forms.Textarea(attrs={"rows": 4}),
            "authority": forms.Select(choices=Authority.choices),
        }


class IssueForm(BootstrapFormMixin, forms.Form):
    issued_on = forms.DateField(label=_("Date of issue"), widget=DateInput(), required=False,
                                help_text=_("Today if empty."))  # fmt: skip
    confirmed = forms.BooleanField(label=_("I have read the warnings above and issue it all the same"), required=False)


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, strip=True
    )
    replace = forms.BooleanField(label=_("Draw up a corrected document to replace it"), required=False)


class FiguresForm(BootstrapFormMixin, forms.Form):
    """What the dashboard and `GET /api/v1/stats/` count: a year, a plan, a unit, a period (all in the URL).

    With neither a plan nor a period, the current year is counted.
    """

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    plan = PlanChoiceField(label=_("Plan"), queryset=InspectionPlan.objects.none(), required=False,
                           empty_label=_("All plans"))  # fmt: skip
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units"))
    date_from = forms.DateField(label=_("Visits from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["plan"].queryset = plans_visible_to(user).order_by("-year", "title")
        self.fields["unit"].queryset = units_visible_to(user).order_by("path")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def selection(self) -> Selection:
        """The selection asked for (call after `is_valid()`); the current year when nothing says otherwise."""
        data = self.cleaned_data
        year = data.get("year")
        if year is None and not (data.get("plan") or data.get("date_from") or data.get("date_to")):
            year = timezone.localdate().year
        return Selection(year=year, plan=data.get("plan"), unit=data.get("unit"),
                         date_from=data.get("date_from"), date_to=data.get("date_to"))  # fmt: skip


class SeriesForm(BootstrapFormMixin, forms.Form):
    """A numbering series: its issuer (when created), its name, its kinds ticked from the document kinds."""

    issuer = UnitChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Name of the series"), max_length=50, help_text=_("e.g. QĐ, for the decisions"))
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of document numbered in it"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The kinds not ticked in any series share the issuer's one series."),
    )
    version = VersionField()

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["issuer"]
        else:
            self.fields["issuer"].queryset = units
