"""Django's `url` tag with a fast path for links to a record by its id (`{% url 'x:detail' obj.pk %}`).

Loaded as a template builtin after Django's own (settings.TEMPLATES). Every row of a list links
to its record, and `reverse` walks the resolver for each (about 120 calls a link, a tenth of
a task row's work). The path of a name and a number of integer ids is the same whatever the
ids: it is built once with a marker in their place, then the ids are put in. Anything else
(keyword arguments, text, `as` variables) goes to Django's tag, and so does a name whose
path cannot be built that way. The output is the same: a test compares both for every route.
"""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

# Stands for an id while a path is built; far above any id, and never sent out.
_MARKER = 987_654_321_987
_paths: dict[tuple, list[str] | None] = {}


def reverse_ids(view_name: str, ids: list[int], current_app: str | None = None) -> str:
    """`reverse(view_name, args=ids)` for non-negative integer ids."""
    key = (view_name, len(ids), current_app, get_script_prefix(), get_urlconf())
    if key not in _paths:
        try:
            pieces = reverse(view_name, args=[_MARKER] * len(ids), current_app=current_app).split(str(_MARKER))
        except (NoReverseMatch, TypeError, ValueError):  # a route that takes no such number
            pieces = []
        _paths[key] = pieces if len(pieces) == len(ids) + 1 else None
    pieces = _paths[key]
    if pieces is None:
        return reverse(view_name, args=ids, current_app=current_app)
    parts = [pieces[0]]
    for value, piece in zip(ids, pieces[1:], strict=True):
        parts += (str(value), piece)
    return "".join(parts)


class IdURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        if self.kwargs or self.asvar or not all(type(arg) is int and arg >= 0 for arg in args):
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = reverse_ids(view_name, args, current_app)
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = IdURLNode
    return node
