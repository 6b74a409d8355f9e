"""The Jinja2 environment of what repeats on a page (`templates/jinja2/`).

The rows of long lists, and the visit page's findings and forms, are drawn by Jinja2, which
compiles a template to Python: a task row cost Django's template engine ~700 function calls,
most of them resolving variables node by node. The pages and everything else stay Django
templates; `{% jinja %}` (core.templatetags.jinja) draws a Jinja2 template inside them. The
filters and globals here print what Django's do (dates as dd/mm/yyyy, shortened texts, links,
translations).
"""

from importlib import import_module

from django.conf import settings
from django.template.backends.django import get_installed_libraries
from django.urls import reverse
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from jinja2 import Environment, StrictUndefined

from .forms import option_inputs
from .prefetch import prefetched_list
from .templatetags.fast_filters import date, truncatechars
from .templatetags.fast_tags import reverse_ids

# Filters the apps' template libraries also give their row templates (`@jinja_filter`).
FILTERS: dict = {}


def jinja_filter(function):
    """Registers a Django template filter for the row templates too, under the same name."""
    FILTERS[function.__name__] = function
    return function


def local_date(value, arg=None) -> str:
    """`{{ when|date("d/m/Y H:i") }}`: an aware datetime in the current time zone first, as Django's
    engine does for its `date` filter (`expects_localtime`); Jinja2 would print it in UTC."""
    return date(template_localtime(value), arg)


def url(view_name: str, *args) -> str:
    """`url("x:detail", obj.pk)`: the path of a named route, as `{% url %}` gives it."""
    if all(type(arg) is int and arg >= 0 for arg in args):
        return reverse_ids(view_name, list(args))
    return reverse(view_name, args=args)  # anything but ids: Django's own checks


def environment(**options) -> Environment:
    if settings.JINJA_STRICT:  # set from DEBUG when the settings load (pytest turns DEBUG off later)
        options["undefined"] = StrictUndefined
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    # Old-style gettext: `_()` gives plain text, escaped when printed like any other value.
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    # `_` as the function itself: the extension's alias looks `gettext` up in the context at each
    # call (~20 calls more per message, a few a row).
    env.globals["_"] = gettext
    env.globals["url"] = url
    env.globals["option_inputs"] = option_inputs
    # `finding|related("indicators")`: a row's kept list (core.prefetch), else the relation's rows.
    env.filters.update(date=local_date, truncatechars=truncatechars, related=prefetched_list)
    for module in get_installed_libraries().values():  # their `@jinja_filter`s register on import
        import_module(module)
    env.filters.update(FILTERS)
    return env
