"""The widgets drawn in one pass write what Django's templates write, escaped the same way."""

import pytest
from django import forms

from core.forms import FAST_WIDGETS, BootstrapFormMixin, FastSelect

HOSTILE = 'x" onfocus="alert(1)" <script>&'


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.TextInput(attrs={"placeholder": HOSTILE, "required": True, "maxlength": 10, "hidden": False}), HOSTILE),
        (forms.TextInput(attrs={"type": "search"}), None),
        (forms.TextInput(), ""),
        (forms.NumberInput(attrs={"min": 2000}), 2021),
        (forms.EmailInput(), "a@b.test"),
        (forms.HiddenInput(), 3),
        (forms.Textarea(attrs={"rows": 3}), "dòng 1\n" + HOSTILE),
        (forms.Textarea(), None),
    ],
)
def test_a_fast_widget_draws_what_djangos_template_draws(widget, value):
    attrs = {"id": "id_f", "aria-invalid": "true", "aria-describedby": "id_f_error"}
    by_template = widget.render("f", value, attrs=attrs)
    widget.__class__ = FAST_WIDGETS[type(widget)]
    assert widget.render("f", value, attrs=attrs) == by_template
    assert "<script>" not in by_template


class Example(BootstrapFormMixin, forms.Form):
    text = forms.CharField()
    year = forms.IntegerField()
    area = forms.ChoiceField(choices=[("a", "A")])
    note = forms.CharField(widget=forms.Textarea)


def test_a_bootstrap_form_draws_its_plain_widgets_in_one_pass_with_their_classes():
    form = Example()
    widgets = {name: field.widget for name, field in form.fields.items()}
    assert isinstance(widgets["area"], FastSelect)
    assert {type(widget).__name__ for widget in widgets.values()} == {
        "FastTextInput",
        "FastNumberInput",
        "FastSelect",
        "FastTextarea",
    }
    assert 'class="form-control"' in str(form["text"]) and 'class="form-select"' in str(form["area"])
