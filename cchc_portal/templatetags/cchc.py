from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ counts|get_item:kind }}`: dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None
