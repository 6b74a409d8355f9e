import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import current_version
from core.errors import StaleVersion
from inspections import services as inspection_services
from inspections.models import Finding
from reports import services
from reports.models import PROVINCE_REPORTS, Document, DocumentKind, NumberingSeries
from reports.tests.factories import draft
from units import services as unit_services
from units.models import Role
from units.tests.factories import make_user

D = datetime.date


@pytest.mark.parametrize("kind", [kind for kind in DocumentKind.values if kind not in PROVINCE_REPORTS])
def test_every_kind_is_drawn_up_from_the_data(remediation, kind):
    visit = remediation.visit if kind in ("minutes", "conclusion") else None
    document = draft(actor=remediation.leader, kind=kind, plan=remediation.plan, visit=visit)
    assert document.status == "draft" and document.number_text == "" and document.number is None
    assert document.issuer_name == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu" and document.body.strip()
    if kind in ("minutes", "conclusion", "remediation_letter", "report"):
        assert "Công khai TTHC chưa đầy đủ." in document.body
    if kind in ("conclusion", "remediation_letter"):
        assert "Công khai đầy đủ TTHC tại bộ phận một cửa." in document.body
        assert "30/09/2026" in document.body
    if kind == "plan":
        assert document.table[0][0] == "STT" and len(document.table) == 3


@pytest.mark.parametrize("kind", sorted(PROVINCE_REPORTS))
def test_a_province_report_is_not_drawn_up_from_a_plan(remediation, kind):
    with pytest.raises(ValidationError) as refused:
        draft(actor=remediation.leader, kind=kind, plan=remediation.plan)
    assert "dashboard" in str(refused.value) or "tổng hợp" in str(refused.value).lower()


def test_per_visit_kinds_need_a_visit_and_conclusions_a_concluded_one(remediation):
    with pytest.raises(ValidationError):
        draft(actor=remediation.leader, kind="minutes", plan=remediation.plan)
    inspection_services.visit_reopen(actor=remediation.leader, visit=remediation.visit, reason="Bổ sung")
    with pytest.raises(ValidationError):
        draft(actor=remediation.leader, kind="conclusion", plan=remediation.plan, visit=remediation.visit)


def test_only_the_team_and_home_affairs_draft(cast, remediation):
    for outsider in (cast.unit_head, cast.outside_inspector):
        with pytest.raises(PermissionDenied):
            draft(actor=outsider, kind="report", plan=remediation.plan)
    draft(actor=cast.home_affairs, kind="report", plan=remediation.plan)


def test_edit_needs_the_current_version(remediation, letter):
    services.document_update(actor=remediation.member, document=letter, expected_version=1, subject="Về việc khắc phục")
    with pytest.raises(StaleVersion):
        services.document_update(actor=remediation.leader, document=letter, expected_version=1, subject="Khác")
    assert Document.objects.get(pk=letter.pk).subject == "Về việc khắc phục"
    with pytest.raises(ValidationError):
        services.document_update(actor=remediation.member, document=letter, expected_version=2, body="   ")


@time_machine.travel(D(2026, 6, 15))
def test_issue_numbers_freezes_and_locks_the_directives(remediation, letter):
    document = services.document_issue(
        actor=remediation.leader, document=letter, expected_version=current_version(letter)
    )
    assert (document.number_text, document.number, document.year, document.issued_on) == (
        "01/UBND-TTr",
        1,
        2026,
        D(2026, 6, 15),
    )
    with pytest.raises(ValidationError):
        services.document_update(
            actor=remediation.leader, document=document, expected_version=document.version, body="X"
        )
    with pytest.raises(ValidationError):
        services.document_issue(actor=remediation.leader, document=document, expected_version=current_version(document))
    remediation.directive.refresh_from_db()
    assert remediation.directive.is_locked
    # Later changes to findings do not alter the issued document.
    inspection_services.visit_reopen(actor=remediation.leader, visit=remediation.visit, reason="Sửa")
    finding = Finding.objects.get(pk=remediation.shortcoming.pk)
    inspection_services.finding_update(
        actor=remediation.member, finding=finding, expected_version=finding.version, text="Đã đổi"
    )
    assert "Công khai TTHC chưa đầy đủ." in Document.objects.get(pk=letter.pk).body


@time_machine.travel(D(2026, 6, 15))
def test_numbers_run_per_issuer_and_year_and_a_separate_series_is_configurable(cast, remediation):
    make = lambda kind: draft(actor=remediation.leader, kind=kind, plan=remediation.plan)  # noqa: E731
    first = services.document_issue(
        actor=remediation.leader, document=make("report"), expected_version=current_version(make("report"))
    )
    second = services.document_issue(
        actor=remediation.leader,
        document=make("team_decision"),
        expected_version=current_version(make("team_decision")),
    )
    assert (first.number_text, second.number_text) == ("01/BC-UBND", "02/QĐ-UBND")
    NumberingSeries.objects.create(issuer=cast.province, name="quyết định", kinds=["team_decision"])
    third = services.document_issue(
        actor=remediation.leader,
        document=make("team_decision"),
        expected_version=current_version(make("team_decision")),
    )
    fourth = services.document_issue(
        actor=remediation.leader, document=make("report"), expected_version=current_version(make("report"))
    )
    assert (third.number_text, fourth.number_text) == ("01/QĐ-UBND", "03/BC-UBND")
    last_year = services.document_issue(
        actor=remediation.leader,
        document=make("report"),
        issued_on=D(2025, 12, 31),
        expected_version=current_version(make("report")),
        confirmed=True,  # outside the plan's year, on purpose
    )
    assert last_year.number_text == "01/BC-UBND" and last_year.year == 2025


def test_draft_never_has_a_number_and_future_dates_are_refused(remediation, letter):
    with pytest.raises(ValidationError):
        services.document_issue(
            actor=remediation.leader, document=letter, issued_on=D(2999, 1, 1), expected_version=current_version(letter)
        )
    assert Document.objects.get(pk=letter.pk).number is None


def test_who_may_issue(cast, remediation, letter):
    clerk = make_user("vanthu", Role.CLERK, cast.province)
    other_clerk = make_user("vanthu2", Role.CLERK, cast.other_department)
    for refused in (remediation.member, other_clerk, cast.unit_head):
        with pytest.raises(PermissionDenied):
            services.document_issue(actor=refused, document=letter, expected_version=current_version(letter))
    assert services.document_issue(actor=clerk, document=letter, expected_version=current_version(letter)).is_issued


@time_machine.travel(D(2026, 6, 15))
def test_the_header_uses_the_names_valid_on_the_day_of_issue(cast, remediation, letter):
    unit_services.unit_rename(
        actor=cast.admin,
        unit=cast.province,
        effective_on=D(2026, 6, 1),
        name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        code="UBNDTP",
        place_name="Thành phố Hồ Chí Minh",
    )
    document = services.document_issue(
        actor=remediation.leader, document=letter, expected_version=current_version(letter)
    )
    assert document.issuer_name == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert document.place_name == "Thành phố Hồ Chí Minh" and document.number_text == "01/UBNDTP-TTr"


def test_remediation_letter_needs_directives(setup):
    with pytest.raises(ValidationError):
        draft(actor=setup.leader, kind="remediation_letter", plan=setup.plan)
