"""Labels of a finding's row, for the Django and the Jinja2 templates (core/jinja.py) alike.

Plural messages live here, in Python, where `makemessages` finds them: it reads only
`_("...")` in templates it does not know.
"""

from django import template
from django.utils.translation import ngettext

from core.jinja import jinja_filter

from ..visit_page import stamp_add_form

register = template.Library()


@register.filter
@jinja_filter
def shortcomings_label(count: int) -> str:
    """`{{ visit.shortcoming_count|shortcomings_label }}`: "3 shortcomings"."""
    return ngettext("%(counter)s shortcoming", "%(counter)s shortcomings", count) % {"counter": count}


@register.filter
@jinja_filter
def edited_label(count: int) -> str:
    """`{{ finding.edit_count|edited_label }}`: "Edited 2 times · change history"."""
    return ngettext("Edited %(counter)s time · change history", "Edited %(counter)s times · change history", count) % {
        "counter": count
    }


@jinja_filter
def stamped(blank: str, area):
    """`{{ blank_html|stamped(area) }}`: the visit page's blank add form, made this area's."""
    return stamp_add_form(blank, area)
