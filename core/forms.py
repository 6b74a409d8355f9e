"""Form helpers shared by every app's HTML views."""

from html import escape

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from markupsafe import escape as html_escape  # as Jinja2 prints a value (' as &#39;)

from .caching import cached_for_queryset
from .errors import STALE_MESSAGE, StaleVersion
from .uploads import ACCEPT_ATTRIBUTE


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _attributes(attrs: dict) -> str:
    """What Django's attrs.html writes: True as a bare attribute, False (and None) left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class FastInputMixin:
    """An <input> drawn in one pass: Django's template per widget cost more than the rest of a filter form."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(str(value))}"'
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<input type="{self.input_type}" name="{escape(name)}"{shown}{_attributes(final)}>')


class FastTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<textarea name="{escape(name)}"{_attributes(final)}>\n{escape(value or "")}</textarea>')


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastNumberInput(FastInputMixin, forms.NumberInput):
    pass


class FastEmailInput(FastInputMixin, forms.EmailInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class FastOptionInputsMixin:
    """Radio buttons or checkboxes whose inputs (`{{ choice.tag }}` in a template) are drawn without
    Django's three templates each: the visit page draws a finding form per reform area, a kind's
    radios in each; a directive's form a checkbox per unit it may go to."""

    def _render(self, template_name, context, renderer=None):
        option = context.get("widget", {})
        if template_name == self.option_template_name and not option.get("wrap_label"):
            value = option["value"]
            shown = "" if value is None else f' value="{escape(str(value))}"'
            name, attrs = escape(option["name"]), _attributes(option["attrs"])
            return mark_safe(f'<input type="{escape(option["type"])}" name="{name}"{shown}{attrs}>')
        return super()._render(template_name, context, renderer)


def option_inputs(field, inline: bool = False) -> str:
    """A bound field's radio buttons or checkboxes, each input with its label in a div.form-check
    (`includes/form_fields.html`), drawn in one pass: Django made a dict, a BoundWidget and an id
    for each option (~140 calls), and a unit merge offers 320 units, a directive form a box per
    shortcoming. The same attributes as Django's `create_option`; grouped choices as Django lists them."""
    widget = field.field.widget
    box = '<div class="form-check form-check-inline">' if inline else '<div class="form-check">'
    # Read once (a model field's options come from the cache, LabelsIterator), through iter():
    # list() would ask the iterator's len() first, a COUNT query.
    choices = list(iter(widget.choices))
    if any(isinstance(label, list | tuple) for _value, label in choices):
        options = [(choice.data, choice.tag()) for choice in field]  # option groups: Django's way
    else:
        options = _flat_options(field, widget, choices)
    parts = [
        f'{box}{tag}<label class="form-check-label" for="{html_escape(option["attrs"].get("id"))}">'
        f"{html_escape(option['label'])}</label></div>"
        for option, tag in options
    ]
    return mark_safe("".join(parts))


def _flat_options(field, widget, choices: list) -> list[tuple[dict, str]]:
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})  # as BoundField.subwidgets
    base = widget.build_attrs(widget.attrs, attrs) if widget.option_inherits_attrs else {}
    chosen = {str(value) for value in widget.format_value(field.value())}
    name, kind, found = escape(field.html_name), escape(widget.input_type), False
    options = []
    for index, (value, label) in enumerate(choices):
        key = "" if value is None else str(value)
        selected = (not found or widget.allow_multiple_selected) and key in chosen  # one radio at most
        found |= selected
        option_attrs = {**base, **(widget.checked_attribute if selected else {})}
        if "id" in option_attrs:
            option_attrs["id"] = widget.id_for_label(option_attrs["id"], str(index))
        tag = f'<input type="{kind}" name="{name}" value="{escape(key)}"{_attributes(option_attrs)}>'
        options.append(({"attrs": option_attrs, "label": label}, tag))
    return options


class FastRadioSelect(FastOptionInputsMixin, forms.RadioSelect):
    pass


class FastCheckboxSelectMultiple(FastOptionInputsMixin, forms.CheckboxSelectMultiple):
    pass


class FastCheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]  # `checked` as Django decides it
        shown = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
        return mark_safe(f'<input type="checkbox" name="{escape(name)}"{shown}{_attributes(widget["attrs"])}>')


