"""The widgets drawn in one pass write what Django's templates write, escaped the same way."""

import re

import pytest
from django import forms
from django.forms.boundfield import BoundWidget

from core.forms import FAST_WIDGETS, BootstrapFormMixin, FastRadioSelect, FastSelect, LabelsIterator

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
        (forms.CheckboxInput(attrs={"data-x": HOSTILE}), True),
        (forms.CheckboxInput(), False),
        (forms.CheckboxInput(), "on"),
        (forms.CheckboxInput(), HOSTILE),
        (forms.CheckboxInput(), None),
    ],
)
def test_a_fast_widget_draws_what_djangos_template_draws(widget, value):
    attrs = {"id": "id_f", "aria-invalid": "true", "aria-describedby": "id_f_error"}
    by_template = widget.render("f", value, attrs=attrs)
    widget.__class__ = FAST_WIDGETS[type(widget)]
    assert widget.render("f", value, attrs=attrs) == by_template
    assert "<script>" not in by_template


@pytest.mark.parametrize("value", ["strength", "shortcoming", None, HOSTILE])
def test_fast_radio_inputs_are_what_djangos_templates_draw(value):
    choices = [("strength", "Ưu điểm"), ("shortcoming", HOSTILE), (3, "ba")]
    attrs = {"class": "form-check-input", "required": True}
    django_radios, fast_radios = (
        forms.RadioSelect(choices=choices, attrs=attrs),
        FastRadioSelect(choices=choices, attrs=attrs),
    )
    drawn = [(w.tag(), w.tag(wrap_label=True)) for w in _options(fast_radios, value)]
    assert len(drawn) == 3 and drawn == [(w.tag(), w.tag(wrap_label=True)) for w in _options(django_radios, value)]
    assert all("<script>" not in tag for pair in drawn for tag in pair)
    assert fast_radios.render("kind", value, {"id": "k"}) == django_radios.render("kind", value, {"id": "k"})


@pytest.mark.parametrize("value", [[], ["2"], [2, 3], None, [HOSTILE]])
def test_fast_checkbox_options_are_what_djangos_templates_draw(value):
    choices = [(2, "Sở Tư pháp"), (3, HOSTILE), ("x", "ba")]
    attrs = {"class": "form-check-input"}
    django_boxes = forms.CheckboxSelectMultiple(choices=choices, attrs=attrs)
    fast_boxes = FAST_WIDGETS[forms.CheckboxSelectMultiple](choices=choices, attrs=attrs)
    drawn = [(w.tag(), w.tag(wrap_label=True)) for w in _options(fast_boxes, value)]
    assert len(drawn) == 3 and drawn == [(w.tag(), w.tag(wrap_label=True)) for w in _options(django_boxes, value)]
    assert sum(" checked" in tag for tag, _ in drawn) == len({str(v) for v in value or []} & {"2", "3", "x"})
    assert fast_boxes.render("units", value, {"id": "u"}) == django_boxes.render("units", value, {"id": "u"})


def _options(widget, value):
    """What `{% for radio in form.kind %}` iterates over."""
    return [BoundWidget(widget, data, None) for data in widget.subwidgets("kind", value, {"id": "area3_kind"})]


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


class GroupLabels(forms.ModelChoiceField):
    """A picker drawn from kept <option>s, over a model every project has."""

    iterator = LabelsIterator
    widget = FastSelect

    def labels(self, queryset):
        return list(queryset.values_list(self.to_field_name or "pk", "name"))


@pytest.mark.django_db
@pytest.mark.parametrize("empty_label", ["---", None])
def test_kept_options_mark_exactly_the_chosen_value(empty_label):
    from django.contrib.auth.models import Group

    one, ten = Group.objects.create(pk=1, name="một"), Group.objects.create(pk=10, name=HOSTILE)
    by_pk = GroupLabels(Group.objects.order_by("pk"), empty_label=empty_label)
    for chosen in (one.pk, ten.pk, None):
        html = by_pk.widget.render("g", chosen)
        marked = [value for value in ("", "1", "10") if f'<option value="{value}" selected>' in html]
        assert marked == ([str(chosen)] if chosen else ([""] if empty_label else []))
        assert html.count("<option") == 2 + (empty_label is not None) and "<script>" not in html
    by_name = GroupLabels(Group.objects.order_by("pk"), to_field_name="name", empty_label=None)
    html = by_name.widget.render("g", HOSTILE)
    assert (
        html.count(" selected") == 1
        and 'value="x&quot; onfocus=&quot;alert(1)&quot; &lt;script&gt;&amp;" selected' in html
    )


@pytest.mark.parametrize("value", [None, True, False, "true", "false", "2", "3", "unknown", HOSTILE])
def test_a_yes_no_filter_draws_what_djangos_templates_draw(value):
    from core.filters import BooleanSelect

    fast = BooleanSelect(either="Tất cả", yes="Có", no=HOSTILE, attrs={"class": "form-select"})
    by_template = forms.NullBooleanSelect.render(fast, "overdue", value, attrs={"id": "id_overdue"})
    by_template = re.sub(r">\s+<", "><", by_template)  # the template's line breaks between options
    assert fast.render("overdue", value, attrs={"id": "id_overdue"}) == by_template
    assert by_template.count(" selected") == 1 and "<script>" not in by_template


# --- a field's radio buttons and checkboxes, drawn in one pass (core.forms.option_inputs) -------------


def _by_django(field, inline: bool) -> str:
    """What includes/form_fields.html drew before: Django's BoundWidget per option, printed by Jinja2."""
    from markupsafe import escape

    box = "form-check form-check-inline" if inline else "form-check"
    return "".join(
        f'<div class="{box}">{choice.tag()}<label class="form-check-label" for="{escape(choice.id_for_label)}">'
        f"{escape(choice.choice_label)}</label></div>"
        for choice in field
    )


class _Choices(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=[("strength", "Ưu điểm"), ("shortcoming", HOSTILE)], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=[("", "trống"), ("1", "một"), ("2", HOSTILE), ("3", "ba")], widget=forms.CheckboxSelectMultiple
    )
    grouped = forms.MultipleChoiceField(
        choices=[("Nhóm", [("a", "A"), ("b", "B")]), ("c", "C")], widget=forms.CheckboxSelectMultiple, required=False
    )
    optional = forms.ChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect(attrs={"id": "own"}), required=False,
        help_text="gợi ý",
    )  # fmt: skip
    twice = forms.ChoiceField(choices=[("x", "X1"), ("x", "X2")], widget=forms.RadioSelect, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"kind": "shortcoming", "many": ["1", "3"], "grouped": ["b"], "optional": "y", "twice": "x"},
        {"kind": HOSTILE, "many": ["9", "2"], "grouped": ["zz"]},  # errors: not among the choices
        {"many": [""]},
    ],
)
def test_option_inputs_draw_what_django_draws_option_by_option(data):
    from core.forms import option_inputs

    form = _Choices(data=data) if data is not None else _Choices(initial={"many": ["2"]})
    form.is_valid()
    for name in ("kind", "many", "grouped", "optional", "twice"):  # twice: only the first "x" is checked
        inline = name in ("kind", "optional", "twice")
        assert str(option_inputs(form[name], inline)) == _by_django(form[name], inline), name
    assert "<script>" not in str(option_inputs(form["many"]))
