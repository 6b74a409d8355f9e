import datetime
import os

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import current_version
from core.errors import StaleVersion
from core.models import Notification
from inspections import services
from inspections.tests import files
from inspections.tests.factories import add_finding
from remediation import services as remediation_services
from remediation.models import RemediationTask, TaskEvidence, TaskStatus
from remediation.selectors import tasks_visible_to
from remediation.services import task_url
from remediation.tests.factories import make_remediation_setup

D = datetime.date


def test_a_directive_to_every_unit_gives_each_its_own_task_and_each_head_sees_only_its_own(cast, remediation):
    assert remediation.directive.tasks.count() == 2
    assert list(tasks_visible_to(cast.unit_head)) == [remediation.task]
    assert list(tasks_visible_to(remediation.sibling_head)) == [remediation.sibling_task]
    assert not tasks_visible_to(cast.other_head).exists()
    assert set(tasks_visible_to(cast.department_head)) == {remediation.task, remediation.sibling_task}
    assert remediation.task.due_on == D(2026, 9, 30) and remediation.task.status == TaskStatus.OPEN


def test_units_meet_their_tasks_only_once_the_team_hands_them_over(cast):
    setup = make_remediation_setup(cast, concluded=False)
    assert not tasks_visible_to(cast.unit_head).exists()
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    # Concluded, the directives are still the team's drafts: the unit neither sees nor hears of them.
    assert not tasks_visible_to(cast.unit_head).exists()
    assert not Notification.objects.filter(user=cast.unit_head).exists()
    with pytest.raises(PermissionDenied):
        remediation_services.directives_hand_over(actor=setup.member, visit=setup.visit)
    remediation_services.directives_hand_over(actor=setup.leader, visit=setup.visit)
    assert list(tasks_visible_to(cast.unit_head)) == [setup.task]
    assert Notification.objects.filter(user=cast.unit_head, url=task_url(setup.task)).count() == 1
    with pytest.raises(ValidationError):
        remediation_services.directives_hand_over(actor=setup.leader, visit=setup.visit)  # nothing left to hand over
    services.visit_reopen(actor=setup.leader, visit=setup.visit, reason="Bổ sung")
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    assert Notification.objects.filter(user=cast.unit_head, url=task_url(setup.task)).count() == 1  # told once


def test_a_visit_in_progress_hands_nothing_over_and_a_deadline_in_days_needs_its_letter(cast):
    setup = make_remediation_setup(cast, concluded=False)
    with pytest.raises(ValidationError):
        remediation_services.directives_hand_over(actor=setup.leader, visit=setup.visit)
    remediation_services.directive_update(
        actor=setup.leader,
        directive=setup.directive,
        expected_version=setup.directive.version,
        due_on=None,
        due_days=30,
    )
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    with pytest.raises(ValidationError) as error:
        remediation_services.directives_hand_over(actor=setup.leader, visit=setup.visit)
    assert "Công khai đầy đủ TTHC" in error.value.messages[0]
    assert not tasks_visible_to(cast.unit_head).exists()


def test_reminders_wait_until_the_unit_has_met_its_task(cast):
    setup = make_remediation_setup(cast, due_on=D(2026, 6, 1), handed_over=False)
    assert remediation_services.send_remediation_reminders(today=D(2026, 6, 1)) == 0
    remediation_services.directives_hand_over(actor=setup.leader, visit=setup.visit)
    assert remediation_services.send_remediation_reminders(today=D(2026, 6, 1)) > 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"text": "  "}, "text"),
        ({"units": []}, "units"),
        ({"due_on": None, "due_days": None}, "due_on"),
        ({"due_on": D(2026, 9, 30), "due_days": 30}, "due_on"),
        ({"due_on": D(2026, 1, 1)}, "due_on"),
        ({"due_on": None, "due_days": 0}, "due_days"),
    ],
)
def test_bad_directives_are_refused_with_a_field_message(cast, remediation, change, field):
    values = {"text": "Làm ngay", "units": [cast.unit], "due_on": D(2026, 9, 30), "due_days": None, **change}
    with pytest.raises(ValidationError) as error:
        remediation_services.directive_create(actor=remediation.leader, visit=remediation.visit, **values)
    assert field in error.value.message_dict


