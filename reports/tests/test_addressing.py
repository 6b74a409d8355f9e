"""Issue 13: a unit reads the documents addressed to it or about its own visit, not the plan's internal reports."""

from django.urls import reverse

from conftest import current_version
from reports import services
from reports.addressing import named_in
from reports.models import Document
from reports.selectors import documents_visible_to
from reports.tests.factories import draft
from units.models import UnitKind
from units.tests.factories import make_unit


def _issue(document, actor, **changes):
    if changes:
        document = services.document_update(
            actor=actor, document=document, expected_version=current_version(document), **changes
        )
    return services.document_issue(actor=actor, document=document, expected_version=current_version(document))


def _visible(user):
    return set(documents_visible_to(user).values_list("pk", flat=True))


def test_the_plan_wide_report_to_the_peoples_committee_is_not_the_units(client, cast, remediation):
    report = _issue(draft(actor=remediation.leader, kind="report", plan=remediation.plan), cast.home_affairs)
    assert report.pk not in _visible(cast.unit_head) and report.pk not in _visible(remediation.sibling_head)
    assert report.pk in _visible(cast.home_affairs) and report.pk in _visible(remediation.leader)
    client.force_login(cast.unit_head)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(f"/api/v1/documents/{report.pk}/").status_code == 404


def test_a_letter_reaches_the_units_it_directs_and_no_other(api, cast, remediation, letter):
    letter = _issue(letter, remediation.leader)
    assert set(letter.addressees.values_list("pk", flat=True)) >= {cast.unit.pk, cast.sibling.pk}
    assert letter.pk in _visible(cast.unit_head) and letter.pk in _visible(remediation.sibling_head)
    assert letter.pk not in _visible(cast.other_head)
    ids = [row["id"] for row in api.as_(cast.unit_head).get("/api/v1/documents/").json()["results"]]
    assert letter.pk in ids


def test_a_notice_about_a_units_own_visit_is_the_units(cast, remediation):
    notice = draft(actor=remediation.leader, kind="conclusion", plan=remediation.plan, visit=remediation.visit)
    notice = _issue(notice, remediation.leader, recipients="", copies_to="Lưu: VT.")
    assert notice.pk in _visible(cast.unit_head) and notice.pk not in _visible(remediation.sibling_head)


def test_naming_a_department_in_noi_nhan_shows_it_to_the_department_not_to_its_divisions(cast, remediation):
    report = draft(actor=remediation.leader, kind="report", plan=remediation.plan)
    report = _issue(report, cast.home_affairs, copies_to="UBND tỉnh (b/c);\nSở Khoa học và Công nghệ;\nLưu: VT.")
    assert report.pk in _visible(cast.department_head)
    assert report.pk not in _visible(cast.unit_head) and report.pk not in _visible(cast.other_head)


def test_a_units_documents_are_one_list_of_ids_not_two_tests_joined_by_or(cast, remediation, letter):
    """With an OR, PostgreSQL tested each of a province's documents in turn; a UNION of ids is looked up."""
    letter = _issue(letter, remediation.leader)
    notice = _issue(
        draft(actor=remediation.leader, kind="conclusion", plan=remediation.plan, visit=remediation.visit),
        remediation.leader,
        recipients="",
        copies_to="Lưu: VT.",
    )
    sql = str(documents_visible_to(cast.unit_head).query)
    assert "UNION" in sql and " OR " not in sql
    assert {letter.pk, notice.pk} <= _visible(cast.unit_head)
    assert documents_visible_to(cast.unit_head).filter(pk=letter.pk).count() == 1  # listed once, not per reason


def test_drafts_stay_with_the_issuers_side(cast, remediation, letter):
    assert letter.pk not in _visible(cast.unit_head)
    assert Document.objects.get(pk=letter.pk).addressees.count() == 0


def test_a_shared_name_counts_only_with_its_parent_on_the_line(cast):
    first = make_unit("VPS1", "Văn phòng Sở", UnitKind.DIVISION, cast.department)
    second = make_unit("VPS2", "Văn phòng Sở", UnitKind.DIVISION, cast.other_department)
    assert named_in("Văn phòng Sở;", cast.province.pk) == set()
    assert named_in("Văn phòng Sở - Sở Tư pháp;", cast.province.pk) == {second.pk, cast.other_department.pk}
    assert first.pk in named_in("Văn phòng Sở (Sở Khoa học và Công nghệ)", cast.province.pk)
    # Any name a unit has had counts; so does writing it without diacritics.
    assert named_in("So Tu phap", cast.province.pk) == {cast.other_department.pk}
