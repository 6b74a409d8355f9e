import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import count_queries, current_version
from core.errors import STALE_MESSAGE
from core.models import Notification
from inspections.models import Finding
from inspections.tests import files
from inspections.tests.factories import make_visit_setup
from remediation import services as remediation_services
from remediation.models import Directive, RemediationTask, TaskEvidence, TaskStatus
from remediation.tests.factories import extend, make_remediation_setup

D = datetime.date


def grow(remediation, cast, count):
    """`count` more directives with a task for cast.unit each (bulk, for query-count tests)."""
    directives = Directive.objects.bulk_create(
        Directive(
            visit=remediation.visit,
            text=f"Kiến nghị số {n}",
            due_on=D(2026, 1, 1) + datetime.timedelta(days=n % 300),
            handed_over_at=timezone.now(),  # the unit has met them
        )
        for n in range(count)
    )
    RemediationTask.objects.bulk_create(
        RemediationTask(
            directive=d, unit=cast.unit, due_on=d.due_on, status=TaskStatus.OPEN if n % 3 else TaskStatus.SUBMITTED
        )
        for n, d in enumerate(directives)
    )


def draft_directives(remediation, cast, count):
    """`count` more directives of the visit for cast.unit, through the service (for query-count tests)."""
    for number in range(count):
        remediation_services.directive_create(
            actor=remediation.leader,
            visit=remediation.visit,
            text=f"Chỉ đạo {number}.",
            units=[cast.unit],
            due_on=D(2026, 12, 1),
        )


@time_machine.travel(D(2026, 10, 5))
def test_unit_home_lists_overdue_first_with_counts(client, cast, remediation):
    later = remediation_services.directive_create(
        actor=remediation.leader,
        visit=remediation.visit,
        text="Việc còn hạn",
        units=[cast.unit],
        due_on=D(2026, 12, 31),
    )
    remediation_services.directives_hand_over(actor=remediation.leader, visit=remediation.visit)
    client.force_login(cast.unit_head)
    response = client.get(reverse("home"))
    tasks = list(response.context["page"].object_list)
    assert [t.pk for t in tasks] == [remediation.task.pk, later.tasks.get().pk]
    assert response.context["counts"]["overdue"] == 1 and response.context["counts"]["open"] == 2
    body = response.content.decode()
    assert body.index("Công khai đầy đủ TTHC") < body.index("Việc còn hạn")
    assert "quá hạn" in body


@pytest.mark.parametrize("view", ["home", "remediation:task_list"])
def test_task_pages_run_the_same_number_of_queries_for_10_or_2000_tasks(client, cast, remediation, view):
    grow(remediation, cast, 8)
    client.force_login(cast.unit_head)
    small = count_queries(lambda: client.get(reverse(view)))
    grow(remediation, cast, 1990)
    large = count_queries(lambda: client.get(reverse(view)))
    assert small == large


def test_inspectors_task_list_filters_and_on_time_share(client, cast, remediation):
    with time_machine.travel(D(2026, 6, 10)):
        remediation_services.task_submit(
            actor=cast.unit_head, task=remediation.task, note="Xong", expected_version=current_version(remediation.task)
        )
        remediation_services.task_accept(
            actor=remediation.leader, task=remediation.task, expected_version=current_version(remediation.task)
        )
    client.force_login(remediation.leader)
    response = client.get(reverse("remediation:task_list"), {"status": "accepted"})
    assert [t.pk for t in response.context["page"].object_list] == [remediation.task.pk]
    response = client.get(reverse("remediation:task_list"), {"unit": cast.department.pk, "overdue": "true"})
    assert [t.pk for t in response.context["page"].object_list] == [remediation.sibling_task.pk]
    rows = {row["unit"]: row for row in client.get(reverse("remediation:task_on_time")).context["page"].object_list}
    assert rows[cast.unit.pk]["share"] == 100 and rows[cast.sibling.pk]["share"] == 0


