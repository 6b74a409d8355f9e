"""Issuing that cannot go wrong quietly: the number shown before it is taken, refusals and confirmations."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import current_version
from core.models import Notification
from inspections import services as inspection_services
from inspections.models import PlanKind
from remediation.selectors import tasks_visible_to
from remediation.tests.factories import make_remediation_setup
from reports import rendering, services
from reports.issuing import check_issue
from reports.models import Document, DocumentStatus, NumberCounter
from reports.tests.factories import draft
from units import services as unit_services

D = datetime.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


def _issue(document, actor, **kwargs):
    return services.document_issue(actor=actor, document=document, expected_version=current_version(document), **kwargs)


def _draft(remediation, kind="report", visit=None):
    return draft(actor=remediation.leader, kind=kind, plan=remediation.plan, visit=visit)


def test_the_check_shows_the_number_and_date_without_taking_the_number(remediation, letter):
    first, again = check_issue(letter), check_issue(letter)
    assert (first.number_text, first.issued_on) == ("01/UBND-TTr", TODAY)
    assert again.number_text == first.number_text and first.can_issue and not first.warnings
    assert not NumberCounter.objects.exists()
    assert _issue(letter, remediation.leader).number_text == first.number_text
    assert check_issue(_draft(remediation)).number_text == "02/BC-UBND"


def test_a_date_outside_the_plans_year_is_issued_only_once_confirmed(remediation, letter):
    with pytest.raises(ValidationError) as error:
        _issue(letter, remediation.leader, issued_on=D(2025, 12, 30))
    assert error.value.message_dict == {"confirm": ["Ngày ban hành 30/12/2025 không thuộc năm của kế hoạch (2026)."]}
    assert Document.objects.get(pk=letter.pk).status == DocumentStatus.DRAFT
    assert not NumberCounter.objects.filter(last__gt=0).exists(), "a refused issue takes no number"
    issued = _issue(letter, remediation.leader, issued_on=D(2025, 12, 30), confirmed=True)
    assert (issued.number_text, issued.year) == ("01/UBND-TTr", 2025)


def test_a_second_conclusion_for_the_visit_needs_confirmation_until_the_first_is_withdrawn(remediation):
    first = _issue(_draft(remediation, "conclusion", remediation.visit), remediation.leader)
    second = _draft(remediation, "conclusion", remediation.visit)
    with pytest.raises(ValidationError) as error:
        _issue(second, remediation.leader)
    (warning,) = error.value.message_dict["confirm"]
    assert first.number_text in warning and "buổi kiểm tra" in warning
    # Another visit's notice is no reason to warn.
    assert not check_issue(_draft(remediation, "conclusion", remediation.sibling_visit)).warnings
    services.document_withdraw(actor=remediation.leader, document=first, reason="Sai tên đơn vị.")
    assert not check_issue(Document.objects.get(pk=second.pk)).warnings
    assert _issue(second, remediation.leader).number_text == "02/TB-UBND"


def test_a_document_cannot_be_dated_before_the_visit_it_records(remediation):
    minutes = _draft(remediation, "minutes", remediation.visit)  # the visit was on 20/05/2026
    with pytest.raises(ValidationError) as error:
        _issue(minutes, remediation.leader, issued_on=D(2026, 5, 19), confirmed=True)
    assert error.value.message_dict["issued_on"] == [
        "Ngày ban hành 19/05/2026 trước ngày kiểm tra mà văn bản ghi nhận (20/05/2026)."
    ]
    assert _issue(minutes, remediation.leader, issued_on=D(2026, 5, 20)).issued_on == D(2026, 5, 20)


def test_a_later_number_cannot_carry_an_earlier_date(remediation):
    first = _issue(_draft(remediation), remediation.leader, issued_on=D(2026, 3, 12))
    late = _draft(remediation)
    with pytest.raises(ValidationError) as error:
        _issue(late, remediation.leader, issued_on=D(2026, 2, 28))
    (message,) = error.value.message_dict["issued_on"]
    assert first.number_text in message and "12/03/2026" in message
    # Withdrawn numbers still hold their place in the register's order.
    services.document_withdraw(actor=remediation.leader, document=first, reason="Nhầm số liệu.")
    with pytest.raises(ValidationError):
        _issue(late, remediation.leader, issued_on=D(2026, 2, 28))
    assert _issue(late, remediation.leader, issued_on=D(2026, 3, 12)).number_text == "02/BC-UBND"
    # Another year has its own order (the letter shares the series "chung" with the reports).
    letter = _draft(remediation, "remediation_letter")
    assert _issue(letter, remediation.leader, issued_on=D(2025, 12, 30), confirmed=True).number == 1


def _self_inspection_report(cast):
    """A report drafted for Sở KH&CN's own self-inspection plan, with its signer."""
    plan = inspection_services.plan_create(
        actor=cast.home_affairs, issuer=cast.department, year=2026, title="Tự kiểm tra 2026", kind=PlanKind.SELF
    )
    report = draft(actor=cast.home_affairs, kind="report", plan=plan)
    return services.document_update(
        actor=cast.home_affairs, document=report, expected_version=report.version, signer_name="Nguyễn Văn A"
    )


