"""Who may do what, role by endpoint, by page and by API (issue 3 §9)."""

import pytest
from django.urls import reverse

from inspections import services
from inspections.tests import files
from inspections.tests.factories import add_finding

ROLES = ["admin", "home_affairs", "leader", "member", "outside_inspector", "unit_head", "other_head"]


def who(cast, setup, role):
    return {"leader": setup.leader, "member": setup.member}.get(role) or getattr(cast, role)


def call(client, setup, finding, endpoint):
    visit = setup.visit.pk
    if endpoint == "visit page":
        return client.get(reverse("inspections:visit_detail", args=[visit]))
    if endpoint == "plan page":
        return client.get(reverse("inspections:plan_detail", args=[setup.plan.pk]))
    if endpoint == "evidence":
        return client.get(reverse("inspections:evidence_download", args=[finding.evidence.get().pk]))
    if endpoint == "edit page":
        return client.get(reverse("inspections:finding_edit", args=[finding.pk]))
    if endpoint == "api visit":
        return client.get(f"/api/v1/inspections/{visit}/")
    if endpoint == "api finding":
        return client.get(f"/api/v1/findings/{finding.pk}/")
    if endpoint == "api conclude":
        return client.post(f"/api/v1/inspections/{visit}/conclude/")
    if endpoint == "api create finding":
        data = {"inspection": visit, "area": "PROCEDURES", "kind": "strength", "text": "Tốt"}
        return client.post("/api/v1/findings/", data, content_type="application/json")
    if endpoint == "api edit finding":
        data = {"text": "Sửa", "version": finding.version}
        return client.patch(f"/api/v1/findings/{finding.pk}/", data, content_type="application/json")
    raise AssertionError(endpoint)


IN_PROGRESS = {
    # endpoint: statuses for admin, home_affairs, leader, member, outside_inspector, unit_head, other_head
    "visit page": [200, 200, 200, 200, 404, 404, 404],
    "plan page": [200, 200, 200, 200, 404, 404, 404],
    "evidence": [200, 200, 200, 200, 404, 404, 404],
    "edit page": [403, 403, 200, 200, 404, 404, 404],
    "api visit": [200, 200, 200, 200, 404, 404, 404],
    "api finding": [200, 200, 200, 200, 404, 404, 404],
    "api conclude": [403, 403, 200, 403, 404, 404, 404],
    # Units' own people are refused before the body is read; an outsider's visit is an unknown choice.
    "api create finding": [403, 403, 201, 201, 400, 403, 403],
    "api edit finding": [403, 403, 200, 200, 404, 404, 404],
}
CONCLUDED = {
    "visit page": [200, 200, 200, 200, 404, 200, 404],
    "api visit": [200, 200, 200, 200, 404, 200, 404],
    "api finding": [200, 200, 200, 200, 404, 200, 404],
    "evidence": [200, 200, 200, 200, 404, 200, 404],
    "api conclude": [403, 403, 400, 403, 404, 403, 404],
    "api edit finding": [403, 403, 400, 400, 404, 403, 404],
}


def _cases(table):
    return [
        (endpoint, role, statuses[index]) for endpoint, statuses in table.items() for index, role in enumerate(ROLES)
    ]


@pytest.mark.parametrize("endpoint, role, expected", _cases(IN_PROGRESS))
def test_visit_in_progress(client, cast, setup, endpoint, role, expected):
    finding = add_finding(setup, files=[files.png()])
    client.force_login(who(cast, setup, role))
    assert call(client, setup, finding, endpoint).status_code == expected


@pytest.mark.parametrize("endpoint, role, expected", _cases(CONCLUDED))
def test_concluded_visit(client, cast, setup, endpoint, role, expected):
    finding = add_finding(setup, files=[files.png()])
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    client.force_login(who(cast, setup, role))
    assert call(client, setup, finding, endpoint).status_code == expected
