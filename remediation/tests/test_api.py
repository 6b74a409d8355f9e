import datetime

import pytest
import time_machine

from conftest import count_queries
from inspections.tests import files
from remediation import services as remediation_services
from remediation.models import RemediationTask, TaskStatus
from remediation.tests.test_views import grow

D = datetime.date


def test_contract_fields(api, cast, remediation):
    client = api.as_(cast.unit_head)
    task = client.get(f"/api/v1/tasks/{remediation.task.pk}/").json()
    assert {"id", "directive", "unit", "status", "due_on", "is_overdue", "version"} <= task.keys()
    assert (task["status"], task["due_on"], task["unit"]) == ("open", "2026-09-30", cast.unit.pk)
    directive = api.as_(remediation.member).get(f"/api/v1/directives/{remediation.directive.pk}/").json()
    assert {"id", "inspection", "text", "due_on", "units", "findings", "version"} <= directive.keys()
    assert sorted(directive["units"]) == sorted([cast.unit.pk, cast.sibling.pk])
    assert directive["findings"] == [remediation.shortcoming.pk]


def test_directive_to_three_units_and_each_head_sees_its_own(api, cast, remediation):
    third = remediation.plan.visits.create(team=remediation.team, unit=cast.other_unit, scheduled_on=D(2026, 5, 22))
    response = api.as_(remediation.leader).post(
        "/api/v1/directives/",
        {
            "inspection": remediation.visit.pk,
            "text": "Đảm bảo chế độ báo cáo CCHC định kỳ",
            "units": [cast.unit.pk, cast.sibling.pk, third.unit_id],
            "due_on": "2026-12-31",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    directive_id = response.json()["id"]
    assert len(response.json()["tasks"]) == 3 and response.json()["handed_over_at"] is None
    # A new directive is the team's draft until its letter is issued or the team hands it over.
    hidden = api.as_(cast.unit_head).get("/api/v1/tasks/").json()["results"]
    assert hidden and directive_id not in {task["directive"] for task in hidden}
    refused = api.as_(remediation.member).post("/api/v1/directives/hand-over/", {"inspection": remediation.visit.pk})
    assert refused.status_code == 403, refused.json()
    handed = api.as_(remediation.leader).post("/api/v1/directives/hand-over/", {"inspection": remediation.visit.pk})
    assert handed.status_code == 200 and [d["id"] for d in handed.json()] == [directive_id]
    assert handed.json()[0]["handed_over_at"]
    for head in (cast.unit_head, remediation.sibling_head, cast.other_head):
        mine = api.as_(head).get("/api/v1/tasks/", {"directive": directive_id}).json()["results"]
        assert len(mine) == 1 and mine[0]["unit"] == head.unit_id


def test_submit_with_files_return_and_accept(api, cast, remediation):
    client = api.as_(cast.unit_head)
    url = f"/api/v1/tasks/{remediation.task.pk}/"
    bad = client.post(
        url + "submit/", {"note": "Xong", "files": [files.disguised_exe()], "version": 1}, format="multipart"
    )
    assert bad.status_code == 400 and "files" in bad.json()
    assert RemediationTask.objects.get(pk=remediation.task.pk).status == TaskStatus.OPEN
    ok = client.post(
        url + "submit/", {"note": "Xong", "files": [files.pdf(), files.png()], "version": 1}, format="multipart"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"
    assert api.as_(cast.unit_head).post(url + "accept/", {"version": 2}, format="json").status_code == 403
    returned = api.as_(remediation.member).post(url + "return/", {"reason": "", "version": 2}, format="json")
    assert returned.status_code == 400 and "reason" in returned.json()
    returned = api.as_(remediation.member).post(url + "return/", {"reason": "Thiếu ảnh", "version": 2}, format="json")
    assert returned.json()["status"] == "returned"
    resubmitted = api.as_(cast.unit_head).post(url + "submit/", {"note": "Bổ sung", "version": 3}, format="multipart")
    assert resubmitted.json()["status"] == "submitted"
    accepted = api.as_(remediation.leader).post(url + "accept/", {"version": 4}, format="json")
    assert accepted.json()["status"] == "accepted"
    timeline = api.as_(cast.unit_head).get(url + "timeline/").json()["results"]
    assert [event["kind"] for event in timeline] == ["created", "submitted", "returned", "submitted", "accepted"]
    assert len(timeline[1]["evidence"]) == 2


def test_stale_version_is_409(api, cast, remediation):
    client = api.as_(cast.unit_head)
    url = f"/api/v1/tasks/{remediation.task.pk}/"
    assert client.post(url + "progress/", {"note": "A", "version": 1}, format="json").status_code == 200
    stale = client.post(url + "submit/", {"note": "B", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert RemediationTask.objects.get(pk=remediation.task.pk).status == TaskStatus.IN_PROGRESS


def test_another_units_task_and_evidence_are_404(api, cast, remediation):
    api.as_(cast.unit_head).post(
        f"/api/v1/tasks/{remediation.task.pk}/submit/", {"note": "Xong", "files": [files.pdf()]}, format="multipart"
    )
    client = api.as_(remediation.sibling_head)
    assert client.get(f"/api/v1/tasks/{remediation.task.pk}/").status_code == 404
    assert client.post(f"/api/v1/tasks/{remediation.task.pk}/submit/", {"note": "X"}, format="json").status_code == 404
    evidence = client.get(f"/api/v1/tasks/{remediation.sibling_task.pk}/timeline/").json()["results"]
    assert all(not event["evidence"] for event in evidence)


def test_directive_edit_needs_version_and_locks_after_issue(api, cast, remediation):
    client = api.as_(remediation.member)
    url = f"/api/v1/directives/{remediation.directive.pk}/"
    assert client.patch(url, {"text": "Mới"}, format="json").status_code == 409
    assert client.patch(url, {"text": "Mới", "version": 1}, format="json").status_code == 200
    assert client.patch(url, {"text": "Cũ", "version": 1}, format="json").status_code == 409
    remediation_services.directives_lock(directives=[remediation.directive], issued_on=D(2026, 6, 1))
    assert client.patch(url, {"text": "Khác", "version": 2}, format="json").status_code == 400
    extend = api.as_(remediation.leader).post(
        url + "extend/", {"due_on": "2026-12-31", "reason": "Chờ kinh phí", "version": 2}, format="json"
    )
    assert extend.status_code == 200 and extend.json()["due_on"] == "2026-12-31"


@time_machine.travel(D(2026, 10, 5))
def test_overdue_filter(api, cast, remediation):
    client = api.as_(remediation.leader)
    assert client.get("/api/v1/tasks/", {"overdue": "true"}).json()["count"] == 2
    body = client.get(f"/api/v1/tasks/{remediation.task.pk}/").json()
    assert body["is_overdue"] is True


def test_task_list_runs_the_same_number_of_queries_for_10_or_2000(api, cast, remediation):
    client = api.as_(cast.unit_head)
    grow(remediation, cast, 8)
    client.get("/api/v1/tasks/")  # the user's scope is then cached on the (reused) user object
    small = count_queries(lambda: client.get("/api/v1/tasks/", {"page_size": 200}))
    grow(remediation, cast, 1990)
    large = count_queries(lambda: client.get("/api/v1/tasks/", {"page_size": 200}))
    assert small == large


def test_notifications_api(api, cast, remediation):
    client = api.as_(cast.unit_head)
    body = client.get("/api/v1/notifications/", {"unread": "true"}).json()
    assert body["count"] == 1
    notification = body["results"][0]["id"]
    assert client.post(f"/api/v1/notifications/{notification}/read/").json()["read_at"]
    assert client.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 0
    assert api.as_(cast.other_head).post(f"/api/v1/notifications/{notification}/read/").status_code == 404


@pytest.mark.parametrize(
    "role, read, submit, accept",
    [
        ("admin", 200, 403, 403),
        ("home_affairs", 200, 403, 403),
        ("leader", 200, 403, 400),
        ("member", 200, 403, 400),
        ("outside_inspector", 404, 404, 404),
        ("unit_head", 200, 200, 403),
        ("department_head", 200, 200, 403),
        ("other_head", 404, 404, 404),
    ],
)
def test_task_permission_matrix(api, cast, remediation, role, read, submit, accept):
    user = {"leader": remediation.leader, "member": remediation.member}.get(role) or getattr(cast, role)
    client = api.as_(user)
    url = f"/api/v1/tasks/{remediation.task.pk}/"
    assert client.get(url).status_code == read
    version = remediation.task.version
    assert client.post(url + "submit/", {"note": "Xong", "version": version}, format="json").status_code == submit
    assert client.post(url + "accept/", {"version": version}, format="json").status_code == accept


@pytest.mark.parametrize("role", ["leader", "unit_head"])
def test_a_directives_page_shows_what_each_directive_shows_on_its_own_in_constant_queries(api, cast, remediation, role):
    """The list reads units, findings and tasks from plain prefetched lists (`core.api.prefetched`)."""
    user = remediation.leader if role == "leader" else cast.unit_head
    client = api.as_(user)
    grow(remediation, cast, 2)
    client.get("/api/v1/directives/")  # the user's scope, worked out once for the signed-in user
    few = count_queries(lambda: client.get("/api/v1/directives/", {"page_size": 200}))
    grow(remediation, cast, 30)
    assert count_queries(lambda: client.get("/api/v1/directives/", {"page_size": 200})) == few
    listed = client.get("/api/v1/directives/", {"page_size": 200}).json()["results"]
    assert len(listed) == 33
    shared = next(row for row in listed if row["id"] == remediation.directive.pk)
    # The leader sees both units' tasks of the shared directive; the unit head only his own.
    assert len(shared["tasks"]) == (2 if role == "leader" else 1)
    for row in listed:
        assert client.get(f"/api/v1/directives/{row['id']}/").json() == row
