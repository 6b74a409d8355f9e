import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import StaleVersion
from inspections import services
from inspections.models import Finding, FindingEvidence, InspectionPlan, InspectionVisit, TeamRole, VisitStatus
from inspections.tests import files
from inspections.tests.factories import add_finding, area
from units.models import Role
from units.tests.factories import make_user

D = datetime.date


# --- plans and teams -------------------------------------------------------------------


def test_plan_gets_every_active_area_and_one_team(cast):
    plan = services.plan_create(actor=cast.home_affairs, issuer=cast.province, year=2026, title="Kế hoạch 2026")
    assert plan.areas.count() == 7 and plan.teams.count() == 1 and plan.status == "draft"


def test_issued_plan_needs_number_and_date(cast):
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=cast.home_affairs, issuer=cast.province, year=2026, title="X", status="issued")
    assert "number" in error.value.message_dict


def test_unit_heads_cannot_create_plans(cast):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=cast.unit_head, issuer=cast.department, year=2026, title="X")


def test_inspector_may_plan_only_a_self_inspection_of_their_department(cast):
    with pytest.raises(ValidationError):
        services.plan_create(actor=cast.inspector, issuer=cast.province, year=2026, title="X")
    plan = services.plan_create(
        actor=cast.inspector, issuer=cast.department, year=2026, title="Tự kiểm tra", kind="self"
    )
    assert plan.created_by == cast.inspector


def test_one_leader_per_team(setup, cast):
    with pytest.raises(ValidationError) as error:
        services.team_member_add(
            actor=cast.home_affairs, team=setup.team, user=cast.outside_inspector, role=TeamRole.LEADER
        )
    assert "role" in error.value.message_dict


def test_outside_members_are_recorded_by_name(setup, cast):
    member = services.team_member_add(
        actor=cast.home_affairs, team=setup.team, full_name="Đại diện Sở Tư pháp", agency="Sở Tư pháp"
    )
    assert member.user is None and member.agency == "Sở Tư pháp"
    with pytest.raises(ValidationError):
        services.team_member_add(actor=cast.home_affairs, team=setup.team, full_name="  ")


def test_team_members_cannot_manage_the_plan_but_leaders_can(setup, cast):
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=setup.member, plan=setup.plan, title="Đổi")
    services.plan_update(actor=setup.leader, plan=setup.plan, title="Đổi tên kế hoạch")
    assert InspectionPlan.objects.get(pk=setup.plan.pk).title == "Đổi tên kế hoạch"


def test_copy_plan_to_next_year_with_fresh_dates_and_statuses(setup, cast):
    add_finding(setup)
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    services.plan_update(
        actor=cast.home_affairs, plan=setup.plan, number="09/KH-UBND", issued_on=D(2026, 2, 1), status="issued"
    )
    copy = services.plan_copy(actor=cast.home_affairs, plan=setup.plan, year=2027)
    assert copy.title == "Kế hoạch kiểm tra CCHC năm 2027" and copy.status == "draft" and copy.number == ""
    assert copy.copied_from == setup.plan
    assert set(copy.areas.values_list("code", flat=True)) == set(setup.plan.areas.values_list("code", flat=True))
    [visit] = copy.visits.all()
    assert (visit.unit, visit.scheduled_on, visit.status) == (cast.unit, D(2027, 5, 20), VisitStatus.PLANNED)
    assert visit.findings.count() == 0
    members = {(m.user_id, m.role) for m in copy.teams.get().members.all()}
    assert members == {(setup.leader.pk, TeamRole.LEADER), (setup.member.pk, TeamRole.MEMBER)}


def test_copy_leaves_out_units_that_no_longer_exist(setup, cast):
    from units import services as unit_services

    unit_services.units_merge(actor=cast.admin, units=[cast.unit], into=cast.sibling, effective_on=D(2026, 6, 1))
    copy = services.plan_copy(actor=cast.home_affairs, plan=setup.plan, year=2027)
    assert copy.visits.count() == 0


