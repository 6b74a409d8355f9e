import datetime
import os

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cchc_portal.errors import StaleVersion
from inspections import services
from inspections.models import Notification, RemediationTask, TaskEvidence, TaskStatus
from inspections.selectors import tasks_visible_to
from inspections.tests import files
from inspections.tests.factories import add_finding, make_remediation_setup

D = datetime.date


def test_a_directive_to_every_unit_gives_each_its_own_task_and_each_head_sees_only_its_own(cast, remediation):
    assert remediation.directive.tasks.count() == 2
    assert list(tasks_visible_to(cast.unit_head)) == [remediation.task]
    assert list(tasks_visible_to(remediation.sibling_head)) == [remediation.sibling_task]
    assert not tasks_visible_to(cast.other_head).exists()
    assert set(tasks_visible_to(cast.department_head)) == {remediation.task, remediation.sibling_task}
    assert remediation.task.due_on == D(2026, 9, 30) and remediation.task.status == TaskStatus.OPEN


def test_tasks_of_a_visit_in_progress_are_hidden_from_units_until_it_is_concluded(cast):
    setup = make_remediation_setup(cast, concluded=False)
    assert not tasks_visible_to(cast.unit_head).exists()
    assert not Notification.objects.filter(user=cast.unit_head).exists()
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    assert list(tasks_visible_to(cast.unit_head)) == [setup.task]
    assert Notification.objects.filter(user=cast.unit_head, task=setup.task).count() == 1
    services.visit_reopen(actor=setup.leader, visit=setup.visit, reason="Bổ sung")
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    assert Notification.objects.filter(user=cast.unit_head, task=setup.task).count() == 1  # told once


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
        services.directive_create(actor=remediation.leader, visit=remediation.visit, **values)
    assert field in error.value.message_dict


