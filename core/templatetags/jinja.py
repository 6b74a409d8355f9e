"""`{% jinja "app/x.html" name=value ... %}`: a Jinja2 template (templates/jinja2/, core/jinja.py) drawn inside a Django page.

The Jinja2 template sees only what the tag passes it, with `request`, `csrf_input` and
`csrf_token`, like an `include ... only`.
"""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **values):
    drawn = engines["jinja2"].get_template(template_name).render(values, request=context.get("request"))
    return mark_safe(drawn)
