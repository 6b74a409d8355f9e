import datetime
import logging

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, DateInput
from core.mail import queue_email, sent_recently

from .fields import UnitChoiceField, UnitMultipleChoiceField
from .models import Role, Unit, UnitKind

log = logging.getLogger(__name__)
RESET_PURPOSE = "password_reset"


class UnitCreateForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Official name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    code = forms.CharField(
        label=_("Code"), max_length=30, help_text=_("Abbreviation used in document numbers, e.g. SKHCN or TTr.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = UnitChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)
    place_name = forms.CharField(
        label=_("Place name"),
        max_length=100,
        required=False,
        help_text=_("Printed before the date on letters; the parent's if empty."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units


class ReorganisationForm(BootstrapFormMixin, forms.Form):
    effective_on = forms.DateField(
        label=_("Effective date"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("Today or earlier: recorded now. A later date: scheduled, and applied on that day."),
    )
    decision = forms.CharField(
        label=_("Decision"), max_length=255, required=False, help_text=_("Number and date of the decision, if any.")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UnitRenameForm(ReorganisationForm):
    name = forms.CharField(label=_("New official name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    code = forms.CharField(label=_("Code"), max_length=30)
    place_name = forms.CharField(label=_("Place name"), max_length=100, required=False)


class UnitMoveForm(ReorganisationForm):
    new_parent = UnitChoiceField(label=_("New parent unit"), queryset=Unit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = units


class UnitMergeForm(ReorganisationForm):
    units = UnitMultipleChoiceField(label=_("Units to merge"), queryset=Unit.objects.none())
    into = UnitChoiceField(label=_("Merge into an existing unit"), queryset=Unit.objects.none(), required=False)
    new_name = forms.CharField(label=_("…or into a new unit named"), max_length=255, required=False)
    new_short_name = forms.CharField(label=_("Short name of the new unit"), max_length=100, required=False)
    new_code = forms.CharField(label=_("Code of the new unit"), max_length=30, required=False)
    new_kind = forms.ChoiceField(label=_("Kind of the new unit"), choices=UnitKind.choices, required=False)
    new_parent = UnitChoiceField(label=_("Parent of the new unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("units", "into", "new_parent"):
            self.fields[name].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("into")) == bool(data.get("new_name")):
            raise forms.ValidationError(_("Choose an existing unit to merge into, or name a new one, not both."))
        if data.get("new_name") and not (data.get("new_code") and data.get("new_kind") and data.get("new_parent")):
            raise forms.ValidationError(_("A new unit needs a code, a kind and a parent unit."))
        return data

    def new_unit(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("new_name"):
            return None
        return {
            "name": data["new_name"],
            "short_name": data["new_short_name"],
            "code": data["new_code"],
            "kind": data["new_kind"],
            "parent": data["new_parent"],
        }


class UnitSplitForm(ReorganisationForm):
    parts = forms.CharField(
        label=_("Resulting units"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One unit per line: code; official name; short name (optional)."),
    )
    keep_original = forms.BooleanField(label=_("The original unit continues to exist"), required=False)

    def clean_parts(self):
        parts = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            fields = [part.strip() for part in line.split(";")]
            if len(fields) < 2 or not fields[0] or not fields[1]:
                raise forms.ValidationError(_("Line %(number)s: write code; official name.") % {"number": number})
            if len(fields[0]) > 30 or len(fields[1]) > 255 or (len(fields) > 2 and len(fields[2]) > 100):
                raise forms.ValidationError(_("Line %(number)s is too long.") % {"number": number})
            parts.append({"code": fields[0], "name": fields[1], "short_name": fields[2] if len(fields) > 2 else ""})
        return parts


class UnitHeadForm(BootstrapFormMixin, forms.Form):
    head = forms.ModelChoiceField(label=_("Head"), queryset=None, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = members
        self.fields["head"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.username})"


class UnitImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: unit code, unit name, short name, kind of unit, parent code, place name, valid from. "
            "Name a parent by its code, or by the path of codes from the province down (UBNDCT/STP) "
            "when the same code is used elsewhere."
        ),
    )
    province = UnitChoiceField(
        label=_("Parents in province"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Any province"),
        help_text=_("Parent codes are looked up only in this province (and in the file)."),
    )

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces if provinces is not None else Unit.objects.none()


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    """Django's reset form, but the e-mail leaves through a Celery task after commit.

    At most `PASSWORD_RESET_LIMIT` e-mails an hour to one address: more are dropped
    silently, as for an unknown address, so the page never tells whether an account exists.
    """

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        hour = datetime.timedelta(hours=1)
        if sent_recently(purpose=RESET_PURPOSE, to=to_email, within=hour) >= settings.PASSWORD_RESET_LIMIT:
            log.warning("password reset for %s not sent: %s already this hour", to_email, settings.PASSWORD_RESET_LIMIT)
            return
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue_email(subject=subject, body=body, to=[to_email], purpose=RESET_PURPOSE)


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    pass


class AccountForm(BootstrapFormMixin, forms.Form):
    """An account of the portal: who, which unit, which role. The user name and password only when created."""

    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    title = forms.CharField(label=_("Job title"), max_length=150, required=False, help_text=_("e.g. Phó Giám đốc"))
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=None, may_make_admins=False, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not may_make_admins:
            self.fields["role"].choices = [(value, label) for value, label in Role.choices if value != Role.ADMIN]
        if editing is not None:
            for name in ("username", "password", "password2"):
                del self.fields[name]
            if editing.unit_id:
                self.fields["unit"].keep_offered(editing.unit)
                self.fields["unit"].queryset = units | Unit.objects.filter(pk=editing.unit_id)

    def clean(self):
        data = super().clean()
        if "password" in self.fields and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("full_name", "title", "email", "role", "unit")}


class AccountPasswordForm(BootstrapFormMixin, forms.Form):
    id_prefix = "new"  # beside the account form on a person's page
    password = forms.CharField(label=_("New password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("New password again"), strip=False, widget=forms.PasswordInput)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
