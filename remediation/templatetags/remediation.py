"""Template helpers that read the task transition table, so templates never compare statuses."""

from django import template

from core.jinja import jinja_filter

from ..states import TRANSITIONS

register = template.Library()


@register.filter
@jinja_filter
def open_for(task, action: str) -> bool:
    """`{% if task|open_for:"accept" %}`: whether the task's status allows `action` (whoever takes it)."""
    return task.status in TRANSITIONS[action].sources
