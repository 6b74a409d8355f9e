"""Edge cases found in review: bad input is a 4xx, never a 500; rules hold on every path."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import InspectionPlan, TeamRole
from inspections.tests.factories import add_finding

D = datetime.date


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/inspections/?year=10000",
        "/api/v1/findings/?year=0",
        "/api/v1/tasks/?year=99999",
        "/api/v1/plans/?year=-1",
    ],
)
def test_out_of_range_years_are_field_errors(api, cast, path):
    assert api.as_(cast.home_affairs).get(path).status_code == 400


def test_out_of_range_year_on_pages_is_ignored_not_a_crash(client, cast):
    client.force_login(cast.home_affairs)
    assert client.get(reverse("inspections:visit_list"), {"year": 10000}).status_code == 200
    assert client.get(reverse("inspections:plan_list"), {"year": 0}).status_code == 200


def test_odd_digits_and_list_bodies_are_refused_cleanly(api, client, setup):
    finding = add_finding(setup)
    member = api.as_(setup.member)
    assert member.delete(f"/api/v1/findings/{finding.pk}/?version=²").status_code == 400
    assert (
        member.generic("DELETE", f"/api/v1/findings/{finding.pk}/", "[1]", content_type="application/json").status_code
        == 400
    )
    client.force_login(setup.member)
    url = reverse("inspections:finding_create", args=[setup.visit.pk])
    assert client.post(url, {"area": "abc", "kind": "strength", "text": "X"}).status_code == 404
    assert client.post(reverse("inspections:finding_delete", args=[finding.pk]), {"version": "²"}).status_code == 302


def test_similar_hints_are_only_for_the_recording_team(client, cast, setup):
    add_finding(setup, text="Lấy ý kiến khách hàng chưa hiệu quả")
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    client.force_login(cast.unit_head)
    response = client.get(reverse("inspections:similar", args=[setup.visit.pk]), {"text": "lấy ý kiến khách hàng"})
    assert response.status_code == 200 and response.context["similar"] == []


def test_plan_number_comes_from_the_issued_document_once_there_is_one(cast, setup):
    services.plan_record_issue(plan=setup.plan, number="05/KH-UBND", issued_on=D(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.plan_update(actor=cast.home_affairs, plan=setup.plan, number="06/KH-UBND")
    services.plan_update(actor=cast.home_affairs, plan=setup.plan, title="Kế hoạch kiểm tra CCHC năm 2026 (sửa)")
    plan = InspectionPlan.objects.get(pk=setup.plan.pk)
    assert (plan.number, plan.status) == ("05/KH-UBND", "issued")


def test_a_stale_plan_form_does_not_undo_the_number(client, cast, setup):
    client.force_login(cast.home_affairs)
    page = client.get(reverse("inspections:plan_edit", args=[setup.plan.pk]))
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(areas=[a.pk for a in setup.plan.areas.all()], issuer=cast.province.pk, title="Tên mới")
    services.plan_record_issue(plan=setup.plan, number="05/KH-UBND", issued_on=D(2026, 2, 1))
    response = client.post(reverse("inspections:plan_edit", args=[setup.plan.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    plan = InspectionPlan.objects.get(pk=setup.plan.pk)
    assert (plan.title, plan.number) == ("Tên mới", "05/KH-UBND")


def test_an_inspector_cannot_copy_a_province_plan_into_their_own(setup):
    with pytest.raises(ValidationError):
        services.plan_copy(actor=setup.leader, plan=setup.plan, year=2027)


def test_someone_of_the_unit_side_in_the_team_still_cannot_verify(cast, remediation):
    services.team_member_add(actor=cast.home_affairs, team=remediation.team, user=cast.unit_head, role=TeamRole.MEMBER)
    services.task_submit(actor=cast.unit_head, task=remediation.task, note="Xong")
    with pytest.raises(PermissionDenied):
        services.task_accept(actor=cast.unit_head, task=remediation.task)


def test_a_unit_sees_only_its_own_task_of_a_shared_directive(api, cast, remediation):
    body = api.as_(cast.unit_head).get(f"/api/v1/directives/{remediation.directive.pk}/").json()
    assert [task["unit"] for task in body["tasks"]] == [cast.unit.pk]


def test_delegating_outside_the_unit_is_a_field_error(api, cast, remediation):
    response = api.as_(cast.unit_head).post(
        f"/api/v1/tasks/{remediation.task.pk}/delegate/", {"delegate": remediation.sibling_head.pk}, format="json"
    )
    assert response.status_code == 400 and "delegate" in response.json()


def test_extending_a_deadline_given_in_days_makes_it_a_date_for_good(cast, remediation):
    directive = services.directive_create(
        actor=remediation.leader, visit=remediation.visit, text="Trong 30 ngày", units=[cast.unit], due_days=30
    )
    services.directive_extend(actor=remediation.leader, directive=directive, new_due_on=D(2026, 12, 31), reason="Chờ")
    services.directives_lock(directives=[directive], issued_on=D(2026, 6, 1))
    directive.refresh_from_db()
    assert (directive.due_on, directive.due_days) == (D(2026, 12, 31), None)


def test_search_parameter_on_task_and_directive_lists(api, cast, remediation):
    client = api.as_(remediation.leader)
    assert client.get("/api/v1/tasks/", {"search": "một cửa"}).json()["count"] == 2
    assert client.get("/api/v1/tasks/", {"search": "không có"}).json()["count"] == 0
    assert client.get("/api/v1/directives/", {"search": "một cửa"}).json()["count"] == 1


def test_overlong_unit_names_are_field_errors(api, cast):
    response = api.as_(cast.admin).post(
        f"/api/v1/units/{cast.unit.pk}/rename/", {"name": "x" * 300, "effective_on": "2024-01-01"}, format="json"
    )
    assert response.status_code == 400 and "name" in response.json()


def test_evidence_downloads_for_token_clients(api, cast, remediation):
    from inspections.tests import files

    services.task_submit(actor=cast.unit_head, task=remediation.task, note="Xong", files=[files.pdf()])
    timeline = api.as_(cast.unit_head).get(f"/api/v1/tasks/{remediation.task.pk}/timeline/").json()
    url = timeline[1]["evidence"][0]["api_url"]
    response = api.as_(remediation.leader).get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == files.PDF
    assert api.as_(remediation.sibling_head).get(url).status_code == 404


def test_finding_evidence_download_by_api(api, cast, setup):
    from inspections.tests import files

    finding = add_finding(setup, files=[files.png()])
    body = api.as_(setup.member).get(f"/api/v1/findings/{finding.pk}/").json()
    response = api.as_(setup.leader).get(body["evidence"][0]["api_url"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == files.PNG
    assert api.as_(cast.outside_inspector).get(body["evidence"][0]["api_url"]).status_code == 404
