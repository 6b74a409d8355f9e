import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc_portal.forms import BootstrapFormMixin, DateInput
from cchc_portal.uploads import ACCEPT_ATTRIBUTE
from units.forms import UnitChoiceField
from units.models import Unit, User

from .models import FindingKind, InspectionPlan, PlanKind, PlanStatus, ReformArea, TeamRole, VisitStatus

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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


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
        self.fields["areas"].queryset = ReformArea.objects.filter(is_active=True) | (
            self.instance.areas.all() if self.instance.pk else ReformArea.objects.none()
        )
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


class PlanFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *PlanStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *PlanKind.choices])


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
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_indicators(self):
        return parse_indicator_lines(self.cleaned_data["indicators"])


class FindingEditForm(FindingForm):
    area = forms.ModelChoiceField(label=_("Reform area"), queryset=ReformArea.objects.all())
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["area", "kind", "text", "indicators", "files", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["files"]


class FindingSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=InspectionPlan.objects.none(), required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    area = forms.ModelChoiceField(label=_("Reform area"), queryset=ReformArea.objects.all(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *FindingKind.choices])

    def __init__(self, *args, plans=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["unit"].queryset = units


class VisitFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *VisitStatus.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("today", _("Today")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )

    def filter(self, visits):
        if not self.is_valid():
            return visits
        data = self.cleaned_data
        today = timezone.localdate()
        if data.get("status"):
            visits = visits.filter(status=data["status"])
        if data.get("year"):
            visits = visits.filter(scheduled_on__year=data["year"])
        if data.get("when") == "today":
            visits = visits.filter(scheduled_on=today)
        elif data.get("when") == "upcoming":
            visits = visits.filter(scheduled_on__gte=today)
        elif data.get("when") == "past":
            visits = visits.filter(scheduled_on__lt=today)
        return visits


def default_visit_date() -> datetime.date:
    return timezone.localdate()


class DirectiveForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    area = forms.ModelChoiceField(label=_("Reform area"), queryset=ReformArea.objects.all(), required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Units that must act"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    findings = forms.ModelMultipleChoiceField(
        label=_("Shortcomings it answers"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False)
    due_days = forms.IntegerField(
        label=_("…or days after the letter is issued"), required=False, min_value=1, max_value=3650
    )
    requires_evidence = forms.BooleanField(label=_("Evidence required when reporting done"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, visit=None, **kwargs):
        from .models import Finding

        super().__init__(*args, **kwargs)
        plan_units = Unit.objects.filter(pk__in=visit.plan.visits.values("unit")).order_by("name")
        self.fields["units"].queryset = plan_units
        self.fields["findings"].queryset = (
            Finding.objects.filter(visit__plan=visit.plan, kind="shortcoming")
            .select_related("visit__unit")
            .order_by("visit__scheduled_on", "area__position", "position")
        )
        self.fields["findings"].label_from_instance = lambda f: (
            f"{f.visit.unit.short_name or f.visit.unit.name}: {f.text[:120]}"
        )
        self.fields["units"].label_from_instance = lambda unit: unit.name


class ExtendForm(BootstrapFormMixin, forms.Form):
    due_on = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskReportForm(BootstrapFormMixin, forms.Form):
    """A progress note or a report of completion, with evidence."""

    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    effective_on = forms.DateField(
        label=_("Date the work was done"), widget=DateInput(), required=False, help_text=_("If not today.")
    )
    files = MultipleFileField(label=_("Evidence files"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DelegateForm(BootstrapFormMixin, forms.Form):
    delegate = forms.ModelChoiceField(label=_("Delegate to"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = users
        self.fields["delegate"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.get_role_display()})"


class TaskFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=InspectionPlan.objects.none(), required=False)
    department = UnitChoiceField(label=_("Department"), queryset=Unit.objects.none(), required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    area = forms.ModelChoiceField(label=_("Reform area"), queryset=ReformArea.objects.all(), required=False)

    def __init__(self, *args, plans=None, units=None, **kwargs):
        from .models import TaskStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *TaskStatus.choices]
        self.fields["plan"].queryset = plans
        self.fields["unit"].queryset = units
        self.fields["department"].queryset = units.filter(kind="department")

    def filter(self, tasks):
        if not self.is_valid():
            return tasks
        data = self.cleaned_data
        if data.get("status"):
            tasks = tasks.filter(status=data["status"])
        if data.get("overdue"):
            tasks = tasks.overdue()
        if data.get("year"):
            tasks = tasks.filter(directive__visit__scheduled_on__year=data["year"])
        if data.get("plan"):
            tasks = tasks.filter(directive__visit__plan=data["plan"])
        if data.get("department"):
            tasks = tasks.filter(unit__path__startswith=data["department"].path)
        if data.get("unit"):
            tasks = tasks.filter(unit=data["unit"])
        if data.get("area"):
            tasks = tasks.filter(directive__area=data["area"])
        return tasks