def test_only_inspected_units_get_tasks_and_only_shortcomings_are_linked(cast, remediation):
    with pytest.raises(ValidationError) as error:
        services.directive_create(
            actor=remediation.leader, visit=remediation.visit, text="X", units=[cast.other_unit], due_on=D(2026, 9, 30)
        )
    assert "units" in error.value.message_dict
    services.visit_reopen(actor=remediation.leader, visit=remediation.visit, reason="Bổ sung")
    strength = add_finding(remediation, kind="strength", text="Tốt")
    with pytest.raises(ValidationError) as error:
        services.directive_create(
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
            services.directive_create(
                actor=outsider, visit=remediation.visit, text="X", units=[cast.unit], due_on=D(2026, 9, 30)
            )


def test_edit_until_the_letter_is_issued_then_only_extend(cast, remediation):
    directive = services.directive_update(
        actor=remediation.member, directive=remediation.directive, expected_version=1, text="Công khai TTHC đầy đủ."
    )
    assert directive.version == 2
    services.directives_lock(directives=[directive], issued_on=D(2026, 6, 15))
    with pytest.raises(ValidationError):
        services.directive_update(actor=remediation.member, directive=directive, expected_version=2, text="Khác")
    with pytest.raises(ValidationError):
        services.directive_delete(actor=remediation.member, directive=directive, expected_version=2)
    with pytest.raises(PermissionDenied):
        services.directive_extend(
            actor=remediation.member, directive=directive, new_due_on=D(2026, 12, 31), reason="Xin gia hạn"
        )
    with pytest.raises(ValidationError):
        services.directive_extend(actor=remediation.leader, directive=directive, new_due_on=D(2026, 12, 31), reason=" ")
    with pytest.raises(ValidationError):
        services.directive_extend(
            actor=remediation.leader, directive=directive, new_due_on=D(2026, 9, 1), reason="Sớm hơn"
        )
    services.directive_extend(
        actor=remediation.leader, directive=directive, new_due_on=D(2026, 12, 31), reason="Chờ kinh phí"
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
    directive = services.directive_create(
        actor=remediation.leader, visit=remediation.visit, text="Trong 30 ngày", units=[cast.unit], due_days=30
    )
    task = directive.tasks.get()
    assert task.due_on is None and not task.is_overdue
    services.directives_lock(directives=[directive], issued_on=D(2026, 6, 15))
    task.refresh_from_db()
    assert task.due_on == D(2026, 7, 15)


def test_removing_a_unit_that_already_acted_is_refused(cast, remediation):
    services.task_progress(actor=cast.unit_head, task=remediation.task, note="Đang làm")
    with pytest.raises(ValidationError):
        services.directive_update(
            actor=remediation.leader, directive=remediation.directive, expected_version=1, units=[cast.sibling]
        )
    directive = services.directive_update(
        actor=remediation.leader, directive=remediation.directive, expected_version=1, units=[cast.unit]
    )
    assert list(directive.tasks.values_list("unit", flat=True)) == [cast.unit.pk]


@time_machine.travel(D(2026, 6, 10))
def test_submit_return_resubmit_accept(cast, remediation):
    task = remediation.task
    with pytest.raises(ValidationError) as error:
        services.task_submit(actor=cast.unit_head, task=task, note="  ")
    assert "note" in error.value.message_dict
    services.task_submit(
        actor=cast.unit_head, task=task, note="Đã niêm yết", files=[files.pdf()], effective_on=D(2026, 6, 1)
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    with pytest.raises(ValidationError):
        services.task_return(actor=remediation.leader, task=task, reason="")
    services.task_return(actor=remediation.member, task=task, reason="Thiếu ảnh chụp bảng niêm yết")
    task.refresh_from_db()
    assert task.status == TaskStatus.RETURNED
    assert Notification.objects.filter(user=cast.unit_head, message__contains="Thiếu ảnh chụp").exists()
    services.task_submit(actor=cast.unit_head, task=task, note="Bổ sung ảnh", files=[files.png()])
    services.task_accept(actor=remediation.leader, task=task)
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTED and task.done_on_time
    kinds = list(task.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "returned", "submitted", "accepted"]


def test_evidence_is_required_where_the_directive_says_so(cast):
    setup = make_remediation_setup(cast, requires_evidence=True)
    with pytest.raises(ValidationError) as error:
        services.task_submit(actor=cast.unit_head, task=setup.task, note="Xong")
    assert "files" in error.value.message_dict


def test_only_the_unit_head_or_the_delegate_reports(cast, remediation):
    for outsider in (cast.other_head, remediation.staff, remediation.leader, remediation.sibling_head):
        with pytest.raises(PermissionDenied):
            services.task_progress(actor=outsider, task=remediation.task, note="X")
    services.task_delegate(actor=cast.unit_head, task=remediation.task, delegate=remediation.staff)
    services.task_progress(actor=remediation.staff, task=remediation.task, note="Đang thực hiện")
    assert Notification.objects.filter(user=remediation.staff, task=remediation.task).exists()
    with pytest.raises(ValidationError):
        services.task_delegate(actor=cast.unit_head, task=remediation.task, delegate=remediation.sibling_head)


def test_only_team_members_verify(cast, remediation):
    services.task_submit(actor=cast.unit_head, task=remediation.task, note="Xong")
    for outsider in (cast.unit_head, cast.home_affairs, cast.outside_inspector):
        with pytest.raises(PermissionDenied):
            services.task_accept(actor=outsider, task=remediation.task)


def test_stale_task_version_is_refused(cast, remediation):
    services.task_progress(actor=cast.unit_head, task=remediation.task, note="A", expected_version=1)
    with pytest.raises(StaleVersion):
        services.task_submit(actor=cast.unit_head, task=remediation.task, note="B", expected_version=1)


@pytest.mark.parametrize(
    "upload",
    [files.disguised_exe, lambda: files.big(), lambda: files.png("anh.pdf")],
)
def test_bad_evidence_is_refused_and_nothing_partial_is_stored(cast, remediation, settings, upload):
    with pytest.raises(ValidationError):
        services.task_submit(actor=cast.unit_head, task=remediation.task, note="Xong", files=[files.pdf(), upload()])
    remediation.task.refresh_from_db()
    assert remediation.task.status == TaskStatus.OPEN and not TaskEvidence.objects.exists()
    assert not os.path.exists(settings.MEDIA_ROOT) or not any(f for _, _, f in os.walk(settings.MEDIA_ROOT))


def test_path_traversal_filenames_stay_inside_the_media_folder(cast, remediation, settings):
    services.task_submit(
        actor=cast.unit_head, task=remediation.task, note="Xong", files=[files.pdf("../../../tmp/x.pdf")]
    )
    evidence = TaskEvidence.objects.get()
    assert evidence.original_name == "x.pdf"
    assert os.path.realpath(evidence.file.path).startswith(os.path.realpath(settings.MEDIA_ROOT))


def test_overdue_property_and_query_agree(cast, remediation):
    with time_machine.travel(D(2026, 10, 5)):
        assert remediation.task.is_overdue
        assert set(RemediationTask.objects.overdue()) == {remediation.task, remediation.sibling_task}
        services.task_submit(actor=cast.unit_head, task=remediation.task, note="Xong")
        services.task_accept(actor=remediation.leader, task=remediation.task)
        remediation.task.refresh_from_db()
        assert not remediation.task.is_overdue and remediation.task.done_on_time is False
        assert set(RemediationTask.objects.overdue()) == {remediation.sibling_task}


def test_comments_notify_the_other_side(cast, remediation):
    services.task_comment(actor=cast.unit_head, task=remediation.task, note="Xin hướng dẫn thêm")
    assert Notification.objects.filter(user=remediation.leader, message__contains="Xin hướng dẫn").exists()
    services.task_comment(actor=remediation.member, task=remediation.task, note="Xem công văn 123")
    assert Notification.objects.filter(user=cast.unit_head, message__contains="công văn 123").exists()
    with pytest.raises(PermissionDenied):
        services.task_comment(actor=cast.other_head, task=remediation.task, note="X")


def test_bulk_accept_accepts_only_what_the_user_may_verify(cast, remediation):
    services.task_submit(actor=cast.unit_head, task=remediation.task, note="Xong")
    services.task_submit(actor=remediation.sibling_head, task=remediation.sibling_task, note="Xong")
    assert services.tasks_accept_many(actor=cast.outside_inspector, tasks=[remediation.task]) == 0
    assert services.tasks_accept_many(actor=remediation.leader, tasks=[remediation.task, remediation.sibling_task]) == 2