def test_visit_date_must_be_in_the_plan_year_and_when_the_unit_existed(setup, cast):
    with pytest.raises(ValidationError):
        services.visit_schedule(actor=cast.home_affairs, plan=setup.plan, unit=cast.sibling, scheduled_on=D(2019, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.visit_schedule(actor=cast.home_affairs, plan=setup.plan, unit=cast.sibling, scheduled_on=None)
    assert "scheduled_on" in error.value.message_dict
    # Seed 004's trial: a visit of 25/09/2015 in the 2014 plan (here: September 2027 in the 2026 plan).
    with pytest.raises(ValidationError) as error:
        services.visit_schedule(
            actor=cast.home_affairs, plan=setup.plan, unit=cast.sibling, scheduled_on=D(2027, 9, 25)
        )
    assert error.value.message_dict["scheduled_on"] == [
        "25/09/2027 không thuộc kế hoạch năm 2026: các buổi kiểm tra diễn ra trong năm 2026 "
        "(hoặc, với những buổi cuối, chậm nhất ngày 31/03/2027)."
    ]
    # The last visits may run over the new year, into its first quarter.
    late = services.visit_schedule(
        actor=cast.home_affairs, plan=setup.plan, unit=cast.sibling, scheduled_on=D(2027, 3, 31)
    )
    assert late.scheduled_on == D(2027, 3, 31)


# --- the visit's life ---------------------------------------------------------------------


def test_first_finding_starts_the_visit(setup):
    assert setup.visit.status == VisitStatus.PLANNED
    add_finding(setup)
    setup.visit.refresh_from_db()
    assert setup.visit.status == VisitStatus.IN_PROGRESS


def test_only_the_leader_concludes_and_findings_then_lock(setup):
    finding = add_finding(setup)
    with pytest.raises(PermissionDenied):
        services.visit_conclude(actor=setup.member, visit=setup.visit)
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    with pytest.raises(ValidationError) as error:
        add_finding(setup, text="Thêm sau khi kết luận")
    assert "khóa" in str(error.value)
    with pytest.raises(ValidationError):
        services.finding_update(actor=setup.member, finding=finding, expected_version=finding.version, text="Sửa")
    with pytest.raises(ValidationError):
        services.finding_delete(actor=setup.member, finding=finding, expected_version=finding.version)
    assert Finding.objects.get(pk=finding.pk).text == "Công khai TTHC chưa đầy đủ."


def test_reopen_needs_the_leader_and_a_reason_and_is_recorded(setup):
    add_finding(setup)
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    with pytest.raises(PermissionDenied):
        services.visit_reopen(actor=setup.member, visit=setup.visit, reason="Bổ sung")
    with pytest.raises(ValidationError) as error:
        services.visit_reopen(actor=setup.leader, visit=setup.visit, reason="  ")
    assert "reason" in error.value.message_dict
    visit = services.visit_reopen(actor=setup.leader, visit=setup.visit, reason="Bổ sung tài liệu kiểm chứng")
    assert visit.status == VisitStatus.IN_PROGRESS
    events = [(e.from_status, e.to_status, e.reason, e.actor) for e in visit.events.all()]
    assert events[-1] == ("concluded", "in_progress", "Bổ sung tài liệu kiểm chứng", setup.leader)
    assert [e[1] for e in events] == ["in_progress", "concluded", "in_progress"]


def test_concluding_twice_is_refused(setup):
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    with pytest.raises(ValidationError):
        services.visit_conclude(actor=setup.leader, visit=setup.visit)


# --- findings ---------------------------------------------------------------------------


def test_only_team_members_record(setup, cast):
    for outsider in (cast.outside_inspector, cast.home_affairs, cast.unit_head):
        with pytest.raises(PermissionDenied):
            services.finding_create(
                actor=outsider, visit=setup.visit, area=area("PROCEDURES"), kind="strength", text="X"
            )


@pytest.mark.parametrize(
    "kind, text, field",
    [("strength", "   ", "text"), ("bogus", "Nội dung", "kind"), ("strength", "x" * 20_001, "text")],
)
def test_bad_finding_input_is_refused_with_a_field_message(setup, kind, text, field):
    with pytest.raises(ValidationError) as error:
        services.finding_create(actor=setup.member, visit=setup.visit, area=area("PROCEDURES"), kind=kind, text=text)
    assert field in error.value.message_dict
    assert not Finding.objects.exists()


def test_missing_area_is_refused(setup):
    with pytest.raises(ValidationError) as error:
        services.finding_create(actor=setup.member, visit=setup.visit, area=None, kind="strength", text="X")
    assert "area" in error.value.message_dict


def test_retired_area_is_not_offered_for_new_findings(setup):
    retired = area("PUBLIC_FINANCE")
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError):
        add_finding(setup, code="PUBLIC_FINANCE")


def test_indicators_are_stored_and_bad_values_refused(setup):
    finding = add_finding(
        setup,
        kind="strength",
        text="Cung cấp dịch vụ công trực tuyến",
        indicators=[{"name": "dịch vụ công trực tuyến mức độ 4", "value": "20", "unit": ""}, {"name": "", "value": ""}],
    )
    assert [str(i) for i in finding.indicators.all()] == ["dịch vụ công trực tuyến mức độ 4 = 20"]
    with pytest.raises(ValidationError) as error:
        add_finding(setup, indicators=[{"name": "tỷ lệ", "value": "nhiều"}])
    assert "indicators" in error.value.message_dict


def test_stale_version_is_refused_and_nothing_is_lost(setup):
    finding = add_finding(setup)
    first = services.finding_update(actor=setup.member, finding=finding, expected_version=1, text="Phiên bản của A")
    assert first.version == 2
    with pytest.raises(StaleVersion) as stale:
        services.finding_update(actor=setup.leader, finding=finding, expected_version=1, text="Phiên bản của B")
    assert stale.value.current_version == 2
    assert Finding.objects.get(pk=finding.pk).text == "Phiên bản của A"


def test_history_records_every_change_with_its_author(setup):
    finding = add_finding(setup)
    services.finding_update(actor=setup.leader, finding=finding, expected_version=1, text="Đã sửa")
    records = list(Finding.history.filter(id=finding.pk).order_by("history_date"))
    assert [(r.history_type, r.text, r.history_user) for r in records] == [
        ("+", "Công khai TTHC chưa đầy đủ.", setup.member),
        ("~", "Đã sửa", setup.leader),
    ]


def test_move_reorders_within_area_and_kind(setup):
    first = add_finding(setup, text="Một")
    second = add_finding(setup, text="Hai")
    services.finding_move(actor=setup.member, finding=second, direction="up")
    ordered = list(setup.visit.findings.order_by("position").values_list("text", flat=True))
    assert ordered == ["Hai", "Một"]
    services.finding_move(actor=setup.member, finding=first, direction="up")
    assert list(setup.visit.findings.order_by("position").values_list("text", flat=True)) == ["Một", "Hai"]


def test_delete_needs_the_current_version(setup):
    finding = add_finding(setup)
    services.finding_update(actor=setup.member, finding=finding, expected_version=1, text="Mới")
    with pytest.raises(StaleVersion):
        services.finding_delete(actor=setup.leader, finding=finding, expected_version=1)
    services.finding_delete(actor=setup.leader, finding=finding, expected_version=2)
    assert not Finding.objects.filter(pk=finding.pk).exists()


# --- evidence ------------------------------------------------------------------------------


def test_evidence_files_are_kept_under_random_names(setup, settings):
    finding = add_finding(setup, files=[files.png("ảnh hiện trường.png"), files.pdf(), files.docx()])
    names = sorted(e.original_name for e in finding.evidence.all())
    assert names == ["bao-cao.pdf", "van-ban.docx", "ảnh hiện trường.png"]
    for evidence in finding.evidence.all():
        assert "ảnh" not in evidence.file.name and os.path.exists(evidence.file.path)


@pytest.mark.parametrize(
    "upload, message",
    [
        (files.disguised_exe, "không phải tệp được chấp nhận"),
        (lambda: files.big(), "lớn hơn"),
        (lambda: files.png("anh.pdf"), "không phải tệp được chấp nhận"),
        # Issue 13: the whole file is checked, not its first bytes.
        (files.pdf_then_html, "không phải tệp được chấp nhận"),
        (files.zip_bomb, "không phải tệp được chấp nhận"),
        (files.zip_not_office, "không phải tệp được chấp nhận"),
        (files.huge_png, "không phải tệp được chấp nhận"),
        (files.svg, "không phải tệp được chấp nhận"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(setup, settings, upload, message):
    with pytest.raises(ValidationError) as error:
        add_finding(setup, files=[files.pdf("tot.pdf"), upload()])
    assert message in str(error.value)
    assert not Finding.objects.exists() and not FindingEvidence.objects.exists()
    media = settings.MEDIA_ROOT
    assert not os.path.exists(media) or not any(files_ for _, _, files_ in os.walk(media))


def test_path_traversal_names_are_neutralised(setup):
    finding = add_finding(setup, files=[files.pdf("../../etc/passwd.pdf")])
    evidence = finding.evidence.get()
    assert evidence.original_name == "passwd.pdf"
    assert evidence.file.name.startswith(f"evidence/findings/{setup.visit.pk}/")


# --- recurring shortcomings ------------------------------------------------------------------


def test_mark_repeat_of_an_earlier_shortcoming_of_the_same_unit(cast):
    from inspections.tests.factories import make_visit_setup

    earlier = make_visit_setup(cast, year=2024)
    old = add_finding(earlier, text="Lấy ý kiến khách hàng về giải quyết TTHC chưa hiệu quả")
    current = make_visit_setup(cast, year=2026)
    new = add_finding(current, text="Lấy ý kiến khách hàng vẫn chưa hiệu quả")
    services.finding_mark_repeat(actor=current.member, finding=new, earlier=old)
    assert Finding.objects.get(pk=new.pk).repeats == old
    other_unit = make_visit_setup(cast, year=2025, unit=cast.sibling)
    unrelated = add_finding(other_unit, text="Lấy ý kiến khách hàng")
    with pytest.raises(ValidationError):
        services.finding_mark_repeat(actor=current.member, finding=new, earlier=unrelated)


def test_strangers_cannot_record_even_with_role_inspector(cast, setup):
    stranger = make_user("stranger", Role.INSPECTOR, cast.department)
    with pytest.raises(PermissionDenied):
        add_finding(setup.__class__(**{**vars(setup), "member": stranger}))


def test_an_entry_sent_twice_is_stored_once(setup):
    first = services.finding_create(
        actor=setup.member, visit=setup.visit, area=area("PROCEDURES"), kind="shortcoming", text="A.", entry_token="t1"
    )
    again = services.finding_create(
        actor=setup.member, visit=setup.visit, area=area("PROCEDURES"), kind="shortcoming", text="A.", entry_token="t1"
    )
    assert again.pk == first.pk and again.repeated_entry
    other = services.finding_create(
        actor=setup.member, visit=setup.visit, area=area("PROCEDURES"), kind="shortcoming", text="A.", entry_token="t2"
    )
    plain = [services.finding_create(actor=setup.member, visit=setup.visit, area=area("PROCEDURES"), kind="strength",
                                     text="B.") for _ in range(2)]  # fmt: skip
    assert len({first.pk, other.pk, *[f.pk for f in plain]}) == 4  # no token: each is its own entry


def test_the_deputy_leader_concludes_and_reopens_a_member_does_not(cast, setup):
    deputy = make_user("pho", Role.INSPECTOR, cast.department)
    services.team_member_add(actor=cast.home_affairs, team=setup.team, user=deputy, role=TeamRole.DEPUTY)
    with pytest.raises(PermissionDenied, match="phó trưởng đoàn"):
        services.visit_conclude(actor=setup.member, visit=setup.visit)
    services.visit_conclude(actor=deputy, visit=setup.visit)
    services.visit_reopen(actor=deputy, visit=setup.visit, reason="Bổ sung hồ sơ")
    assert InspectionVisit.objects.get(pk=setup.visit.pk).status != VisitStatus.CONCLUDED
