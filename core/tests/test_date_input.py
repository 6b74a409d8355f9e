"""Dates typed and shown as dd/mm/yyyy whatever the browser's language (issue 12, item 5)."""

import datetime

from django import forms

from core.forms import DateInput


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())


def test_a_date_box_shows_dd_mm_yyyy_as_text_not_the_browsers_picker():
    html = str(_Form(initial={"day": datetime.date(2026, 9, 5)})["day"])
    assert 'type="text"' in html and 'value="05/09/2026"' in html and 'placeholder="dd/mm/yyyy"' in html


def _read(value):
    form = _Form({"day": value})
    return form.cleaned_data["day"] if form.is_valid() else form.errors["day"]


def test_day_first_and_iso_are_both_read_and_nonsense_is_a_vietnamese_field_error():
    assert _read("05/09/2026") == _read("2026-09-05") == datetime.date(2026, 9, 5)
    assert _read("31/02/2026") == ["Nhập một ngày hợp lệ."]
