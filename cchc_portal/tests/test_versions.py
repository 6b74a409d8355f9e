"""One rule for versions: a write that sends no version, a garbled one or a stale one is a conflict.

The page and the API give the same answer (the one message, nothing changed)
for edits, deletes and accepts alike, because the services require the version.
"""

import pytest
from django.urls import reverse

from conftest import current_version
from core.errors import STALE_MESSAGE
from inspections.models import Finding
from inspections.tests.factories import add_finding
from remediation import services as remediation_services
from remediation.models import Directive, RemediationTask, TaskStatus

BAD_VERSIONS = {"missing": None, "garbled": "v2", "stale": 0}


def _with(data: dict, version) -> dict:
    return data if version is None else {**data, "version": version}


def _stale(obj, kind):
    return current_version(obj) - 1 if kind == "stale" else BAD_VERSIONS[kind]


def _page_says_conflict(response) -> bool:
    return str(STALE_MESSAGE) in response.content.decode()


@pytest.fixture
def finding(setup):
    finding = add_finding(setup, text="Bản gốc")
    Finding.objects.filter(pk=finding.pk).update(version=2)  # so that "stale" (1) is a real older version
    return finding


@pytest.mark.parametrize("kind", BAD_VERSIONS)
def test_editing_a_finding(client, api, setup, finding, kind):
    version = _stale(finding, kind)
    data = {"area": finding.area_id, "kind": finding.kind, "text": "Bản mới"}
    client.force_login(setup.member)
    page = client.post(reverse("inspections:finding_edit", args=[finding.pk]), _with(data, version))
    assert page.status_code == 200 and _page_says_conflict(page)
    api_response = api.as_(setup.member).patch(
        f"/api/v1/findings/{finding.pk}/", _with({"text": "Bản mới"}, version), format="json"
    )
    assert api_response.status_code == 409 and api_response.json()["version"] == [str(STALE_MESSAGE)]
    assert Finding.objects.get(pk=finding.pk).text == "Bản gốc"


@pytest.mark.parametrize("kind", BAD_VERSIONS)
def test_deleting_a_finding(client, api, setup, finding, kind):
    version = _stale(finding, kind)
    client.force_login(setup.member)
    page = client.post(reverse("inspections:finding_delete", args=[finding.pk]), _with({}, version), follow=True)
    assert _page_says_conflict(page)
    query = "" if version is None else f"?version={version}"
    api_response = api.as_(setup.member).delete(f"/api/v1/findings/{finding.pk}/{query}")
    assert api_response.status_code == 409 and api_response.json()["version"] == [str(STALE_MESSAGE)]
    assert Finding.objects.filter(pk=finding.pk).exists()


@pytest.mark.parametrize("kind", BAD_VERSIONS)
def test_editing_and_deleting_a_directive(client, api, remediation, kind):
    directive = remediation.directive
    Directive.objects.filter(pk=directive.pk).update(version=2)
    version = _stale(directive, kind)
    client.force_login(remediation.member)
    data = {"text": "Sửa", "units": [remediation.task.unit_id], "due_on": "2026-09-30"}
    page = client.post(reverse("remediation:directive_edit", args=[directive.pk]), _with(data, version))
    assert page.status_code == 200 and _page_says_conflict(page)
    page = client.post(reverse("remediation:directive_delete", args=[directive.pk]), _with({}, version), follow=True)
    assert _page_says_conflict(page)
    member = api.as_(remediation.member)
    url = f"/api/v1/directives/{directive.pk}/"
    assert member.patch(url, _with({"text": "Sửa"}, version), format="json").status_code == 409
    query = "" if version is None else f"?version={version}"
    assert member.delete(url + query).status_code == 409
    directive.refresh_from_db()
    assert directive.text == "Công khai đầy đủ TTHC tại bộ phận một cửa."


@pytest.mark.parametrize("kind", BAD_VERSIONS)
def test_accepting_a_task(client, api, cast, remediation, kind):
    task = remediation.task
    remediation_services.task_submit(actor=cast.unit_head, task=task, note="Xong", expected_version=1)
    version = _stale(task, kind)
    client.force_login(remediation.leader)
    page = client.post(reverse("remediation:task_accept", args=[task.pk]), _with({}, version), follow=True)
    assert _page_says_conflict(page)
    api_response = api.as_(remediation.leader).post(
        f"/api/v1/tasks/{task.pk}/accept/", _with({}, version), format="json"
    )
    assert api_response.status_code == 409 and api_response.json()["version"] == [str(STALE_MESSAGE)]
    assert RemediationTask.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED
    # With the version the user read, both accept.
    assert (
        client.post(reverse("remediation:task_accept", args=[task.pk]), {"version": current_version(task)}).status_code
        == 302
    )
    assert RemediationTask.objects.get(pk=task.pk).status == TaskStatus.ACCEPTED
