"""Forms of the remediation pages: drafting directives, reporting on tasks, verifying, delegating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, DateInput, MultipleFileField, VersionField
from inspections.models import Finding, FindingKind, ReformArea
from units.models import Unit, User


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
    version = VersionField()

    def __init__(self, *args, visit=None, **kwargs):
        super().__init__(*args, **kwargs)
        plan_units = Unit.objects.filter(pk__in=visit.plan.visits.values("unit")).order_by("name")
        self.fields["units"].queryset = plan_units
        self.fields["findings"].queryset = (
            Finding.objects.filter(visit__plan=visit.plan, kind=FindingKind.SHORTCOMING)
            .select_related("visit__unit")
            .order_by("visit__scheduled_on", "area__position", "position")
        )
        self.fields["findings"].label_from_instance = lambda f: (
            f"{f.visit.unit.short_name or f.visit.unit.name}: {f.text[:120]}"
        )
        self.fields["units"].label_from_instance = lambda unit: unit.name

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "area": data["area"],
            "units": list(data["units"]),
            "findings": list(data["findings"]),
            "due_on": data["due_on"],
            "due_days": data["due_days"],
            "requires_evidence": data["requires_evidence"],
        }


class ExtendForm(BootstrapFormMixin, forms.Form):
    due_on = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


class TaskReportForm(BootstrapFormMixin, forms.Form):
    """A progress note or a report of completion, with evidence."""

    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    effective_on = forms.DateField(
        label=_("Date the work was done"), widget=DateInput(), required=False, help_text=_("If not today.")
    )
    files = MultipleFileField(label=_("Evidence files"))
    version = VersionField()


class TaskReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = VersionField()


class TaskAcceptForm(BootstrapFormMixin, forms.Form):
    version = VersionField()


class CommentForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DelegateForm(BootstrapFormMixin, forms.Form):
    delegate = forms.ModelChoiceField(label=_("Delegate to"), queryset=User.objects.none(), required=False)
    version = VersionField()

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = users
        self.fields["delegate"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.get_role_display()})"
