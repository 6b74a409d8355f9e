"""The fast `date` and `truncatechars` filters print exactly what Django's own print."""

import datetime

import pytest
from django.template import defaultfilters
from django.utils import translation

from core.templatetags.fast_filters import date, truncatechars

TEXTS = [
    "Công khai TTHC chưa đầy đủ tại Bộ phận Một cửa; " * 5,  # Vietnamese, composed (NFC)
    "plain ASCII text " * 12,
    "q\u0301 has a combining mark that no composed letter replaces " * 3,  # NFC, still combining
    "Cải cách".encode().decode() + "\u0301" * 3 + " x" * 40,
    "Thủ tục hành chính".replace("ủ", "u\u0309") * 10,  # decomposed (NFD): Django normalises first
    "emoji 🙂 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP " * 4,
    "short",
    "",
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("text", TEXTS)
def test_truncatechars_cuts_as_django_cuts(text, language):
    with translation.override(language):
        for limit in (0, 1, 2, 3, 10, 90, 160, len(text) - 1, len(text), len(text) + 1, 500):
            assert truncatechars(text, limit) == defaultfilters.truncatechars(text, limit), (limit, text[:20])


def test_truncatechars_takes_what_django_takes():
    from django.utils.safestring import SafeData, mark_safe

    for value, arg in ((12345678901, 5), (None, 3), ("text" * 50, "20"), ("text", "x")):
        assert truncatechars(value, arg) == defaultfilters.truncatechars(value, arg)
    cut = truncatechars(mark_safe("<b>an</b> " * 30), 20)  # a safe text stays safe, as Django keeps it
    assert isinstance(cut, SafeData) and cut == defaultfilters.truncatechars(mark_safe("<b>an</b> " * 30), 20)


def test_dates_print_as_django_prints_them():
    when = datetime.datetime(2026, 1, 5, 7, 3, 9)
    for value in (datetime.date(2026, 1, 5), when):
        for fmt in ("d/m/Y", "d/m/Y H:i", "d/m/Y H:i:s", "Y-m-d", None):
            if type(value) is datetime.date and fmt and "H" in fmt:
                continue  # Django refuses time formats on a date
            assert date(value, fmt) == defaultfilters.date(value, fmt)
