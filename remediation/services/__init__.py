"""Every write of directives and remediation tasks goes through these functions."""

from .directives import (
    directive_create,
    directive_delete,
    directive_extend,
    directive_update,
    directives_hand_over,
    directives_lock,
    directives_release,
)
from .reminders import send_remediation_reminders
from .tasks import (
    task_accept,
    task_comment,
    task_delegate,
    task_open,
    task_progress,
    task_return,
    task_submit,
    task_url,
    tasks_accept_many,
    tasks_announce,
)

__all__ = [
    "directive_create",
    "directive_delete",
    "directive_extend",
    "directive_update",
    "directives_hand_over",
    "directives_lock",
    "directives_release",
    "send_remediation_reminders",
    "task_accept",
    "task_comment",
    "task_delegate",
    "task_open",
    "task_progress",
    "task_return",
    "task_submit",
    "task_url",
    "tasks_accept_many",
    "tasks_announce",
]
