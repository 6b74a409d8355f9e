"""The pages and the API read the same rules: list filters (FilterSets) and the task transition table."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from conftest import current_version
from inspections.tests.factories import add_finding
from remediation import services as remediation_services
from remediation.rules import allowed_actions

D = datetime.date


def _page_ids(client, url, query) -> set[int]:
    response = client.get(url, query)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].object_list}


def _api_ids(api, url, query) -> set[int]:
    response = api.get(url, query)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@time_machine.travel(D(2026, 10, 5))
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"overdue": "true"},
        {"overdue": "false"},
        {"status": "submitted"},
        {"area": "PROCEDURES"},
        {"unit": "department"},
        {"unit": "unit"},
        {"year": "2026"},
    ],
)
def test_task_filters_agree(client, api, cast, remediation, query):
    remediation_services.task_submit(
        actor=cast.unit_head, task=remediation.task, note="Xong", expected_version=current_version(remediation.task)
    )
    query = {key: getattr(cast, value).pk if key == "unit" else value for key, value in query.items()}
    client.force_login(remediation.leader)
    page = _page_ids(client, reverse("remediation:task_list"), query)
    assert page == _api_ids(api.as_(remediation.leader), "/api/v1/tasks/", query)
    if query.get("unit") == cast.department.pk:
        assert page == {remediation.task.pk, remediation.sibling_task.pk}  # the subtree, not the department alone


@pytest.mark.parametrize(
    "query", [{"search": "thu tuc"}, {"kind": "strength"}, {"area": "PROCEDURES"}, {"year": "2026"}]
)
def test_finding_filters_agree(client, api, setup, query):
    add_finding(setup, text="Công khai thủ tục hành chính chưa đầy đủ.")
    add_finding(setup, code="MODERNISATION", kind="strength", text="Ứng dụng chữ ký số tốt.")
    client.force_login(setup.member)
    page = _page_ids(client, reverse("inspections:finding_search"), query)
    assert page and page == _api_ids(api.as_(setup.member), "/api/v1/findings/", query)


def test_a_bad_filter_is_a_message_on_the_page_and_a_field_error_in_the_api(client, api, cast, remediation):
    client.force_login(remediation.leader)
    response = client.get(reverse("remediation:task_list"), {"unit": 9223372036854775808})
    assert response.status_code == 200 and response.context["filter"].errors["unit"]
    api_response = api.as_(remediation.leader).get("/api/v1/tasks/", {"unit": 9223372036854775808})
    assert api_response.status_code == 400 and "unit" in api_response.json()


def test_the_task_page_and_the_api_offer_the_same_actions(client, api, cast, remediation):
    task = remediation.task
    for user, expected in ((cast.unit_head, ["progress", "submit"]), (remediation.leader, [])):
        client.force_login(user)
        assert client.get(reverse("remediation:task_detail", args=[task.pk])).context["actions"] == expected
        assert api.as_(user).get(f"/api/v1/tasks/{task.pk}/").json()["actions"] == expected
    remediation_services.task_submit(
        actor=cast.unit_head, task=task, note="Xong", expected_version=current_version(task)
    )
    task.refresh_from_db()
    assert allowed_actions(cast.unit_head, task) == []
    assert api.as_(remediation.leader).get(f"/api/v1/tasks/{task.pk}/").json()["actions"] == ["accept", "return"]
    page = client.get(reverse("remediation:task_detail", args=[task.pk])).content.decode()
    assert f'action="/remediation/tasks/{task.pk}/accept/"' in page
