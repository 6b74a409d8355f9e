import datetime

import time_machine

from conftest import current_version
from inspections import services as inspection_services
from remediation import services as remediation_services
from reports import jobs, services
from reports.tests.factories import draft
from units.models import Role
from units.tests.factories import make_user


def test_another_teams_visit_documents_are_404(api, cast, remediation):
    other_team = remediation.plan.teams.create(name="Đoàn 2")
    outsider = make_user("team2", Role.INSPECTOR, cast.department)
    inspection_services.team_member_add(actor=cast.home_affairs, team=other_team, user=outsider)
    minutes = draft(actor=remediation.leader, kind="minutes", plan=remediation.plan, visit=remediation.visit)
    assert api.as_(outsider).get(f"/api/v1/documents/{minutes.pk}/").status_code == 404
    assert api.as_(remediation.member).get(f"/api/v1/documents/{minutes.pk}/").status_code == 200


def test_pdf_with_an_accept_header_and_a_missing_file(api, remediation, letter, settings):
    jobs.document_render(letter.pk)
    client = api.as_(remediation.leader)
    response = client.get(f"/api/v1/documents/{letter.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    letter.refresh_from_db()
    letter.pdf_file.storage.delete(letter.pdf_file.name)
    assert client.get(f"/api/v1/documents/{letter.pk}/pdf/", HTTP_ACCEPT="application/pdf").status_code == 404


def test_issuing_a_draft_changed_since_it_was_read_is_409(api, remediation, letter):
    services.document_update(actor=remediation.member, document=letter, expected_version=1, subject="Đổi")
    response = api.as_(remediation.leader).post(f"/api/v1/documents/{letter.pk}/issue/", {"version": 1}, format="json")
    assert response.status_code == 409
    letter.refresh_from_db()
    assert letter.number is None


@time_machine.travel(datetime.date(2026, 6, 15))
def test_the_letter_locks_only_the_directives_it_carries(cast, remediation, letter):
    later = remediation_services.directive_create(
        actor=remediation.leader,
        visit=remediation.visit,
        text="Kiến nghị sau khi lập dự thảo",
        units=[cast.unit],
        due_days=20,
    )
    services.document_issue(actor=remediation.leader, document=letter, expected_version=current_version(letter))
    remediation.directive.refresh_from_db()
    later.refresh_from_db()
    assert remediation.directive.is_locked and not later.is_locked and later.due_on is None


def test_document_search(api, remediation, letter):
    client = api.as_(remediation.leader)
    assert client.get("/api/v1/documents/", {"search": "khắc phục"}).json()["count"] == 1
    assert client.get("/api/v1/documents/", {"search": "không có gì"}).json()["count"] == 0
