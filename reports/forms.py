from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, DateInput, VersionField

from .models import EDITABLE_FIELDS, Authority, Document, DocumentKind


class DocumentCreateForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
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
    issued_on = forms.DateField(
        label=_("Date of issue"), widget=DateInput(), required=False, help_text=_("Today if empty.")
    )
