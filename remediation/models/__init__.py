from ..states import TaskStatus
from .directives import Directive, DirectiveExtension
from .tasks import EventKind, RemediationTask, ReminderLog, TaskEvent, TaskEvidence

__all__ = [
    "Directive",
    "DirectiveExtension",
    "EventKind",
    "RemediationTask",
    "ReminderLog",
    "TaskEvent",
    "TaskEvidence",
    "TaskStatus",
]