def test_a_body_merged_away_no_longer_issues_its_successor_does(cast):
    report = _self_inspection_report(cast)
    unit_services.units_merge(
        actor=cast.admin, units=[cast.department], into=cast.other_department, effective_on=D(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        _issue(report, cast.home_affairs, issued_on=D(2026, 6, 10))
    (message,) = error.value.message_dict["issued_on"]
    assert "Sở Khoa học và Công nghệ không còn tồn tại" in message and "Sở Tư pháp" in message
    # Before the merge took effect the department still existed, under its own header.
    issued = _issue(report, cast.home_affairs, issued_on=D(2026, 5, 29))
    assert issued.number_text.endswith("-SKHCN")


def test_a_body_cannot_issue_before_it_existed(cast):
    report = _self_inspection_report(cast)
    cast.department.valid_from = D(2026, 3, 1)
    cast.department.save(update_fields=["valid_from"])
    with pytest.raises(ValidationError) as error:
        _issue(report, cast.home_affairs, issued_on=D(2026, 2, 1))
    assert "chưa tồn tại" in error.value.message_dict["issued_on"][0]


def test_the_api_shows_the_check_and_takes_confirm(api, cast, remediation, letter):
    url = f"/api/v1/documents/{letter.pk}/"
    check = api.as_(remediation.leader).get(url + "issue-check/", {"issued_on": "2025-12-30"}).json()
    assert check["number"] == "01/UBND-TTr" and check["can_issue"] is True and len(check["warnings"]) == 1
    assert api.as_(remediation.leader).get(url + "issue-check/", {"issued_on": "30/12"}).json()["issued_on"]
    assert api.as_(cast.unit_head).get(url + "issue-check/").status_code == 404
    assert api.as_(remediation.member).get(url + "issue-check/").status_code == 403

    refused = api.as_(remediation.leader).post(
        url + "issue/", {"issued_on": "2025-12-30", "version": letter.version}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["confirm"] == check["warnings"]
    issued = api.as_(remediation.leader).post(
        url + "issue/", {"issued_on": "2025-12-30", "confirm": True, "version": letter.version}, format="json"
    )
    assert issued.status_code == 200 and issued.json()["number"] == "01/UBND-TTr"
    assert api.as_(remediation.leader).get(url + "issue-check/").status_code == 400


def test_the_page_shows_the_number_and_date_and_asks_to_confirm_warnings(client, remediation, letter):
    client.force_login(remediation.leader)
    url = reverse("reports:issue", args=[letter.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="issue-number">01/UBND-TTr<' in page and 'data-testid="issue-date">15/06/2026<' in page
    assert "issue-warning" not in page and 'name="confirmed"' not in page

    page = client.get(url, {"issued_on": "2025-12-30"}).content.decode()
    assert "không thuộc năm của kế hoạch" in page and 'name="confirmed"' in page
    unconfirmed = client.post(url, {"issued_on": "2025-12-30", "version": letter.version})
    assert unconfirmed.status_code == 200 and "Đánh dấu ô này" in unconfirmed.content.decode()
    assert Document.objects.get(pk=letter.pk).is_draft

    future = client.get(url, {"issued_on": "2027-01-01"}).content.decode()
    assert "issue-refusal" in future and 'data-testid="issue-form"' not in future

    done = client.post(url, {"issued_on": "2025-12-30", "version": letter.version, "confirmed": "on"})
    assert done.status_code == 302 and Document.objects.get(pk=letter.pk).number_text == "01/UBND-TTr"
    assert client.get(url).status_code == 403, "an issued document has nothing left to confirm"


def test_issuing_the_letter_hands_its_directives_over_and_tells_the_units(cast):
    setup = make_remediation_setup(cast, handed_over=False)
    assert not tasks_visible_to(cast.unit_head).exists()
    letter = draft(actor=setup.leader, kind="remediation_letter", plan=setup.plan)
    _issue(letter, setup.leader)
    setup.directive.refresh_from_db()
    assert setup.directive.is_handed_over and setup.directive.is_locked
    assert list(tasks_visible_to(cast.unit_head)) == [setup.task]
    assert Notification.objects.filter(user=cast.unit_head).count() == 1


def test_a_peoples_committees_notice_is_signed_for_its_chairman_and_asks_who_signs(remediation):
    notice = services.document_create(
        actor=remediation.leader, kind="conclusion", plan=remediation.plan, visit=remediation.visit
    )
    signature = (notice.authority, notice.authority_title, notice.signer_title, notice.signer_name)
    assert signature == ("KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "")
    assert "GIÁM ĐỐC" not in rendering.document_html(notice)
    assert check_issue(notice).refusals == ["Hãy nhập người ký trước khi ban hành."]
    with pytest.raises(ValidationError) as error:
        _issue(notice, remediation.leader)
    assert error.value.message_dict == {"signer_name": ["Hãy nhập người ký trước khi ban hành."]}


def test_a_number_taken_meanwhile_is_read_again_before_issuing(client, remediation):
    """Two clerks on one series: the second confirmed number 01 on the page, but 01 has gone."""
    first, second = _draft(remediation), _draft(remediation)
    client.force_login(remediation.leader)
    url = reverse("reports:issue", args=[second.pk])
    page = client.get(url)
    read = page.context["check"].digest
    assert page.context["check"].number_text == "01/BC-UBND"
    _issue(first, remediation.leader)  # the other clerk, first
    data = {"issued_on": TODAY.isoformat(), "version": current_version(second), "read": read}
    again = client.post(url, data)
    assert again.status_code == 200 and "số hiện là 02/BC-UBND" in again.content.decode()
    assert Document.objects.get(pk=second.pk).status == DocumentStatus.DRAFT
    assert again.context["check"].number_text == "02/BC-UBND"
    issued = client.post(url, data | {"read": again.context["check"].digest})
    assert issued.status_code == 302
    assert Document.objects.get(pk=second.pk).number_text == "02/BC-UBND"
