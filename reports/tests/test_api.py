import datetime

import time_machine

from conftest import count_queries
from reports.models import Document
from reports.tests.factories import draft


def test_contract_fields_and_draft_without_number(api, remediation, letter):
    body = api.as_(remediation.member).get(f"/api/v1/documents/{letter.pk}/").json()
    assert {"id", "kind", "status", "number", "issued_on", "pdf_status", "pdf_url"} <= body.keys()
    assert (body["kind"], body["status"], body["number"], body["pdf_status"], body["pdf_url"]) == (
        "remediation_letter",
        "draft",
        "",
        "none",
        None,
    )


def test_create_edit_issue_render_and_download(api, remediation, django_capture_on_commit_callbacks):
    client = api.as_(remediation.leader)
    created = client.post(
        "/api/v1/documents/",
        {"kind": "conclusion", "plan": remediation.plan.pk, "visit": remediation.visit.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/documents/{created.json()['id']}/"
    assert client.patch(url, {"subject": "Kết luận"}, format="json").status_code == 409  # no version
    assert client.patch(url, {"subject": "Kết luận", "version": 1}, format="json").json()["version"] == 2
    assert client.patch(url, {"subject": "Cũ", "version": 1}, format="json").status_code == 409
    with time_machine.travel(datetime.date(2026, 6, 15)):
        assert client.post(url + "issue/", {}, format="json").status_code == 409  # no version
        # A People's Committee's notice is signed by its leadership: the clerk names the signer first.
        unsigned = client.post(url + "issue/", {"version": 2}, format="json")
        assert unsigned.status_code == 400 and unsigned.json()["signer_name"] == [
            "Hãy nhập người ký trước khi ban hành."
        ]
        signed = client.patch(url, {"signer_name": "Nguyễn Văn Thử", "version": 2}, format="json").json()
        assert (signed["authority"], signed["authority_title"], signed["signer_title"]) == (
            "KT.",
            "CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
        )
        issued = client.post(url + "issue/", {"version": 3}, format="json").json()
    assert (issued["status"], issued["number"], issued["issued_on"]) == ("issued", "01/TB-UBND", "2026-06-15")
    assert (
        client.patch(url, {"subject": "Sau khi ban hành", "version": issued["version"]}, format="json").status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(url + "render/")
    assert queued.status_code == 202 and queued.json()["pdf_status"] == "queued"
    done = client.get(url).json()
    assert done["pdf_status"] == "done" and done["pdf_url"] == url + "pdf/"
    pdf = client.get(done["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_scoping_and_roles(api, cast, remediation, letter):
    assert api.as_(cast.outside_inspector).get(f"/api/v1/documents/{letter.pk}/").status_code == 404
    assert api.as_(cast.unit_head).get(f"/api/v1/documents/{letter.pk}/").status_code == 404
    assert (
        api.as_(remediation.member).post(f"/api/v1/documents/{letter.pk}/issue/", {}, format="json").status_code == 403
    )
    assert api.as_(remediation.member).get(f"/api/v1/documents/{letter.pk}/pdf/").status_code == 404  # not rendered
    bad = api.as_(remediation.leader).post(
        "/api/v1/documents/", {"kind": "minutes", "plan": remediation.plan.pk}, format="json"
    )
    assert bad.status_code == 400 and "visit" in bad.json()
    unknown = api.as_(remediation.leader).post(
        "/api/v1/documents/", {"kind": "poem", "plan": remediation.plan.pk}, format="json"
    )
    assert unknown.status_code == 400 and "kind" in unknown.json()


def test_document_list_runs_a_constant_number_of_queries(api, cast, remediation):
    client = api.as_(cast.home_affairs)
    draft(actor=remediation.leader, kind="report", plan=remediation.plan)
    client.get("/api/v1/documents/")
    small = count_queries(lambda: client.get("/api/v1/documents/"))
    for _ in range(19):
        draft(actor=remediation.leader, kind="report", plan=remediation.plan)
    large = count_queries(lambda: client.get("/api/v1/documents/"))
    assert small == large and Document.objects.count() == 20


def test_the_second_signature_of_minutes_is_editable(api, remediation):
    client = api.as_(remediation.leader)
    created = client.post(
        "/api/v1/documents/",
        {"kind": "minutes", "plan": remediation.plan.pk, "visit": remediation.visit.pk},
        format="json",
    ).json()
    assert created["second_signature_title"] == "ĐẠI DIỆN ĐƠN VỊ"
    changed = client.patch(
        f"/api/v1/documents/{created['id']}/", {"second_signer_name": "Phạm Minh Quang", "version": 1}, format="json"
    )
    assert changed.json()["second_signer_name"] == "Phạm Minh Quang"
