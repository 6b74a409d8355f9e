from django import template

from core.errors import STALE_MESSAGE

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ counts|get_item:kind }}`: dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def stale_message():
    """The one conflict message, for pages that show both versions of a record."""
    return STALE_MESSAGE
