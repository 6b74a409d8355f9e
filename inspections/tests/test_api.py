import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import count_queries
from inspections import services
from inspections.models import Finding, FindingEvidence
from inspections.tests import files
from inspections.tests.factories import add_finding, area


def test_contract_fields(api, setup):
    finding = add_finding(setup)
    client = api.as_(setup.member)
    plan = client.get(f"/api/v1/plans/{setup.plan.pk}/").json()
    assert {"id", "title", "year", "issuer", "number", "issued_on", "status"} <= plan.keys()
    visit = client.get(f"/api/v1/inspections/{setup.visit.pk}/").json()
    assert {"id", "plan", "unit", "scheduled_on", "status"} <= visit.keys()
    assert visit["status"] == "in_progress" and visit["scheduled_on"] == "2026-05-20"
    body = client.get(f"/api/v1/findings/{finding.pk}/").json()
    assert {"id", "inspection", "area", "kind", "text", "version"} <= body.keys()
    assert (body["area"], body["kind"], body["version"], body["inspection"]) == (
        "PROCEDURES",
        "shortcoming",
        1,
        setup.visit.pk,
    )


def test_create_finding_with_indicators(api, setup):
    response = api.as_(setup.member).post(
        "/api/v1/findings/",
        {
            "inspection": setup.visit.pk,
            "area": "MODERNISATION",
            "kind": "strength",
            "text": "Cung cấp 43 dịch vụ công trực tuyến mức độ 3, 4",
            "indicators": [{"name": "dịch vụ công trực tuyến mức độ 4", "value": 20, "unit": ""}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["indicators"] == [{"name": "dịch vụ công trực tuyến mức độ 4", "value": 20.0, "unit": ""}]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"area": "UNKNOWN", "kind": "strength", "text": "X"}, "area"),
        ({"area": "PROCEDURES", "kind": "maybe", "text": "X"}, "kind"),
        ({"area": "PROCEDURES", "kind": "strength", "text": ""}, "text"),
        ({"area": "PROCEDURES", "kind": "strength", "text": "   "}, "text"),
        (
            {"area": "PROCEDURES", "kind": "strength", "text": "X", "indicators": [{"name": "a", "value": "nhiều"}]},
            "indicators",
        ),
    ],
)
def test_bad_input_gets_field_errors(api, setup, payload, field):
    response = api.as_(setup.member).post("/api/v1/findings/", {"inspection": setup.visit.pk, **payload}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Finding.objects.exists()


def test_field_errors_are_vietnamese(api, setup):
    response = api.as_(setup.member).post(
        "/api/v1/findings/",
        {"inspection": setup.visit.pk, "area": "PROCEDURES", "kind": "strength", "text": "  "},
        format="json",
    )
    assert response.json()["text"] == ["Hãy ghi nội dung nhận xét."] or "trống" in response.json()["text"][0]


def test_stale_version_is_409_and_changes_nothing(api, setup):
    finding = add_finding(setup)
    first = api.as_(setup.member).patch(f"/api/v1/findings/{finding.pk}/", {"text": "A", "version": 1}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api.as_(setup.leader).patch(f"/api/v1/findings/{finding.pk}/", {"text": "B", "version": 1}, format="json")
    assert second.status_code == 409
    assert second.json()["current_version"] == 2
    assert Finding.objects.get(pk=finding.pk).text == "A"


def test_write_without_version_is_a_conflict_and_changes_nothing(api, setup):
    finding = add_finding(setup)
    response = api.as_(setup.member).patch(f"/api/v1/findings/{finding.pk}/", {"text": "B"}, format="json")
    assert response.status_code == 409 and "version" in response.json()
    assert api.as_(setup.member).delete(f"/api/v1/findings/{finding.pk}/").status_code == 409
    assert Finding.objects.get(pk=finding.pk).text == finding.text


def test_delete_with_version(api, setup):
    finding = add_finding(setup)
    assert api.as_(setup.member).delete(f"/api/v1/findings/{finding.pk}/?version=2").status_code == 409
    assert api.as_(setup.member).delete(f"/api/v1/findings/{finding.pk}/?version=1").status_code == 204


def test_conclude_locks_the_findings(api, setup):
    finding = add_finding(setup)
    response = api.as_(setup.leader).post(f"/api/v1/inspections/{setup.visit.pk}/conclude/")
    assert response.status_code == 200 and response.json()["status"] == "concluded"
    locked = api.as_(setup.member).patch(f"/api/v1/findings/{finding.pk}/", {"text": "B", "version": 1}, format="json")
    assert locked.status_code == 400
    created = api.as_(setup.member).post(
        "/api/v1/findings/",
        {"inspection": setup.visit.pk, "area": "PROCEDURES", "kind": "strength", "text": "X"},
        format="json",
    )
    assert created.status_code == 400
    reopened = api.as_(setup.leader).post(
        f"/api/v1/inspections/{setup.visit.pk}/reopen/", {"reason": ""}, format="json"
    )
    assert reopened.status_code == 400 and "reason" in reopened.json()
    reopened = api.as_(setup.leader).post(
        f"/api/v1/inspections/{setup.visit.pk}/reopen/", {"reason": "Bổ sung"}, format="json"
    )
    assert reopened.json()["status"] == "in_progress"


def test_evidence_upload_checks_every_file(api, setup):
    finding = add_finding(setup)
    client = api.as_(setup.member)
    bad = client.post(
        f"/api/v1/findings/{finding.pk}/evidence/", {"files": [files.pdf(), files.disguised_exe()]}, format="multipart"
    )
    assert bad.status_code == 400 and not FindingEvidence.objects.exists()
    good = client.post(
        f"/api/v1/findings/{finding.pk}/evidence/", {"files": [files.png(), files.pdf()]}, format="multipart"
    )
    assert good.status_code == 201 and len(good.json()) == 2


def test_filters_and_search(api, setup):
    add_finding(setup, text="Công khai thủ tục hành chính")
    add_finding(setup, code="MODERNISATION", kind="strength", text="Chữ ký số")
    client = api.as_(setup.member)
    assert client.get("/api/v1/findings/", {"search": "thu tuc"}).json()["count"] == 1
    assert client.get("/api/v1/findings/", {"area": "MODERNISATION"}).json()["count"] == 1
    assert client.get("/api/v1/findings/", {"kind": "shortcoming", "year": 2026}).json()["count"] == 1
    assert client.get("/api/v1/inspections/", {"status": "in_progress"}).json()["count"] == 1
    assert client.get("/api/v1/plans/", {"year": 2025}).json()["count"] == 0


def test_plans_api_create_and_copy(api, cast):
    client = api.as_(cast.home_affairs)
    response = client.post(
        "/api/v1/plans/",
        {"title": "Kế hoạch 2026", "year": 2026, "issuer": cast.province.pk, "areas": ["PROCEDURES", "MODERNISATION"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["areas"]) == ["MODERNISATION", "PROCEDURES"]
    copy = client.post(f"/api/v1/plans/{response.json()['id']}/copy/", {"year": 2027}, format="json")
    assert copy.status_code == 201 and copy.json()["year"] == 2027
    assert (
        api.as_(cast.unit_head)
        .post("/api/v1/plans/", {"title": "X", "year": 2026, "issuer": cast.unit.pk}, format="json")
        .status_code
        == 403
    )


def test_schedule_a_visit_by_api(api, setup, cast):
    response = api.as_(cast.home_affairs).post(
        "/api/v1/inspections/",
        {"plan": setup.plan.pk, "unit": cast.sibling.pk, "scheduled_on": "2026-06-02"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "planned"


def test_findings_list_runs_the_same_number_of_queries_for_5_or_500(api, setup):
    for number in range(5):
        add_finding(
            setup,
            text=f"N {number}",
            indicators=[{"name": "a", "value": 1}],
            files=[files.png()] if number == 0 else None,
        )
    client = api.as_(setup.member)
    small = count_queries(lambda: client.get("/api/v1/findings/", {"page_size": 200}))
    Finding.objects.bulk_create(
        Finding(visit=setup.visit, area=area("PROCEDURES"), kind="shortcoming", text=f"S {n}") for n in range(495)
    )
    large = count_queries(lambda: client.get("/api/v1/findings/", {"page_size": 200}))
    assert small == large


def test_a_findings_page_reads_neither_the_folded_text_nor_the_visits(api, setup):
    add_finding(setup, text="Niêm yết thủ tục")
    with CaptureQueriesContext(connection) as queries:
        listed = api.as_(setup.member).get("/api/v1/findings/", {"page_size": 200}).json()["results"]
    assert listed[0]["inspection"] == setup.visit.pk and listed[0]["text"] == "Niêm yết thủ tục"
    page = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "inspections_finding"."id"')]
    assert (
        len(page) == 1
        and "search_text" not in page[0]
        and "inspections_inspectionvisit" not in page[0].split(" WHERE ")[0]
    )
    detail = api.as_(setup.member).get(f"/api/v1/findings/{listed[0]['id']}/").json()
    assert detail["inspection"] == setup.visit.pk


def test_a_findings_indicators_and_evidence_read_the_same_in_the_list_as_on_its_own(api, setup):
    """The list reads them from plain prefetched lists (`core.api.prefetched`), its detail from the relations."""
    add_finding(setup, text="Có chỉ số", indicators=[{"name": "DVC mức 4", "value": 20}], files=[files.png()])
    add_finding(setup, text="Không có gì kèm theo")
    client = api.as_(setup.member)
    listed = client.get("/api/v1/findings/", {"page_size": 200}).json()["results"]
    assert [len(row["indicators"]) for row in listed] == [1, 0] and [len(row["evidence"]) for row in listed] == [1, 0]
    for row in listed:
        assert client.get(f"/api/v1/findings/{row['id']}/").json() == row


def test_inspections_list_runs_a_constant_number_of_queries(api, setup, cast):
    client = api.as_(cast.home_affairs)
    small = count_queries(lambda: client.get("/api/v1/inspections/"))
    for day in range(1, 20):
        services.visit_schedule(
            actor=cast.home_affairs,
            plan=setup.plan,
            unit=cast.sibling,
            scheduled_on=setup.visit.scheduled_on.replace(day=day),
        )
    large = count_queries(lambda: client.get("/api/v1/inspections/"))
    assert small == large


def test_schema_documents_the_conclude_action(client, cast):
    client.force_login(cast.inspector)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/inspections/{id}/conclude/" in schema["paths"]
    assert {"id", "inspection", "area", "kind", "text", "version"} <= schema["components"]["schemas"]["Finding"][
        "properties"
    ].keys()