def test_submit_with_a_pdf_then_return_and_accept_through_the_pages(client, cast, remediation):
    client.force_login(cast.unit_head)
    url = reverse("remediation:task_report", args=[remediation.task.pk])
    response = client.post(url, {"note": "", "submit": "1", "version": 1})
    assert "Hãy ghi kết quả đã thực hiện." in response.content.decode()
    response = client.post(url, {"note": "Đã niêm yết", "submit": "1", "version": 1, "files": [files.pdf()]})
    assert response.status_code == 302
    client.force_login(remediation.member)
    response = client.post(
        reverse("remediation:task_return", args=[remediation.task.pk]), {"reason": "Thiếu ảnh", "version": 2}
    )
    assert response.status_code == 302
    client.force_login(cast.unit_head)
    page = client.get(reverse("remediation:task_detail", args=[remediation.task.pk])).content.decode()
    assert "Thiếu ảnh" in page and "Bị trả lại" in page
    evidence = TaskEvidence.objects.get()
    assert client.get(reverse("remediation:task_evidence_download", args=[evidence.pk])).status_code == 200
    client.force_login(remediation.sibling_head)
    assert client.get(reverse("remediation:task_evidence_download", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("remediation:task_detail", args=[remediation.task.pk])).status_code == 404


def test_stale_form_is_refused_with_a_message(client, cast, remediation):
    client.force_login(cast.unit_head)
    remediation_services.task_progress(
        actor=cast.unit_head, task=remediation.task, note="A", expected_version=current_version(remediation.task)
    )
    response = client.post(
        reverse("remediation:task_report", args=[remediation.task.pk]),
        {"note": "B", "submit": "1", "version": 1},
        follow=True,
    )
    assert str(STALE_MESSAGE) in response.content.decode()
    remediation.task.refresh_from_db()
    assert remediation.task.status == TaskStatus.IN_PROGRESS


def test_bulk_accept_page(client, cast, remediation):
    remediation_services.task_submit(
        actor=cast.unit_head, task=remediation.task, note="Xong", expected_version=current_version(remediation.task)
    )
    client.force_login(remediation.leader)
    tasks = (remediation.task, remediation.sibling_task)
    versions = {f"version-{task.pk}": current_version(task) for task in tasks}
    response = client.post(reverse("remediation:tasks_bulk_accept"), {"tasks": [task.pk for task in tasks], **versions})
    assert response.status_code == 302
    remediation.task.refresh_from_db()
    remediation.sibling_task.refresh_from_db()
    assert remediation.task.status == TaskStatus.ACCEPTED and remediation.sibling_task.status == TaskStatus.OPEN


def test_directive_page_drafts_for_every_unit(client, cast, remediation):
    client.force_login(remediation.member)
    url = reverse("remediation:visit_directives", args=[remediation.visit.pk])
    response = client.post(url, {"text": "", "units": [cast.unit.pk], "due_on": "2026-12-31"})
    assert "Hãy ghi nội dung đơn vị phải thực hiện." in response.content.decode()
    response = client.post(
        url, {"text": "Chung cho mọi đơn vị", "units": [cast.unit.pk, cast.sibling.pk], "due_days": 45}
    )
    assert response.status_code == 302
    directive = Directive.objects.get(text="Chung cho mọi đơn vị")
    assert directive.tasks.count() == 2 and directive.due_days == 45
    client.force_login(cast.unit_head)
    assert client.post(url, {"text": "X", "units": [cast.unit.pk], "due_on": "2026-12-31"}).status_code in (403, 404)


def test_the_directive_form_shows_the_visits_shortcomings_and_finds_the_others(client, cast, remediation):
    other = remediation.sibling_visit
    Finding.objects.bulk_create(
        Finding(visit=other, area=remediation.shortcoming.area, kind="shortcoming", text=f"Hạn chế số {n}", position=n)
        for n in range(300)
    )
    wanted = Finding.objects.create(
        visit=other,
        area=remediation.shortcoming.area,
        kind="shortcoming",
        text="Chưa niêm yết công khai lệ phí",
        search_text="chua niem yet cong khai le phi",
        position=999,
    )
    client.force_login(remediation.member)
    url = reverse("remediation:visit_directives", args=[remediation.visit.pk])
    page = client.get(url, {"draft": 1}).content.decode()
    assert remediation.shortcoming.text in page and "Hạn chế số 7" not in page and wanted.text not in page
    ticked = re.findall(r'<input type="checkbox" name="findings" value="(\d+)"[^>]* checked>', page)
    assert ticked == [str(remediation.shortcoming.pk)]  # a new directive answers the visit's own, until changed
    draft = {"text": "Niêm yết lệ phí", "units": [cast.sibling.pk], "due_on": "2026-12-31", "find": "niem yet le phi"}
    found = client.post(url, {**draft, "find_action": "1"})
    body = found.content.decode()
    assert found.status_code == 200 and wanted.text in body and "Niêm yết lệ phí" in body  # what was typed stays
    assert not re.findall(r'name="findings" value="\d+"[^>]* checked>', body)  # none was ticked in the draft
    assert not Directive.objects.filter(text="Niêm yết lệ phí").exists()
    assert client.post(url, {**draft, "findings": [wanted.pk]}).status_code == 302
    assert list(Directive.objects.get(text="Niêm yết lệ phí").findings.all()) == [wanted]


def test_the_directive_forms_areas_and_units_are_kept_until_they_change(client, cast, remediation, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections import services as inspection_services
    from inspections.tests.factories import area

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # kept for real
    client.force_login(remediation.member)
    url = reverse("remediation:visit_directives", args=[remediation.visit.pk]) + "?draft=1"
    first = client.get(url).content.decode()
    units = re.findall(r'name="units" value="(\d+)"', first)
    assert units == [str(unit.pk) for unit in sorted([cast.unit, cast.sibling], key=lambda unit: unit.name)]
    assert f'<option value="{area("PROCEDURES").pk}">Cải cách thủ tục hành chính</option>' in first
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).content.decode().count('name="units"') == 2
    read = [q["sql"] for q in second.captured_queries]
    assert not [sql for sql in read if 'FROM "inspections_reformarea"' in sql]  # the areas' options were kept
    assert not [sql for sql in read if 'SELECT U0."unit_id" FROM "inspections_inspectionvisit"' in sql]
    inspection_services.visit_schedule(
        actor=cast.home_affairs, plan=remediation.plan, unit=cast.other_unit, scheduled_on=D(2026, 5, 22)
    )
    again = client.get(url).content.decode()  # a unit visited under the plan since: offered at once
    assert f'name="units" value="{cast.other_unit.pk}"' in again


def test_the_directive_form_is_drawn_when_the_team_asks_for_it_or_has_drafted_nothing(client, cast, remediation):
    """Most who open a visit's directives come to read them: the form (the plan's units and the visit's
    shortcomings) is drawn on asking, after each directive saved (the next one), and while there is none."""
    client.force_login(remediation.member)
    url = reverse("remediation:visit_directives", args=[remediation.visit.pk])
    reading = client.get(url).content.decode()
    assert 'name="units"' not in reading and 'data-testid="draft-directive"' in reading
    assert 'href="?draft=1#draft"' in reading
    drafting = client.get(url, {"draft": 1}).content.decode()
    assert 'id="draft"' in drafting and 'name="units"' in drafting and 'data-testid="draft-directive"' not in drafting
    assert f'action="{url}?draft=1#draft"' in drafting  # a refused save or a search comes back to the form
    saved = client.post(url, {"text": "Công khai thủ tục", "units": [cast.unit.pk], "due_on": "2026-12-31"})
    assert saved.status_code == 302 and saved.url == f"{url}?draft=1#draft"
    refused = client.post(url, {"text": "", "units": [cast.unit.pk], "due_on": "2026-12-31"}).content.decode()
    assert "Hãy ghi nội dung đơn vị phải thực hiện." in refused and 'name="units"' in refused  # kept as typed
    empty = make_visit_setup(cast, year=2025)
    client.force_login(empty.member)
    assert 'name="units"' in client.get(reverse("remediation:visit_directives", args=[empty.visit.pk])).content.decode()
    client.force_login(cast.home_affairs)  # sees the directives, drafts none: neither the form nor its button
    seen = client.get(url, {"draft": 1}).content.decode()
    assert seen.count("Công khai thủ tục") == 1 and 'name="units"' not in seen and "draft-directive" not in seen


def test_a_visits_directives_show_their_tasks_and_extensions_in_a_fixed_number_of_queries(client, cast, remediation):
    directive = remediation.directive
    remediation_services.directives_lock(directives=[directive], issued_on=D(2026, 6, 15))
    extend(remediation, directive, D(2026, 12, 31), "Chờ kinh phí")
    client.force_login(remediation.member)
    url = reverse("remediation:visit_directives", args=[remediation.visit.pk])
    body = client.get(url).content.decode()
    assert "Gia hạn từ 30/09/2026 đến 31/12/2026: Chờ kinh phí" in body
    for task in (remediation.task, remediation.sibling_task):  # each unit's task, linked
        assert f'href="{reverse("remediation:task_detail", args=[task.pk])}"' in body
    one, drafting = count_queries(lambda: client.get(url)), count_queries(lambda: client.get(url, {"draft": 1}))
    draft_directives(remediation, cast, 5)
    assert count_queries(lambda: client.get(url)) == one
    assert count_queries(lambda: client.get(url, {"draft": 1})) == drafting  # with the form open too


def test_notification_bell_and_list(client, cast, remediation):
    client.force_login(cast.unit_head)
    body = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in body
    notification = Notification.objects.get(user=cast.unit_head)
    response = client.post(reverse("core:notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("remediation:task_detail", args=[remediation.task.pk])
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()
    client.force_login(cast.other_head)
    assert client.post(reverse("core:notification_open", args=[notification.pk])).status_code == 404


def test_the_directives_lists_sizes_by_visit_are_kept_until_a_directive_changes(client, cast, remediation, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # kept for real
    client.force_login(cast.home_affairs)
    url = reverse("remediation:directive_list")
    before = client.get(url).context["page"].paginator.count
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).context["page"].paginator.count == before
    assert not [q for q in second.captured_queries if "COUNT(" in q["sql"] and "remediation_directive" in q["sql"]]
    remediation_services.directive_create(
        actor=remediation.leader, visit=remediation.visit, text="Chỉ đạo mới.", units=[cast.unit], due_on=D(2026, 12, 1)
    )
    assert client.get(url).context["page"].paginator.count == before + 1  # seen at once


def test_the_directives_list_is_scoped_filtered_exported_and_flat_in_queries(client, cast, remediation):
    client.force_login(cast.home_affairs)
    url = reverse("remediation:directive_list")
    page = client.get(url, {"year": 2026})
    assert [d.pk for d in page.context["page"].object_list] == [remediation.directive.pk]
    assert page.context["page"].object_list[0].task_count == 2
    assert client.get(url, {"year": 2025}).context["page"].paginator.count == 0
    assert client.get(url, {"search": "một cửa"}).context["page"].paginator.count == 1
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Danh sách chỉ đạo khắc phục" and rows[2][-2:] == (2, 0)
    client.force_login(cast.unit_head)  # a unit sees the directive of its task, and counts only its own task
    assert client.get(url).context["page"].object_list[0].task_count == 1
    client.force_login(cast.other_head)
    assert client.get(url).context["page"].paginator.count == 0
    client.force_login(cast.home_affairs)
    few = count_queries(lambda: client.get(url))
    draft_directives(remediation, cast, 5)
    assert count_queries(lambda: client.get(url)) == few


def test_the_filters_chosen_on_one_list_follow_to_the_next_until_cleared(client, cast, remediation):
    client.force_login(cast.home_affairs)
    tasks, findings = reverse("remediation:task_list"), reverse("inspections:finding_search")
    client.get(tasks, {"year": 2026, "unit": cast.department.pk, "status": "open"})
    moved = client.get(findings)
    assert moved.status_code == 302 and moved["Location"] == f"{findings}?year=2026&unit={cast.department.pk}"
    client.get(findings, {"year": "", "unit": cast.department.pk})  # the year emptied: forgotten, the unit kept
    assert client.get(tasks)["Location"] == f"{tasks}?unit={cast.department.pk}"
    assert client.get(tasks, {"forget": "1"})["Location"] == tasks
    assert client.get(tasks).status_code == 200


def test_a_task_being_worked_on_reads_dang_thuc_hien_not_the_visits_word(client, cast, remediation):
    remediation_services.task_progress(
        actor=cast.unit_head, task=remediation.task, note="Đang làm", expected_version=current_version(remediation.task)
    )
    client.force_login(cast.unit_head)
    page = client.get(reverse("remediation:task_detail", args=[remediation.task.pk])).content.decode()
    assert "Đang thực hiện" in page and "Đang kiểm tra" not in page


def test_the_directives_page_says_what_the_units_do_not_see_yet_and_hands_it_over(client, cast):
    setup = make_remediation_setup(cast, handed_over=False)
    task_url = reverse("remediation:task_detail", args=[setup.task.pk])
    client.force_login(cast.unit_head)
    assert client.get(task_url).status_code == 404
    client.force_login(setup.leader)
    page = client.get(reverse("remediation:visit_directives", args=[setup.visit.pk])).content.decode()
    assert 'data-testid="not-handed-over"' in page and "Giao cho đơn vị ngay" in page
    answer = client.post(reverse("remediation:directives_hand_over", args=[setup.visit.pk]), follow=True)
    assert "Đã giao: đơn vị của 1 kiến nghị đã được thông báo." in answer.content.decode()
    assert 'data-testid="handed-over"' in answer.content.decode()
    client.force_login(cast.unit_head)
    assert client.get(task_url).status_code == 200


def test_the_task_counts_are_kept_until_a_task_changes_even_through_a_bulk_update(client, cast, remediation):
    """The counts over a province's tasks are kept between pages, never shown stale after a write."""
    client.force_login(cast.home_affairs)
    url = reverse("remediation:task_list")

    def counts():
        return client.get(url, {"year": 2026}).context["counts"]

    assert counts()["open"] == 2
    kept = count_queries(lambda: client.get(url, {"year": 2026}), cold=False)
    assert kept < count_queries(lambda: client.get(url, {"year": 2026}))
    RemediationTask.objects.filter(pk=remediation.task.pk).update(status=TaskStatus.SUBMITTED)  # no signal
    assert (counts()["open"], counts()["submitted"]) == (1, 1)
    on_time = client.get(reverse("remediation:task_on_time"), {"year": 2026}).context["page"].object_list
    cast.unit.name = "Chi cục Đo lường"
    cast.unit.save()
    renamed = client.get(reverse("remediation:task_on_time"), {"year": 2026}).context["page"].object_list
    assert {row["unit__name"] for row in renamed} - {row["unit__name"] for row in on_time} == {"Chi cục Đo lường"}


def comments(task, count, start=0):
    """`count` comments on `task`, a minute apart, numbered from `start` (bulk, for long timelines)."""
    from remediation.models import EventKind, TaskEvent

    first = timezone.now() + datetime.timedelta(minutes=1)  # after the task's assignment
    TaskEvent.objects.bulk_create(
        TaskEvent(task=task, kind=EventKind.COMMENT, note=f"Ý kiến số {n}", at=first + datetime.timedelta(minutes=n))
        for n in range(start, start + count)
    )


def test_a_long_timeline_shows_its_latest_steps_and_pages_back_with_bounded_queries(client, cast, remediation):
    from remediation.selectors import TIMELINE_PAGE_SIZE

    comments(remediation.task, 3)
    client.force_login(cast.unit_head)
    url = reverse("remediation:task_detail", args=[remediation.task.pk])
    short = count_queries(lambda: client.get(url))
    comments(remediation.task, 60, start=3)
    long = count_queries(lambda: client.get(url))
    assert short == long
    page = client.get(url).context["events"]
    notes = [event.note for event in page]
    assert len(notes) == TIMELINE_PAGE_SIZE and notes[-1] == "Ý kiến số 62" and "Ý kiến số 2" not in notes
    body = client.get(url).content.decode()
    assert f'href="{url}?page=2#timeline" data-testid="timeline-earlier"' in body and "timeline-later" not in body
    last = client.get(url, {"page": 4})
    last_notes = [event.note for event in last.context["events"]]
    assert last_notes == ["", "Ý kiến số 0", "Ý kiến số 1", "Ý kiến số 2"]  # the assignment, then the first comments
    assert f'href="{url}?page=3#timeline" data-testid="timeline-later"' in last.content.decode()
    # The same links on the page drawn again after a form's error, at the form's POST-only address.
    refused = client.post(reverse("remediation:task_comment", args=[remediation.task.pk]), {"note": ""})
    assert refused.status_code == 200 and f'href="{url}?page=2#timeline"' in refused.content.decode()
    assert client.get(url, {"page": "999999999999999999"}).context["events"].number == 1  # no OFFSET overflow
    assert client.get(url, {"page": "x"}).status_code == 200  # a garbled page number shows the latest


def test_the_api_timeline_comes_in_pages_oldest_first(cast, remediation, api):
    comments(remediation.task, 30)
    answer = api.as_(cast.unit_head).get(f"/api/v1/tasks/{remediation.task.pk}/timeline/", {"page_size": 10})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == remediation.task.events.count() and len(body["results"]) == 10
    moments = [row["at"] for row in body["results"]]
    assert moments == sorted(moments) and body["next"]
    other = api.as_(remediation.sibling_head).get(f"/api/v1/tasks/{remediation.task.pk}/timeline/")
    assert other.status_code == 404


def queries_as(client, users, url) -> list[int]:
    """The queries of one GET of `url` as each of `users`, in order."""
    counts = []
    for user in users:
        client.force_login(user)
        counts.append(count_queries(lambda: client.get(url)))
    return counts


def test_a_task_page_reads_a_fixed_number_of_queries_for_each_side(client, cast, remediation):
    """The task is read with its directive, visit, area, unit and delegate in the query that finds it;
    a lazy read of the visit's team (left to its id, issue 9) would show here. The unit head's side
    (asked twice: his actions, delegation) is known from the scope the task was read through."""
    url = reverse("remediation:task_detail", args=[remediation.task.pk])
    assert queries_as(client, (cast.unit_head, remediation.leader, cast.home_affairs), url) == [11, 10, 10]


def test_a_task_read_through_one_users_scope_is_asked_again_for_another(cast, remediation):
    """`get_task_for` marks the task as seen by its reader; the rules trust the mark for him only."""
    from remediation.rules import can_act_on_task
    from remediation.selectors import get_task_for, is_visible_to, tasks_visible_to

    task = get_task_for(cast.unit_head, remediation.task.pk)
    assert count_queries(lambda: is_visible_to(cast.unit_head, task)) == 0
    assert can_act_on_task(cast.unit_head, task)
    for stranger in (cast.other_head, cast.department_head):
        visible = tasks_visible_to(stranger).filter(pk=task.pk).exists()
        assert count_queries(lambda stranger=stranger: is_visible_to(stranger, task)) >= 1  # asked again
        assert can_act_on_task(stranger, task) is visible


def test_a_directives_pages_read_a_fixed_number_of_queries(client, cast, remediation):
    """The directive is read with its visit, plan and area in the query that finds it; a lazy read of
    the visit's team (left to its id, issue 9) would show here."""
    sides = (remediation.leader, cast.home_affairs)
    edit = reverse("remediation:directive_edit", args=[remediation.directive.pk])
    extend = reverse("remediation:directive_extend", args=[remediation.directive.pk])
    assert queries_as(client, sides, edit) == [12, 6]  # Home Affairs refused: not of the team
    assert queries_as(client, sides, extend) == [8, 8]


def test_each_form_of_a_task_page_labels_its_own_fields(client, cast, remediation):
    """The report and the comment both have a note, and every form a version: each form's ids are its own,
    so the comment's label names the comment's box (it named the report's) and no id is given twice."""
    url = reverse("remediation:task_detail", args=[remediation.task.pk])

    def page_as(user) -> str:
        client.force_login(user)
        html = client.get(url).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert sorted(value for value in set(ids) if ids.count(value) > 1) == []
        assert re.search(r'<label[^>]*for="comment_note"[^>]*>Trao đổi</label>', html)
        assert 'id="comment_note"' in html
        return html

    html = page_as(cast.unit_head)  # the task open: his report and his comment
    assert 'for="id_note"' in html and 'id="id_note"' in html
    remediation_services.task_submit(actor=cast.unit_head, task=remediation.task, note="Xong", files=[files.pdf()],
                                     expected_version=current_version(remediation.task))  # fmt: skip
    html = page_as(remediation.leader)  # reported: the team's return, accept and comment
    assert re.search(r'<label[^>]*for="return_reason"', html) and 'id="return_reason"' in html
    assert 'id="return_version"' in html
