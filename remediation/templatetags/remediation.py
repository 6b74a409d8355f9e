"""Template helpers that read the task transition table, so templates never compare statuses."""

from django import template

from ..states import TRANSITIONS

register = template.Library()


@register.filter
def open_for(task, action: str) -> bool:
    """`{% if task|open_for:"accept" %}`: whether the task's status allows `action` (whoever takes it)."""
    return task.status in TRANSITIONS[action].sources
