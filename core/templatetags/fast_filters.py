"""Django's `date` and `truncatechars` filters with a fast path for what the portal's rows print.

Loaded as a template builtin after Django's own (settings.TEMPLATES), so every template gets
them under the same names. A list prints a date and a shortened text on each of its rows, and
Django's filters parse the format or walk the text character by character each time (15-30 µs
a call, a millisecond or two of a province's list page). The output is the same: any other
format, value or text goes to Django's filter.
"""

import datetime
import unicodedata

from django import template
from django.template import defaultfilters

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


@register.filter(is_safe=True)
def truncatechars(value, arg):
    """`{{ text|truncatechars:160 }}`: a composed text no longer than the limit is printed as it is."""
    if isinstance(value, str) and type(arg) is int and len(value) <= arg and unicodedata.is_normalized("NFC", value):
        return value
    return defaultfilters.truncatechars(value, arg)
