"""Forms of the remediation pages: drafting directives, reporting on tasks, verifying, delegating."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import (
    BootstrapFormMixin,
    DateInput,
    LabelsChoiceField,
    LabelsMultipleChoiceField,
    MultipleFileField,
    VersionField,
    parse_id,
)
from inspections.models import Finding, FindingKind, ReformArea
from units.models import Unit, User


class DirectiveForm(BootstrapFormMixin, forms.Form):
    SHOWN_LIMIT = 200
    BEFORE_FIND = ("text", "area", "units", "findings")

    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Options kept until the areas or units change (core.forms.LabelsMixin): no query per page.
    area = LabelsChoiceField(label=_("Reform area"), queryset=ReformArea.objects.all(), required=False)
    units = LabelsMultipleChoiceField(label=_("Units that must act"), queryset=Unit.objects.none(), required=False)
    findings = forms.ModelMultipleChoiceField(
        label=_("Shortcomings it answers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("This visit's shortcomings; find others of the plan below."),
    )
    find = forms.CharField(
        label=_("Find other shortcomings of the plan"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("words, with or without diacritics")}),
    )
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False)
    due_days = forms.IntegerField(
        label=_("…or days after the letter is issued"), required=False, min_value=1, max_value=3650
    )
    requires_evidence = forms.BooleanField(label=_("Evidence required when reporting done"), required=False)
    version = VersionField()

    def __init__(self, *args, visit=None, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        plan_units = Unit.objects.filter(pk__in=visit.plan.visits.values("unit")).order_by("name")
        self.fields["units"].queryset = plan_units
        shortcomings = Finding.objects.filter(visit__plan=visit.plan, kind=FindingKind.SHORTCOMING)
        # Any shortcoming of the plan is accepted; the boxes shown are only this visit's, those already
        # ticked and those found by a search, so a plan of thousands of shortcomings stays one screen.
        self.fields["findings"].queryset = shortcomings
        self.fields["findings"].widget.choices = self._shown_findings(shortcomings, visit, found)

    def _shown_findings(self, shortcomings, visit, found) -> list[tuple[int, str]]:
        """The boxes shown. A new directive's form, given no findings, ticks the visit's own."""
        wanted = Q(visit=visit)
        if extra := {pk for pk in map(parse_id, self._ticked_findings()) if pk} | {f.pk for f in found}:
            wanted |= Q(pk__in=extra)  # ticked or found elsewhere in the plan
        shown = (
            shortcomings.filter(wanted)
            .order_by("visit__scheduled_on", "area__position", "position", "pk")
            .values_list("pk", "visit_id", "visit__unit__short_name", "visit__unit__name", "text")[: self.SHOWN_LIMIT]
        )
        if not self.is_bound and "findings" not in self.initial:
            self.initial["findings"] = [pk for pk, visit_id, *_ in shown if visit_id == visit.pk]
        return [(pk, f"{short_name or name}: {text[:120]}") for pk, _visit_id, short_name, name, text in shown]

    def fields_before_find(self):
        return [self[name] for name in self.BEFORE_FIND]

    def fields_after_find(self):
        return [self[name] for name in ("due_on", "due_days", "requires_evidence")]

    @classmethod
    def searched(cls, data, *, visit, found):
        """The form as the user left it (nothing validated, nothing saved), with the shortcomings found."""
        initial = {name: data.get(name) for name in ("text", "area", "due_on", "due_days", "version", "find")}
        initial.update(units=data.getlist("units"), findings=data.getlist("findings"))
        initial["requires_evidence"] = bool(data.get("requires_evidence"))
        return cls(visit=visit, found=found, initial=initial)

    def _ticked_findings(self) -> list:
        if self.is_bound:
            return self.data.getlist(self.add_prefix("findings")) if hasattr(self.data, "getlist") else []
        initial = self.initial.get("findings") or []
        return [getattr(f, "pk", f) for f in initial]

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
    id_prefix = "return"
    reason = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = VersionField()


class TaskAcceptForm(BootstrapFormMixin, forms.Form):
    version = VersionField()


class CommentForm(BootstrapFormMixin, forms.Form):
    id_prefix = "comment"
    note = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DelegateForm(BootstrapFormMixin, forms.Form):
    id_prefix = "delegate"
    delegate = forms.ModelChoiceField(label=_("Delegate to"), queryset=User.objects.none(), required=False)
    version = VersionField()

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = users
        self.fields["delegate"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.get_role_display()})"
