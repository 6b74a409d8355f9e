"""Hostile or odd input on remediation: scoping inside shared directives, delegation, deadlines, search."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import current_version
from inspections import services
from inspections.models import TeamMember, TeamRole
from remediation import services as remediation_services
from remediation.tests.factories import extend

D = datetime.date


def test_someone_of_the_unit_side_in_the_team_still_cannot_verify(cast, remediation):
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(actor=cast.home_affairs, team=remediation.team, user=cast.unit_head)
    assert "user" in refused.value.message_dict
    # A membership from before the rule (or written around the services) still gives no team side.
    TeamMember.objects.create(team=remediation.team, user=cast.unit_head, full_name="Head", role=TeamRole.MEMBER)
    remediation_services.task_submit(
        actor=cast.unit_head, task=remediation.task, note="Xong", expected_version=current_version(remediation.task)
    )
    with pytest.raises(PermissionDenied):
        remediation_services.task_accept(
            actor=cast.unit_head, task=remediation.task, expected_version=current_version(remediation.task)
        )


def test_a_unit_sees_only_its_own_task_of_a_shared_directive(api, cast, remediation):
    body = api.as_(cast.unit_head).get(f"/api/v1/directives/{remediation.directive.pk}/").json()
    assert [task["unit"] for task in body["tasks"]] == [cast.unit.pk]


def test_delegating_outside_the_unit_is_a_field_error(api, cast, remediation):
    response = api.as_(cast.unit_head).post(
        f"/api/v1/tasks/{remediation.task.pk}/delegate/", {"delegate": remediation.sibling_head.pk}, format="json"
    )
    assert response.status_code == 400 and "delegate" in response.json()


def test_extending_a_deadline_given_in_days_makes_it_a_date_for_good(cast, remediation):
    directive = remediation_services.directive_create(
        actor=remediation.leader, visit=remediation.visit, text="Trong 30 ngày", units=[cast.unit], due_days=30
    )
    extend(remediation, directive, D(2026, 12, 31), "Chờ")
    remediation_services.directives_lock(directives=[directive], issued_on=D(2026, 6, 1))
    directive.refresh_from_db()
    assert (directive.due_on, directive.due_days) == (D(2026, 12, 31), None)


def test_search_parameter_on_task_and_directive_lists(api, cast, remediation):
    client = api.as_(remediation.leader)
    assert client.get("/api/v1/tasks/", {"search": "một cửa"}).json()["count"] == 2
    assert client.get("/api/v1/tasks/", {"search": "không có"}).json()["count"] == 0
    assert client.get("/api/v1/directives/", {"search": "một cửa"}).json()["count"] == 1


def test_evidence_downloads_for_token_clients(api, cast, remediation):
    from inspections.tests import files

    remediation_services.task_submit(
        actor=cast.unit_head,
        task=remediation.task,
        note="Xong",
        files=[files.pdf()],
        expected_version=current_version(remediation.task),
    )
    timeline = api.as_(cast.unit_head).get(f"/api/v1/tasks/{remediation.task.pk}/timeline/").json()
    url = timeline["results"][1]["evidence"][0]["api_url"]
    response = api.as_(remediation.leader).get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == files.PDF
    assert api.as_(remediation.sibling_head).get(url).status_code == 404


@pytest.mark.parametrize(
    "path, name",
    [("/api/v1/tasks/", "unit"), ("/api/v1/findings/", "unit"), ("/api/v1/directives/", "unit"),
     ("/api/v1/inspections/", "unit"), ("/api/v1/documents/", "issuer"), ("/api/v1/tasks/", "directive")],
)  # fmt: skip
def test_an_id_past_64_bits_in_a_filter_is_a_field_error_not_a_500(api, cast, path, name):
    # "²" is what schemathesis found: a digit to str.isdigit(), not to int().
    for value in ("9223372036854775808", "²"):
        response = api.as_(cast.home_affairs).get(path, {name: value})
        assert response.status_code == 400 and name in response.json()


def test_a_search_of_50000_characters_is_refused_with_a_message(client, cast):
    client.force_login(cast.home_affairs)
    response = client.get(reverse("inspections:finding_search"), {"search": "thủ tục " * 6250})
    assert response.status_code == 200 and "tối đa 200" in response.content.decode()
    assert response.context["page"].paginator.count == 0
