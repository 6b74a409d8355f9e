"""`{% jinja "app/x.html" name=value ... %}`: a Jinja2 template (templates/jinja2/, core/jinja.py) drawn inside a Django page.

The Jinja2 template sees only what the tag passes it, with `request`, `csrf_input` and
`csrf_token`, like an `include ... only`.
"""

from django import template
from django.middleware.csrf import get_token
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def csrf_values(request) -> dict:
    """`csrf_token` and `csrf_input` for every Jinja2 part of one response, masked once: Django's
    Jinja2 backend masks the token anew each time a form prints it (~500 calls; 7 forms a visit page).
    Kept on the request while its CSRF secret stays the same (a login rotates it)."""
    secret = request.META.get("CSRF_COOKIE")
    kept = getattr(request, "_jinja_csrf", None)
    if kept is None or kept[0] != secret:
        token = get_token(request)
        field = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        kept = request._jinja_csrf = (request.META.get("CSRF_COOKIE"), {"csrf_token": token, "csrf_input": field})
    return kept[1]


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **values):
    request = context.get("request")
    if request is not None:
        values = {**values, "request": request, **csrf_values(request)}
    # No `request=`: the backend would add lazy CSRF values, masked again at each print.
    return mark_safe(engines["jinja2"].get_template(template_name).render(values))