def test_only_inspected_units_get_tasks_and_only_shortcomings_are_linked(cast, remediation):
    with pytest.raises(ValidationError) as error:
        remediation_services.directive_create(
            actor=remediation.leader, visit=remediation.visit, text="X", units=[cast.other_unit], due_on=D(2026, 9, 30)
        )
    assert "units" in error.value.message_dict
    services.visit_reopen(actor=remediation.leader, visit=remediation.visit, reason="Bổ sung")
    strength = add_finding(remediation, kind="strength", text="Tốt")
    with pytest.raises(ValidationError) as error:
        remediation_services.directive_create(
            actor=remediation.leader,
            visit=remediation.visit,
            text="X",
            units=[cast.unit],
            findings=[strength],
            due_on=D(2026, 9, 30),
        )
    assert "findings" in error.value.message_dict


def test_only_team_members_draft_directives(cast, remediation):
    for outsider in (cast.unit_head, cast.outside_inspector, cast.home_affairs):
        with pytest.raises(PermissionDenied):
            remediation_services.directive_create(
                actor=outsider, visit=remediation.visit, text="X", units=[cast.unit], due_on=D(2026, 9, 30)
            )


def test_edit_until_the_letter_is_issued_then_only_extend(cast, remediation):
    directive = remediation_services.directive_update(
        actor=remediation.member, directive=remediation.directive, expected_version=1, text="Công khai TTHC đầy đủ."
    )
    assert directive.version == 2
    remediation_services.directives_lock(directives=[directive], issued_on=D(2026, 6, 15))
    with pytest.raises(ValidationError):
        remediation_services.directive_update(
            actor=remediation.member, directive=directive, expected_version=2, text="Khác"
        )
    with pytest.raises(ValidationError):
        remediation_services.directive_delete(actor=remediation.member, directive=directive, expected_version=2)
    with pytest.raises(PermissionDenied):
        remediation_services.directive_extend(
            actor=remediation.member,
            directive=directive,
            new_due_on=D(2026, 12, 31),
            reason="Xin gia hạn",
            expected_version=current_version(directive),
        )
    with pytest.raises(ValidationError):
        remediation_services.directive_extend(
            actor=remediation.leader,
            directive=directive,
            new_due_on=D(2026, 12, 31),
            reason=" ",
            expected_version=current_version(directive),
        )
    with pytest.raises(ValidationError):
        remediation_services.directive_extend(
            actor=remediation.leader,
            directive=directive,
            new_due_on=D(2026, 9, 1),
            reason="Sớm hơn",
            expected_version=current_version(directive),
        )
    remediation_services.directive_extend(
        actor=remediation.leader,
        directive=directive,
        new_due_on=D(2026, 12, 31),
        reason="Chờ kinh phí",
        expected_version=current_version(directive),
    )
    remediation.task.refresh_from_db()
    assert remediation.task.due_on == D(2026, 12, 31)
    extension = directive.extensions.get()
    assert (extension.old_due_on, extension.new_due_on, extension.reason) == (
        D(2026, 9, 30),
        D(2026, 12, 31),
        "Chờ kinh phí",
    )
    assert remediation.task.events.filter(kind="extended").exists()


def test_days_after_the_letter_become_a_date_when_it_is_issued(cast, remediation):
    directive = remediation_services.directive_create(
        actor=remediation.leader, visit=remediation.visit, text="Trong 30 ngày", units=[cast.unit], due_days=30
    )
    task = directive.tasks.get()
    assert task.due_on is None and not task.is_overdue
    remediation_services.directives_lock(directives=[directive], issued_on=D(2026, 6, 15))
    task.refresh_from_db()
    assert task.due_on == D(2026, 7, 15)


