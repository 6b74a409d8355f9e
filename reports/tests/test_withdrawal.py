"""Thu hồi: an issued document withdrawn with its reason, or replaced by a corrected one."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import current_version
from reports import rendering, services
from reports.models import Document, DocumentStatus
from reports.selectors import documents_visible_to
from reports.tests.factories import draft
from reports.tests.pdf import text

D = datetime.date


@pytest.fixture
def issued(remediation, letter):
    with time_machine.travel(D(2026, 6, 15)):
        return services.document_issue(actor=remediation.leader, document=letter, expected_version=letter.version)


def _withdraw(document, actor, reason="Sai thời hạn khắc phục.", **kwargs):
    return services.document_withdraw(actor=actor, document=document, reason=reason, **kwargs)


def test_withdrawal_keeps_the_number_and_releases_the_directives(remediation, issued):
    assert remediation.directive.__class__.objects.get(pk=remediation.directive.pk).is_locked
    document = _withdraw(issued, remediation.leader)
    assert document.status == DocumentStatus.WITHDRAWN and document.number_text == "01/UBND-TTr"
    assert document.withdrawal_reason == "Sai thời hạn khắc phục." and document.withdrawn_by == remediation.leader
    remediation.directive.refresh_from_db()
    assert not remediation.directive.is_locked
    # Frozen like an issued one: neither edited nor issued again.
    with pytest.raises(ValidationError):
        services.document_update(
            actor=remediation.leader, document=document, expected_version=document.version, body="X"
        )
    with pytest.raises(ValidationError):
        services.document_issue(actor=remediation.leader, document=document, expected_version=document.version)
    with pytest.raises(ValidationError):
        _withdraw(document, remediation.leader)


def test_the_number_is_never_given_again(remediation, issued):
    _withdraw(issued, remediation.leader)
    with time_machine.travel(D(2026, 6, 16)):
        report = draft(actor=remediation.leader, kind="report", plan=remediation.plan)
        report = services.document_issue(actor=remediation.leader, document=report, expected_version=report.version)
    assert report.number_text == "02/BC-UBND"


def test_a_reason_is_required_and_only_issuers_withdraw(cast, remediation, issued):
    with pytest.raises(ValidationError) as error:
        _withdraw(issued, remediation.leader, reason="   ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        _withdraw(issued, remediation.leader, reason="x" * 2001)
    for refused in (remediation.member, cast.unit_head):
        with pytest.raises(PermissionDenied):
            _withdraw(issued, refused)
    assert Document.objects.get(pk=issued.pk).status == DocumentStatus.ISSUED


def test_a_draft_cannot_be_withdrawn(remediation, letter):
    with pytest.raises(ValidationError):
        _withdraw(letter, remediation.leader)


def test_a_second_letter_cannot_carry_directives_already_issued(remediation, issued):
    second = draft(actor=remediation.leader, kind="remediation_letter", plan=remediation.plan)
    second.directives.set([remediation.directive])
    with pytest.raises(ValidationError, match="01/UBND-TTr"):
        services.document_issue(actor=remediation.leader, document=second, expected_version=current_version(second))
    _withdraw(issued, remediation.leader)
    with time_machine.travel(D(2026, 6, 20)):
        second = services.document_issue(
            actor=remediation.leader, document=second, expected_version=current_version(second)
        )
    remediation.directive.refresh_from_db()
    assert second.number_text == "02/UBND-TTr" and remediation.directive.is_locked


def test_a_replacement_is_a_draft_of_the_same_content_that_takes_a_new_number(remediation, issued):
    replacement = services.document_replace(actor=remediation.leader, document=issued, reason="Sửa nơi nhận.")
    assert replacement.pk != issued.pk and replacement.status == DocumentStatus.DRAFT
    assert replacement.replaces_id == issued.pk and replacement.body == issued.body
    assert list(replacement.directives.all()) == list(issued.directives.all())
    assert Document.objects.get(pk=issued.pk).status == DocumentStatus.WITHDRAWN
    with time_machine.travel(D(2026, 6, 20)):
        replacement = services.document_issue(
            actor=remediation.leader, document=replacement, expected_version=current_version(replacement)
        )
    assert replacement.number_text == "02/UBND-TTr"


def test_the_units_addressed_still_see_it_withdrawn(cast, remediation, issued):
    _withdraw(issued, remediation.leader)
    assert issued.pk in set(documents_visible_to(cast.unit_head).values_list("pk", flat=True))


def test_the_pdf_says_it_was_withdrawn_and_why(remediation, issued):
    with time_machine.travel(D(2026, 7, 1)):
        document = _withdraw(issued, remediation.leader)
    content = text(rendering.document_pdf(Document.objects.get(pk=document.pk)))
    assert "ĐÃ THU HỒI" in content
    assert "Văn bản này đã bị thu hồi ngày 01/07/2026. Lý do: Sai thời hạn khắc phục." in content


def test_a_withdrawn_pdf_is_drawn_again(remediation, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.document_request_render(actor=remediation.leader, document=issued)
    rendered = Document.objects.get(pk=issued.pk)
    assert rendered.pdf_is_current  # rendered in-process
    with django_capture_on_commit_callbacks(execute=True):
        _withdraw(rendered, remediation.leader)
    again = Document.objects.get(pk=issued.pk)
    assert again.pdf_is_current and again.pdf_version == again.version
    assert "ĐÃ THU HỒI" in text(again.pdf_file.open("rb").read())


# --- as users meet it --------------------------------------------------------------------


def test_api_withdraw_as_in_api_md(api, cast, remediation, issued):
    url = f"/api/v1/documents/{issued.pk}/withdraw/"
    assert api.as_(remediation.leader).post(url, {}, format="json").json()["reason"]
    response = api.as_(remediation.leader).post(url, {"reason": "Ban hành nhầm."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["number"], body["withdrawal_reason"]) == ("withdrawn", "01/UBND-TTr", "Ban hành nhầm.")
    again = api.as_(remediation.leader).post(url, {"reason": "Lần nữa."}, format="json")
    assert again.status_code == 400
    # A unit reads its letter but does not withdraw it; a unit it is not addressed to does not find it.
    assert api.as_(cast.unit_head).post(url, {"reason": "x"}, format="json").status_code == 403
    assert api.as_(cast.other_head).post(url, {"reason": "x"}, format="json").status_code == 404


def test_api_withdraw_and_replace(api, remediation, issued):
    url = f"/api/v1/documents/{issued.pk}/withdraw/"
    body = api.as_(remediation.leader).post(url, {"reason": "Sửa.", "replace": True}, format="json").json()
    assert body["status"] == "draft" and body["replaces"] == issued.pk and body["number"] == ""


def test_the_page_withdraws_with_a_reason_and_shows_it(client, remediation, issued):
    client.force_login(remediation.leader)
    page = client.get(f"/documents/{issued.pk}/").content.decode()
    assert 'data-testid="withdraw"' in page
    response = client.post(f"/documents/{issued.pk}/withdraw/", {"reason": ""}, follow=True)
    assert "Trường này là bắt buộc." in response.content.decode()
    assert Document.objects.get(pk=issued.pk).is_issued
    response = client.post(
        f"/documents/{issued.pk}/withdraw/", {"reason": "Sai thời hạn.", "version": issued.version}, follow=True
    )
    page = response.content.decode()
    assert 'data-testid="withdrawn"' in page and "Sai thời hạn." in page and "Đã thu hồi" in page
    register = client.get("/documents/register/").content.decode()
    assert "01/UBND-TTr" in register and "Đã thu hồi ngày" in register


def test_the_page_replaces_into_a_new_draft(client, remediation, issued):
    client.force_login(remediation.leader)
    response = client.post(f"/documents/{issued.pk}/withdraw/", {"reason": "Sửa.", "replace": "on"})
    replacement = Document.objects.get(replaces=issued)
    assert response.status_code == 302 and response.url == f"/documents/{replacement.pk}/"
    page = client.get(response.url).content.decode()
    assert 'data-testid="replaces"' in page and 'data-testid="document-form"' in page


def test_members_and_units_get_no_withdraw_form_and_are_refused(client, cast, remediation, issued):
    for user in (remediation.member, cast.unit_head):
        client.force_login(user)
        assert 'data-testid="withdraw"' not in client.get(f"/documents/{issued.pk}/").content.decode()
        assert client.post(f"/documents/{issued.pk}/withdraw/", {"reason": "x"}).status_code == 403
    assert Document.objects.get(pk=issued.pk).is_issued


def test_the_register_xlsx_notes_the_withdrawal(client, remediation, issued):
    _withdraw(issued, remediation.leader)
    client.force_login(remediation.leader)
    response = client.get("/documents/register/?format=xlsx")
    sheet = openpyxl.load_workbook(filename=io.BytesIO(response.content)).active
    notes = [str(cell.value or "") for row in sheet.iter_rows() for cell in row]
    assert any(note.startswith("Đã thu hồi ngày") and "Sai thời hạn khắc phục." in note for note in notes)
