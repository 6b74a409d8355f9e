import re
import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, DateInput, MultipleFileField, VersionField
from units.fields import UnitChoiceField
from units.models import Unit, User

from .models import FindingKind, InspectionPlan, ReformArea, TeamRole

INDICATOR_LINE = re.compile(r"^(?P<name>.+?)\s*[=:]\s*(?P<value>-?[\d.,]+)\s*(?P<unit>.*)$")


def parse_indicator_lines(text: str) -> list[dict]:
    """`dịch vụ công trực tuyến mức độ 4 = 20` → {name, value, unit}; a bad line raises ValidationError."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = INDICATOR_LINE.match(line.strip())
        if not match:
            raise forms.ValidationError(
                _("Line %(n)s: write “name = value unit”, e.g. “tỷ lệ văn bản điện tử = 98 %%”.") % {"n": number}
            )
        value = match["value"]
        # 1.234,5 and 1,5 are Vietnamese decimals; 1.5 is accepted too.
        if "," in value:
            value = value.replace(".", "").replace(",", ".")
        elif value.count(".") > 1:
            value = value.replace(".", "")
        rows.append({"name": match["name"].strip(), "value": value, "unit": match["unit"].strip()})
    return rows


def indicator_lines(finding) -> str:
    return "\n".join(str(indicator) for indicator in finding.indicators.all())


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    issuer = UnitChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    areas = forms.ModelMultipleChoiceField(
        label=_("Reform areas covered"),
        queryset=ReformArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = InspectionPlan
        fields = ["title", "year", "kind", "issuer", "purpose", "scope", "areas", "number", "issued_on", "status"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "issued_on": DateInput(),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = units
        if self.instance.pk:
            # A plan issued by a unit since merged away keeps its issuer, still offered and accepted.
            self.fields["issuer"].queryset = units | Unit.objects.filter(pk=self.instance.issuer_id)
            self.fields["issuer"].keep_offered(self.instance.issuer)
        # By id: `active | instance.areas.all()` ORs across the plans' join, one row per plan covering an area.
        covered = self.instance.areas.values("pk") if self.instance.pk else []
        self.fields["areas"].queryset = ReformArea.objects.filter(Q(is_active=True) | Q(pk__in=covered))
        if self.instance.numbered_by_portal:
            # Issued through the portal: the number, date and status are the document's.
            for name in ("number", "issued_on", "status"):
                self.fields[name].disabled = True
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["areas"].initial = list(ReformArea.objects.active())

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["areas"] = list(data["areas"])
        return data


class PlanCopyForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year of the copy"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title of the copy"), max_length=500, required=False)


class VisitForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Unit to visit"), queryset=Unit.objects.none())
    scheduled_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)

    def __init__(self, *args, plan=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["team"].queryset = plan.teams.all()
        self.fields["team"].initial = plan.teams.order_by("pk").first()


class RescheduleForm(BootstrapFormMixin, forms.Form):
    scheduled_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=255, required=False)


class TeamMemberForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Portal user"), queryset=User.objects.none(), required=False)
    full_name = forms.CharField(label=_("…or full name of an outside member"), max_length=150, required=False)
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    agency = forms.CharField(label=_("Agency represented"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.username})"


class ConcludeForm(BootstrapFormMixin, forms.Form):
    confirmed = forms.BooleanField(label=_("Conclude all the same"), required=False)


class AttendeesForm(BootstrapFormMixin, forms.Form):
    attendees = forms.CharField(
        label=_("Received by (on the unit's side)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person per line: name, title, e.g. “ông Lâm Văn Tân, Giám đốc Sở KH&CN”."),
    )
    unit_summary = forms.CharField(
        label=_("The unit's summary of its results"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_attendees(self):
        rows = []
        for line in self.cleaned_data["attendees"].splitlines():
            if line.strip():
                name, _sep, title = line.partition(",")
                rows.append((name.strip()[:150], title.strip()[:255]))
        return rows


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    indicators = forms.CharField(
        label=_("Measured indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "dịch vụ công trực tuyến mức độ 4 = 20"}),
        help_text=_("Optional, one per line: name = value unit."),
    )
    files = MultipleFileField(label=_("Evidence files or photos"))
    version = VersionField()
    # One per new entry, kept with the browser's draft: the same entry sent twice is stored once.
    entry_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean_indicators(self):
        return parse_indicator_lines(self.cleaned_data["indicators"])

    def entry_token_to_draw(self) -> str:
        """The token a drawn add form carries: the one sent back (a form with errors is the same
        entry), else a new one each time it is drawn, since each area's form is a new entry."""
        return self["entry_token"].value() or uuid.uuid4().hex


class FindingEditForm(FindingForm):
    area = forms.ModelChoiceField(label=_("Reform area"), queryset=ReformArea.objects.all())

    field_order = ["area", "kind", "text", "indicators", "files", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["files"]


class ReformAreaForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=40, help_text=_("Capital letters, digits and _; the API and exports use it.")
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=10_000, required=False)
    is_active = forms.BooleanField(label=_("In use (offered for new plans and findings)"), required=False, initial=True)
    version = VersionField()

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
            self.fields["position"].required = True
        else:
            del self.fields["is_active"]
