"""The Jinja2 environment of the portal's row templates (`templates/jinja2/`).

Long lists draw their rows with Jinja2, which compiles a template to Python: a task row
cost Django's template engine ~700 function calls, most of them resolving variables node
by node. The pages and everything else stay Django templates; `{% jinja %}`
(core.templatetags.jinja) draws a row template inside them. The filters and globals here
print what Django's do (dates as dd/mm/yyyy, shortened texts, links, translations).
"""

from importlib import import_module

from django.conf import settings
from django.template import defaultfilters
from django.template.backends.django import get_installed_libraries
from django.urls import get_script_prefix
from django.utils.translation import gettext, ngettext, pgettext
from jinja2 import Environment, StrictUndefined

from .templatetags.fast_filters import date, truncatechars
from .templatetags.fast_tags import reverse_ids

# Filters the apps' template libraries also give their row templates (`@jinja_filter`).
FILTERS: dict = {}


def jinja_filter(function):
    """Registers a Django template filter for the row templates too, under the same name."""
    FILTERS[function.__name__] = function
    return function


def url(view_name: str, *ids) -> str:
    """`url("x:detail", obj.pk)`: the path of a named route, as `{% url %}` gives it."""
    return reverse_ids(view_name, list(ids))


def environment(**options) -> Environment:
    if settings.JINJA_STRICT:  # set from DEBUG when the settings load (pytest turns DEBUG off later)
        options["undefined"] = StrictUndefined
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    # Old-style gettext: `_()` gives plain text, escaped when printed like any other value.
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals.update(url=url, pgettext=pgettext, script_prefix=get_script_prefix)
    env.filters.update(
        date=date,
        truncatechars=truncatechars,
        yesno=defaultfilters.yesno,
    )
    for module in get_installed_libraries().values():  # their `@jinja_filter`s register on import
        import_module(module)
    env.filters.update(FILTERS)
    return env