class DateInput(FastInputMixin, forms.DateInput):
    """A date typed and shown as dd/mm/yyyy whatever the browser's language.

    A native date picker shows the browser's own order (mm/dd/yyyy in an English Chromium),
    which is how 05/09 became 9 May; so the box is text. ISO dates (yyyy-mm-dd) are still
    understood (`cchc_portal/formats/vi/formats.py`), for pastes and old bookmarks.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": 10,
                 **(attrs or {})}  # fmt: skip
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes, so templates can render fields plainly.

    `id_prefix` starts the fields' ids: a page showing two forms with a field of the same
    name (the task page's report and comment both have a `note`) gives each its own, or the
    second form's label would name the first form's field.
    """

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            # The same widget, drawn without a template (a select: without one per option).
            widget.__class__ = FAST_WIDGETS.get(type(widget), type(widget))
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def submit_form(request, form, action, *, success, next_url):
    """The POST half of a form page: on a valid form run `action(cleaned_data)`, then redirect.

    Returns the redirect, or None to render the form again (GET, invalid input, a
    service's ValidationError, which lands on the form's fields, or a stale
    version, which says so above them). `success` (the message) and `next_url` are
    each a string or a function of the action's result.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    except StaleVersion:
        form.add_error(None, STALE_MESSAGE)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(next_url(result) if callable(next_url) else next_url)


def parse_id(value) -> int | None:
    """An integer id from user input (query string, form, JSON), or None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value < 2**63 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def safe_next(request, fallback: str) -> str:
    """The POSTed `next` URL if it stays on this site, else `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


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


class VersionField(forms.CharField):
    """The version the user read, handed to the service as sent: a missing or garbled one is a conflict there."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class FastSelect(forms.Select):
    """A select drawn in one pass, without a template per option.

    Django draws each option through its own template; a unit or plan picker of a
    province has hundreds, which cost more than the rest of the page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        return select_html(self, name, {str(v) for v in self.format_value(value)}, attrs)


def select_html(widget, name: str, chosen: set[str], attrs) -> str:
    """`widget`'s <select> with the options whose value is in `chosen` selected."""
    head = format_html('<select name="{}"{}>', name, flatatt(widget.build_attrs(widget.attrs, attrs)))
    if isinstance(widget.choices, LabelsIterator):
        return mark_safe(head + widget.choices.options_html(chosen) + "</select>")
    return mark_safe(head + _options(widget.choices, chosen) + "</select>")


def _options(choices, chosen: set[str]) -> str:
    # The standard library's escape per option: Django's lazy-aware one and format_html were
    # most of a province page's time (hundreds of units and plans).
    parts = []
    for option_value, label in choices:
        key = "" if option_value is None else str(option_value)
        selected = " selected" if key in chosen else ""
        parts.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
    return "".join(parts)


FAST_WIDGETS = {
    forms.Select: FastSelect,
    forms.TextInput: FastTextInput,
    forms.NumberInput: FastNumberInput,
    forms.EmailInput: FastEmailInput,
    forms.HiddenInput: FastHiddenInput,
    forms.Textarea: FastTextarea,
    forms.RadioSelect: FastRadioSelect,
    forms.CheckboxSelectMultiple: FastCheckboxSelectMultiple,
    forms.CheckboxInput: FastCheckboxInput,
}


class LabelsIterator(ModelChoiceIterator):
    """Choices as (id, label) read with `values_list`: no model object per option.

    Kept until the tables they are read from change, with their <option>s drawn once:
    the same pickers are on every list page, and escaping hundreds of labels per page
    cost more than reading them.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._kept()[0]

    def options_html(self, chosen: set[str]) -> str:
        """The <option>s, those whose value is in `chosen` selected."""
        empty = self.field.empty_label
        html = _options([("", empty)], chosen) if empty is not None else ""
        options = self._kept()[1]
        for key in chosen:
            if key:
                plain = f'<option value="{escape(key)}">'
                options = options.replace(plain, plain[:-1] + " selected>", 1)
        return html + options

    def _kept(self) -> tuple[list, str]:
        field, queryset = self.field, self.queryset
        # The query says whose choices they are (the scope is in it); `keep` adds ended units.
        kind = f"{type(field).__module__}.{type(field).__qualname__}"
        parts = (kind, getattr(field, "label_columns", None), sorted(getattr(field, "keep", ())))
        parts += (get_language(),)

        def compute():
            labels = list(field.labels(queryset))
            return labels, _options(labels, set())

        return cached_for_queryset("options", queryset, parts, compute)

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class LabelsMixin:
    """A model choice field whose options are (value, label) columns read with `values_list`
    (`label_columns`) and kept by `LabelsIterator`: no model object, and no query while kept."""

    iterator = LabelsIterator
    label_columns = ("pk", "name")

    def labels(self, queryset):
        return list(queryset.values_list(*self.label_columns))


class LabelsChoiceField(LabelsMixin, forms.ModelChoiceField):
    widget = FastSelect


class LabelsMultipleChoiceField(LabelsMixin, forms.ModelMultipleChoiceField):
    """Tick boxes of kept (value, label) options."""

    widget = forms.CheckboxSelectMultiple
