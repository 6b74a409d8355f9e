"""Django's `date` and `truncatechars` filters with a fast path for what the portal's rows print.

Loaded as a template builtin after Django's own (settings.TEMPLATES), so every template gets
them under the same names. A list prints a date and a shortened text on each of its rows, and
Django's filters parse the format or walk the text character by character each time (15-30 µs
a call, a millisecond or two of a province's list page). The output is the same: any other
format, value or text goes to Django's filter.
"""

import datetime
import functools
import re
import sys
import unicodedata

from django import template
from django.template import defaultfilters
from django.utils.text import add_truncation_text

register = template.Library()


def _day(value: datetime.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


# The formats the templates print (dd/mm/yyyy, as the decree writes dates), and who may take them.
_DATE_FORMATS = {"d/m/Y": _day}
_DATETIME_FORMATS = {
    "d/m/Y": _day,
    "d/m/Y H:i": lambda value: f"{_day(value)} {value.hour:02d}:{value.minute:02d}",
    "d/m/Y H:i:s": lambda value: f"{_day(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}",
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """`{{ when|date:"d/m/Y" }}`, as Django's `date` filter prints it."""
    if type(value) is datetime.date and arg in _DATE_FORMATS:
        return _DATE_FORMATS[arg](value)
    if type(value) is datetime.datetime and arg in _DATETIME_FORMATS:
        return _DATETIME_FORMATS[arg](value)
    return defaultfilters.date(value, arg)


@functools.cache
def _combining_marks() -> re.Pattern:
    """The characters Django's Truncator does not count (combining marks), as one pattern: built
    once a process (~60 ms), at the first text long enough to be cut."""
    marks = [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))]
    return re.compile("[" + "".join(re.escape(mark) for mark in marks) + "]")


@register.filter(is_safe=True)
def truncatechars(value, arg):
    """`{{ text|truncatechars:160 }}`: a composed text no longer than the limit is printed as it is;
    a longer one without combining marks is cut by slicing (Django counts it character by character)."""
    # Plain text only: Django keeps a safe text safe when it cuts it.
    if type(value) is str and type(arg) is int and arg > 0 and unicodedata.is_normalized("NFC", value):
        if len(value) <= arg:
            return value
        tail = add_truncation_text("")  # "…", or the language's own
        if not _combining_marks().search(value) and not _combining_marks().search(tail):
            return add_truncation_text(value[: max(arg - len(tail), 0)])  # every character counts one
    return defaultfilters.truncatechars(value, arg)
