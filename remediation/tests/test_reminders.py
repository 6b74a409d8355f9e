"""Deadline reminders with a frozen clock (issue 4 §5)."""

import datetime

import pytest
import time_machine
from celery import current_app
from django.core import mail
from django.core.management import call_command

from conftest import current_version
from core.models import Notification
from remediation import services as remediation_services
from remediation.models import ReminderLog
from remediation.services.reminders import milestones, send_remediation_reminders

D = datetime.date


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 9, 20), []),
        (D(2026, 9, 23), ["before_7"]),
        (D(2026, 9, 25), ["before_7"]),
        (D(2026, 9, 29), ["before_1"]),
        (D(2026, 9, 30), ["due_today"]),
        (D(2026, 10, 1), []),
        (D(2026, 10, 7), ["overdue_week_1"]),
        (D(2026, 10, 14), ["overdue_week_2"]),
        (D(2026, 10, 30), ["overdue_week_4", "escalation"]),
    ],
)
def test_milestones(today, expected):
    assert milestones(D(2026, 9, 30), today) == expected


def run(day, django_capture_on_commit_callbacks):
    clock = time_machine.travel(datetime.datetime.combine(day, datetime.time(7)), tick=False)
    with clock, django_capture_on_commit_callbacks(execute=True):
        return send_remediation_reminders()


def test_reminders_across_the_deadline_each_sent_once(cast, remediation, django_capture_on_commit_callbacks):
    head, sibling_head = cast.unit_head, remediation.sibling_head
    remediation_services.task_submit(
        actor=sibling_head,
        task=remediation.sibling_task,
        note="Xong",
        expected_version=current_version(remediation.sibling_task),
    )
    remediation_services.task_accept(
        actor=remediation.leader,
        task=remediation.sibling_task,
        expected_version=current_version(remediation.sibling_task),
    )
    mail.outbox.clear()

    assert run(D(2026, 9, 20), django_capture_on_commit_callbacks) == 0
    assert run(D(2026, 9, 23), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 9, 23), django_capture_on_commit_callbacks) == 0  # twice the same day: nothing twice
    assert run(D(2026, 9, 24), django_capture_on_commit_callbacks) == 0
    assert [m.to for m in mail.outbox] == [[head.email]]
    assert "7 ngày" in mail.outbox[0].subject and "Công khai đầy đủ TTHC" in mail.outbox[0].body

    assert run(D(2026, 9, 29), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 9, 30), django_capture_on_commit_callbacks) == 1
    assert "hôm nay" in mail.outbox[-1].subject.lower()
    assert run(D(2026, 10, 1), django_capture_on_commit_callbacks) == 0
    assert run(D(2026, 10, 7), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 10, 8), django_capture_on_commit_callbacks) == 0
    assert run(D(2026, 10, 14), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 10, 30), django_capture_on_commit_callbacks) == 2
    assert run(D(2026, 10, 30), django_capture_on_commit_callbacks) == 0

    keys = list(
        ReminderLog.objects.filter(task=remediation.task).order_by("sent_on", "key").values_list("key", flat=True)
    )
    assert keys == [
        "before_7",
        "before_1",
        "due_today",
        "overdue_week_1",
        "overdue_week_2",
        "escalation",
        "overdue_week_4",
    ]
    escalation = mail.outbox[-1] if mail.outbox[-1].to == [cast.department_head.email] else mail.outbox[-2]
    assert escalation.to == [cast.department_head.email] and "Chuyển cấp trên" in escalation.subject
    assert len(mail.outbox) == 7
    # Nothing for the accepted task; each reminder also lands in the app and on the timeline.
    assert not ReminderLog.objects.filter(task=remediation.sibling_task).exists()
    assert Notification.objects.filter(user=head, message__contains="hạn").count() >= 5
    assert remediation.task.events.filter(kind="reminder").count() == 7


def test_a_unit_name_with_an_ampersand_reads_as_typed(cast, remediation, django_capture_on_commit_callbacks):
    """Subjects are plain text (mail headers, notifications escaped where shown): no HTML entities in them."""
    assert run(D(2026, 9, 23), django_capture_on_commit_callbacks) == 2
    (subject,) = [m.subject for m in mail.outbox if m.to == [remediation.sibling_head.email]]
    assert "KH&CN" in subject and "&amp;" not in subject
    assert Notification.objects.filter(user=remediation.sibling_head, message__contains="KH&CN").exists()


def test_a_missed_day_is_caught_up_once(cast, remediation, django_capture_on_commit_callbacks):
    # The job did not run from the 7-day point until two days before the deadline.
    assert run(D(2026, 9, 28), django_capture_on_commit_callbacks) == 2  # both tasks, "before_7"
    assert run(D(2026, 9, 28), django_capture_on_commit_callbacks) == 0


def test_management_command_for_deployments_without_beat(cast, remediation, capsys):
    call_command("send_reminders", "--date", "2026-09-23")
    call_command("send_reminders", "--date", "2026-09-23")
    assert ReminderLog.objects.count() == 2
    assert "0 reminders sent." in capsys.readouterr().out


def test_the_beat_schedule_runs_the_job_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remediation-reminders"]
    assert entry["task"] == "remediation.tasks.send_remediation_reminders"
    current_app.loader.import_default_modules()
    assert "remediation.tasks.send_remediation_reminders" in current_app.tasks