def test_removing_a_unit_that_already_acted_is_refused(cast, remediation):
    remediation_services.task_progress(
        actor=cast.unit_head, task=remediation.task, note="Đang làm", expected_version=current_version(remediation.task)
    )
    with pytest.raises(ValidationError):
        remediation_services.directive_update(
            actor=remediation.leader, directive=remediation.directive, expected_version=1, units=[cast.sibling]
        )
    directive = remediation_services.directive_update(
        actor=remediation.leader, directive=remediation.directive, expected_version=1, units=[cast.unit]
    )
    assert list(directive.tasks.values_list("unit", flat=True)) == [cast.unit.pk]


@time_machine.travel(D(2026, 6, 10))
def test_submit_return_resubmit_accept(cast, remediation):
    task = remediation.task
    with pytest.raises(ValidationError) as error:
        remediation_services.task_submit(
            actor=cast.unit_head, task=task, note="  ", expected_version=current_version(task)
        )
    assert "note" in error.value.message_dict
    remediation_services.task_submit(
        actor=cast.unit_head,
        task=task,
        note="Đã niêm yết",
        files=[files.pdf()],
        effective_on=D(2026, 6, 1),
        expected_version=current_version(task),
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    with pytest.raises(ValidationError):
        remediation_services.task_return(
            actor=remediation.leader, task=task, reason="", expected_version=current_version(task)
        )
    remediation_services.task_return(
        actor=remediation.member,
        task=task,
        reason="Thiếu ảnh chụp bảng niêm yết",
        expected_version=current_version(task),
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.RETURNED
    assert Notification.objects.filter(user=cast.unit_head, message__contains="Thiếu ảnh chụp").exists()
    remediation_services.task_submit(
        actor=cast.unit_head, task=task, note="Bổ sung ảnh", files=[files.png()], expected_version=current_version(task)
    )
    remediation_services.task_accept(actor=remediation.leader, task=task, expected_version=current_version(task))
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTED and task.done_on_time
    kinds = list(task.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "returned", "submitted", "accepted"]


def test_evidence_is_required_where_the_directive_says_so(cast):
    setup = make_remediation_setup(cast, requires_evidence=True)
    with pytest.raises(ValidationError) as error:
        remediation_services.task_submit(
            actor=cast.unit_head, task=setup.task, note="Xong", expected_version=current_version(setup.task)
        )
    assert "files" in error.value.message_dict


def test_only_the_unit_head_or_the_delegate_reports(cast, remediation):
    for outsider in (cast.other_head, remediation.staff, remediation.leader, remediation.sibling_head):
        with pytest.raises(PermissionDenied):
            remediation_services.task_progress(
                actor=outsider, task=remediation.task, note="X", expected_version=current_version(remediation.task)
            )
    remediation_services.task_delegate(
        actor=cast.unit_head,
        task=remediation.task,
        delegate=remediation.staff,
        expected_version=current_version(remediation.task),
    )
    remediation_services.task_progress(
        actor=remediation.staff,
        task=remediation.task,
        note="Đang thực hiện",
        expected_version=current_version(remediation.task),
    )
    assert Notification.objects.filter(user=remediation.staff, url=task_url(remediation.task)).exists()
    with pytest.raises(ValidationError):
        remediation_services.task_delegate(
            actor=cast.unit_head,
            task=remediation.task,
            delegate=remediation.sibling_head,
            expected_version=current_version(remediation.task),
        )


def test_only_team_members_verify(cast, remediation):
    remediation_services.task_submit(
        actor=cast.unit_head, task=remediation.task, note="Xong", expected_version=current_version(remediation.task)
    )
    for outsider in (cast.unit_head, cast.home_affairs, cast.outside_inspector):
        with pytest.raises(PermissionDenied):
            remediation_services.task_accept(
                actor=outsider, task=remediation.task, expected_version=current_version(remediation.task)
            )


def test_stale_task_version_is_refused(cast, remediation):
    remediation_services.task_progress(actor=cast.unit_head, task=remediation.task, note="A", expected_version=1)
    with pytest.raises(StaleVersion):
        remediation_services.task_submit(actor=cast.unit_head, task=remediation.task, note="B", expected_version=1)


@pytest.mark.parametrize(
    "upload",
    [files.disguised_exe, lambda: files.big(), lambda: files.png("anh.pdf")],
)
def test_bad_evidence_is_refused_and_nothing_partial_is_stored(cast, remediation, settings, upload):
    with pytest.raises(ValidationError):
        remediation_services.task_submit(
            actor=cast.unit_head,
            task=remediation.task,
            note="Xong",
            files=[files.pdf(), upload()],
            expected_version=current_version(remediation.task),
        )
    remediation.task.refresh_from_db()
    assert remediation.task.status == TaskStatus.OPEN and not TaskEvidence.objects.exists()
    assert not os.path.exists(settings.MEDIA_ROOT) or not any(f for _, _, f in os.walk(settings.MEDIA_ROOT))


def test_path_traversal_filenames_stay_inside_the_media_folder(cast, remediation, settings):
    remediation_services.task_submit(
        actor=cast.unit_head,
        task=remediation.task,
        note="Xong",
        files=[files.pdf("../../../tmp/x.pdf")],
        expected_version=current_version(remediation.task),
    )
    evidence = TaskEvidence.objects.get()
    assert evidence.original_name == "x.pdf"
    assert os.path.realpath(evidence.file.path).startswith(os.path.realpath(settings.MEDIA_ROOT))


def test_overdue_property_and_query_agree(cast, remediation):
    with time_machine.travel(D(2026, 10, 5)):
        assert remediation.task.is_overdue
        assert set(RemediationTask.objects.overdue()) == {remediation.task, remediation.sibling_task}
        remediation_services.task_submit(
            actor=cast.unit_head, task=remediation.task, note="Xong", expected_version=current_version(remediation.task)
        )
        remediation_services.task_accept(
            actor=remediation.leader, task=remediation.task, expected_version=current_version(remediation.task)
        )
        remediation.task.refresh_from_db()
        assert not remediation.task.is_overdue and remediation.task.done_on_time is False
        assert set(RemediationTask.objects.overdue()) == {remediation.sibling_task}


def test_comments_notify_the_other_side(cast, remediation):
    remediation_services.task_comment(actor=cast.unit_head, task=remediation.task, note="Xin hướng dẫn thêm")
    assert Notification.objects.filter(user=remediation.leader, message__contains="Xin hướng dẫn").exists()
    remediation_services.task_comment(actor=remediation.member, task=remediation.task, note="Xem công văn 123")
    assert Notification.objects.filter(user=cast.unit_head, message__contains="công văn 123").exists()
    with pytest.raises(PermissionDenied):
        remediation_services.task_comment(actor=cast.other_head, task=remediation.task, note="X")


def test_bulk_accept_accepts_only_what_the_user_may_verify(cast, remediation):
    remediation_services.task_submit(
        actor=cast.unit_head, task=remediation.task, note="Xong", expected_version=current_version(remediation.task)
    )
    remediation_services.task_submit(
        actor=remediation.sibling_head,
        task=remediation.sibling_task,
        note="Xong",
        expected_version=current_version(remediation.sibling_task),
    )
    versions = {task.pk: current_version(task) for task in (remediation.task, remediation.sibling_task)}
    assert remediation_services.tasks_accept_many(actor=cast.outside_inspector, versions=versions) == 0
    stale = {**versions, remediation.sibling_task.pk: versions[remediation.sibling_task.pk] - 1}
    assert remediation_services.tasks_accept_many(actor=remediation.leader, versions=stale) == 1
    remediation.sibling_task.refresh_from_db()
    assert remediation.sibling_task.status == TaskStatus.SUBMITTED  # read before a change: left for a second look
