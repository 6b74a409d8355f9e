"""Deadline reminders: 7 days and 1 day before, on the day, weekly while overdue, escalation at 30 days.

Run daily by Celery beat (`remediation.tasks.send_remediation_reminders`) or by
`manage.py send_reminders` where there is no beat. Each milestone of a task is
recorded in `ReminderLog` (unique per task and milestone), so running the job
twice, or on two workers, sends nothing twice. A day the job did not run is
caught up the next time: only the milestone that applies that day is sent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.mail import queue_email
from core.notifications import in_portal_language, notify
from units.models import Role, User

from ..models import EventKind, RemediationTask, ReminderLog, TaskEvent
from ..selectors import unit_side
from ..states import DONE
from .tasks import task_url

ESCALATION_DAYS = 30


def milestones(due_on: datetime.date, today: datetime.date) -> list[str]:
    """The reminder keys that apply to a deadline on `today` (at most one plus the escalation)."""
    days_left = (due_on - today).days
    if 2 <= days_left <= 7:
        return ["before_7"]
    if days_left == 1:
        return ["before_1"]
    if days_left == 0:
        return ["due_today"]
    if days_left < 0:
        late = -days_left
        keys = [f"overdue_week_{late // 7}"] if late >= 7 else []
        if late >= ESCALATION_DAYS:
            keys.append("escalation")
        return keys
    return []


def _recipients(task: RemediationTask, key: str) -> set[User]:
    if key == "escalation":
        parent = task.unit.parent
        heads = set(User.objects.filter(unit=parent, role=Role.UNIT_HEAD, is_active=True)) if parent else set()
        if parent and parent.head_id and parent.head.is_active:
            heads.add(parent.head)
        return heads
    return unit_side(task)


def _message(task: RemediationTask, key: str, today: datetime.date) -> tuple[str, str]:
    context = {
        "task": task,
        "key": key,
        "days_left": (task.due_on - today).days,
        "days_late": (today - task.due_on).days,
        "url": settings.CCHC_SITE_URL.rstrip("/") + task_url(task),
    }
    subject = "".join(render_to_string("remediation/email/reminder_subject.txt", context).splitlines())
    body = render_to_string("remediation/email/reminder_body.txt", context)
    return subject, body


def send_remediation_reminders(*, today: datetime.date | None = None) -> int:
    """Send every reminder due today; return how many task milestones were handled."""
    today = today or timezone.localdate()
    tasks = (
        RemediationTask.objects.exclude(status__in=DONE)
        # Only tasks the unit has met: a draft directive's deadline is nobody's yet.
        .filter(due_on__isnull=False, due_on__lte=today + datetime.timedelta(days=7), announced_at__isnull=False)
        .select_related("directive", "unit", "unit__head", "unit__parent", "unit__parent__head", "delegate")
        .order_by("pk")
    )
    sent = 0
    with in_portal_language():
        for task in tasks.iterator(chunk_size=500):
            for key in milestones(task.due_on, today):
                recipients = _recipients(task, key)
                try:
                    with transaction.atomic():
                        ReminderLog.objects.create(
                            task=task,
                            key=key,
                            sent_on=today,
                            recipients=", ".join(sorted(u.username for u in recipients)),
                        )
                        subject, body = _message(task, key, today)
                        notify(recipients, subject, task_url(task))
                        TaskEvent.objects.create(task=task, kind=EventKind.REMINDER, note=subject)
                        queue_email(subject=subject, body=body, to=sorted({u.email for u in recipients if u.email}))
                except IntegrityError:
                    continue  # another run got there first
                sent += 1
    return sent
