"""Drafts of each kind of document, generated from the recorded data.

The text is Vietnamese whatever the UI language: these are official documents.
A builder returns the editable fields of a `Document`; after that the draft is
the drafter's, and later changes to findings do not touch it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from inspections.models import (
    Finding,
    FindingKind,
    InspectionPlan,
    InspectionVisit,
    TeamMember,
    TeamRole,
    VisitStatus,
)
from inspections.selectors import visit_unit_names
from remediation.models import Directive, RemediationTask
from remediation.selectors import status_counts
from units.models import Unit, UnitKind, pick_version
from units.selectors import unit_versions_for

from .formats import official_date
from .models import Authority, DocumentKind

ROLE_NAMES = {
    TeamRole.LEADER: "Trưởng đoàn",
    TeamRole.DEPUTY: "Phó Trưởng đoàn",
    TeamRole.MEMBER: "Thành viên",
    TeamRole.SECRETARY: "Thư ký",
}


def unit_name_on(unit: Unit, day: datetime.date) -> str:
    version = pick_version(list(unit.versions.all()), day)
    return version.name if version else unit.name


def header_for(issuer: Unit, day: datetime.date) -> dict:
    """The header of the issuing body as named on `day`: parent body, issuer, place."""
    version = pick_version(list(issuer.versions.all()), day)
    name = version.name if version else issuer.name
    place = (version.place_name if version else issuer.place_name) or issuer.place_name
    parent = version.parent if version else issuer.parent
    if parent is None:
        parent_name = ""
    elif parent.kind == UnitKind.PROVINCE:
        parent_name = f"UBND tỉnh {parent.place_name}" if parent.place_name else unit_name_on(parent, day)
    else:
        parent_name = unit_name_on(parent, day)
    return {"parent_name": parent_name, "issuer_name": name, "place_name": place}


def plan_reference(plan: InspectionPlan) -> str:
    if plan.number and plan.issued_on:
        return f"Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y} của {plan.issuer.name}"
    return f"{plan.title} của {plan.issuer.name}"


def _leader(plan: InspectionPlan) -> TeamMember | None:
    return (
        TeamMember.objects.filter(team__plan=plan, role=TeamRole.LEADER).select_related("user").order_by("pk").first()
    )


# A People's Committee signs through its leadership, most often a vice-chairman on the chairman's
# behalf; nobody of the inspection team signs in its name, so the clerk enters who signs.
PEOPLES_COMMITTEE_SIGNATURE = {
    "authority": Authority.KT,
    "authority_title": "CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "",
}


def signature_for(plan: InspectionPlan) -> dict:
    """Default signature, by the issuing body: a People's Committee's `KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`
    (its name left to the clerk); a department's team leader, `KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC` for a
    deputy director."""
    if plan.issuer.kind == UnitKind.PROVINCE:
        return dict(PEOPLES_COMMITTEE_SIGNATURE)
    leader = _leader(plan)
    if leader is None:
        return {}
    title = (leader.title or (leader.user.title if leader.user else "")).strip()
    signature = {"signer_name": leader.full_name, "signer_title": title.upper()}
    lowered = title.lower()
    if lowered.startswith("phó giám đốc"):
        signature.update(authority=Authority.KT, authority_title="GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC")
    elif lowered.startswith("giám đốc"):
        signature.update(signer_title="GIÁM ĐỐC")
    return signature


def _members_lines(plan: InspectionPlan) -> list[str]:
    lines = []
    for member in TeamMember.objects.filter(team__plan=plan).order_by("team", "position", "pk"):
        parts = [member.full_name, member.title, member.agency]
        lines.append("- " + ", ".join(p for p in parts if p) + f" – {ROLE_NAMES[member.role]};")
    return lines


def _visits(plan: InspectionPlan) -> list[InspectionVisit]:
    visits = list(plan.visits.select_related("unit", "team").order_by("scheduled_on", "pk"))
    visit_unit_names(visits)
    return visits


def _deadline(directive: Directive) -> str:
    if directive.due_on:
        return f"Thời hạn hoàn thành: trước ngày {directive.due_on:%d/%m/%Y}."
    if directive.due_days:
        return f"Thời hạn hoàn thành: {directive.due_days} ngày kể từ ngày ban hành văn bản này."
    return ""


def _findings_by_area(findings) -> dict:
    grouped: dict = defaultdict(lambda: {"strength": [], "shortcoming": []})
    for finding in findings:
        grouped[finding.area][finding.kind].append(finding)
    return dict(sorted(grouped.items(), key=lambda item: (item[0].position, item[0].pk)))


def _with_indicators(finding: Finding) -> str:
    indicators = "; ".join(str(indicator) for indicator in finding.indicators.all())
    return f"{finding.text} ({indicators})" if indicators else finding.text


# --- the kinds -------------------------------------------------------------------------------


def build_plan(plan: InspectionPlan, **_) -> dict:
    visits = _visits(plan)
    body = [
        "# I. MỤC ĐÍCH, YÊU CẦU",
        *(
            plan.purpose.splitlines()
            or [
                "Đánh giá việc thực hiện công tác cải cách hành chính của các đơn vị; kịp thời chấn chỉnh những hạn chế, tồn tại."
            ]
        ),
    ]
    body += ["# II. NỘI DUNG, PHẠM VI KIỂM TRA", *[line for line in plan.scope.splitlines() if line.strip()]]
    body += ["Kiểm tra việc thực hiện các nội dung cải cách hành chính sau:"]
    body += [f"- {area.name};" for area in plan.areas.order_by("position")]
    body += ["# III. THÀNH PHẦN ĐOÀN KIỂM TRA", *_members_lines(plan)]
    body += ["# IV. ĐƠN VỊ VÀ THỜI GIAN KIỂM TRA", "[bảng]"]
    body += [
        "# V. TỔ CHỨC THỰC HIỆN",
        "Các đơn vị được kiểm tra chuẩn bị báo cáo tóm tắt kết quả thực hiện công tác cải cách hành chính và tài liệu "
        "kiểm chứng; bố trí thành phần làm việc với Đoàn kiểm tra theo lịch trên.",
    ]
    table = [["STT", "Ngày", "Đơn vị được kiểm tra", "Đoàn kiểm tra"]]
    table += [[str(n), f"{v.scheduled_on:%d/%m/%Y}", v.unit_label, v.team.name] for n, v in enumerate(visits, start=1)]
    return {
        "subject": f"Kiểm tra công tác cải cách hành chính năm {plan.year}",
        "body": "\n".join(body),
        "table": table,
        "copies_to": "\n".join([*(f"{v.unit_label};" for v in visits), "Lưu: VT."]),
    }


def build_team_decision(plan: InspectionPlan, **_) -> dict:
    body = [
        f"Căn cứ {plan_reference(plan)};",
        "# Điều 1.",
        f"Thành lập Đoàn kiểm tra công tác cải cách hành chính năm {plan.year}, gồm các ông (bà) có tên sau:",
        *_members_lines(plan),
        "# Điều 2.",
        "Đoàn kiểm tra có nhiệm vụ kiểm tra việc thực hiện công tác cải cách hành chính tại các đơn vị theo Kế hoạch; "
        "báo cáo kết quả kiểm tra. Đoàn tự giải thể sau khi hoàn thành nhiệm vụ.",
        "# Điều 3.",
        "Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
    ]
    return {
        "subject": f"Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm {plan.year}",
        "body": "\n".join(body),
        "copies_to": "Như Điều 3;\nLưu: VT.",
    }


def _visit_unit_and_findings(visit: InspectionVisit) -> tuple[str, dict]:
    """The unit as named on the day of the visit, and the visit's findings grouped by area."""
    findings = visit.findings.select_related("area").prefetch_related("indicators")
    return unit_name_on(visit.unit, visit.scheduled_on), _findings_by_area(
        findings.order_by("area__position", "kind", "position")
    )


def build_minutes(plan: InspectionPlan, visit: InspectionVisit, **_) -> dict:
    """Biên bản kiểm tra: signed by the team leader and the unit's representative side by side, in their
    own names (no KT.: the leader signs as TRƯỞNG ĐOÀN). A part with nothing to say is left out, so the
    clerk never meets an empty heading."""
    unit, findings = _visit_unit_and_findings(visit)
    attendees = [f"- {attendee};" for attendee in visit.attendees.all()]
    summary = [line for line in visit.unit_summary.splitlines() if line.strip()]
    body = [
        f"Hôm nay, {official_date(visit.scheduled_on)}, tại {visit.place or unit}, Đoàn kiểm tra công tác cải cách hành "
        f"chính theo {plan_reference(plan)} tiến hành kiểm tra tại {unit}.",
        "# I. THÀNH PHẦN",
        "1. Đoàn kiểm tra:",
        *_members_lines(plan),
        *(["2. Đơn vị được kiểm tra:", *attendees] if attendees else [f"2. Đơn vị được kiểm tra: {unit}."]),
    ]
    if summary or findings:
        body += ["# II. NỘI DUNG KIỂM TRA", *summary]
    for area, kinds in findings.items():
        body.append(f"# {area.name}")
        body += [f"- Kết quả đạt được: {_with_indicators(f)}" for f in kinds["strength"]]
        body += [f"- Hạn chế, tồn tại: {_with_indicators(f)}" for f in kinds["shortcoming"]]
    body.append(
        "Biên bản được lập xong vào hồi ... giờ cùng ngày, đã thông qua các thành viên dự họp và thống nhất ký tên."
    )
    leader = _leader(plan)
    return {
        "subject": f"Kiểm tra công tác cải cách hành chính tại {unit}",
        "body": "\n".join(body),
        "copies_to": "",
        "authority": Authority.OWN,
        "authority_title": "",
        "signer_title": "TRƯỞNG ĐOÀN",
        "signer_name": leader.full_name if leader else "",
        "second_signature_title": "ĐẠI DIỆN ĐƠN VỊ",
        "second_signer_name": visit.unit.head.get_full_name() if visit.unit.head_id else "",
    }


def _directives_for(plan: InspectionPlan, units=None):
    directives = Directive.objects.filter(visit__plan=plan).order_by("visit__scheduled_on", "position", "pk")
    if units is not None:
        directives = directives.filter(units__in=units).distinct()
    return list(directives)


def build_conclusion(plan: InspectionPlan, visit: InspectionVisit, **_) -> dict:
    unit, findings = _visit_unit_and_findings(visit)
    body = [
        f"Thực hiện {plan_reference(plan)}, {official_date(visit.scheduled_on)}, Đoàn kiểm tra đã làm việc với {unit} về "
        "việc thực hiện công tác cải cách hành chính. Kết luận kiểm tra như sau:",
        "# I. KẾT QUẢ ĐẠT ĐƯỢC",
    ]
    for area, kinds in findings.items():
        if kinds["strength"]:
            body.append(f"{area.name}:")
            body += [f"- {_with_indicators(f)}" for f in kinds["strength"]]
    body.append("# II. HẠN CHẾ, TỒN TẠI")
    for area, kinds in findings.items():
        if kinds["shortcoming"]:
            body.append(f"{area.name}:")
            body += [f"- {_with_indicators(f)}" for f in kinds["shortcoming"]]
    body.append("# III. KIẾN NGHỊ")
    for directive in _directives_for(plan, units=[visit.unit]):
        body.append(f"- {directive.text} {_deadline(directive)}".rstrip())
    body.append(f"Đề nghị {unit} nghiêm túc thực hiện và báo cáo kết quả khắc phục, kèm tài liệu kiểm chứng./.")
    return {
        "subject": f"Kết luận kiểm tra công tác cải cách hành chính tại {unit}",
        "recipients": unit,
        "body": "\n".join(body),
        "copies_to": "Như trên;\nSở Nội vụ;\nLưu: VT.",
    }


def build_remediation_letter(plan: InspectionPlan, day: datetime.date | None = None, **_) -> dict:
    """The công văn of seed 002: shortcomings grouped by unit, then the directives, to several units."""
    day = day or timezone.localdate()
    visits = [v for v in _visits(plan) if v.status == VisitStatus.CONCLUDED]
    shortcomings = defaultdict(list)
    # In the order they were recorded, as the team wrote them down.
    for finding in Finding.objects.filter(visit__in=visits, kind=FindingKind.SHORTCOMING).order_by("pk"):
        shortcomings[finding.visit_id].append(finding.text)
    directives = _directives_for(plan)
    task_units = set(RemediationTask.objects.filter(directive__in=directives).values_list("unit_id", flat=True))
    addressed = [v for v in visits if v.unit_id in task_units or shortcomings.get(v.pk)]
    versions = unit_versions_for([v.unit_id for v in addressed])
    names_today = {
        v.unit_id: (pick_version(versions.get(v.unit_id, []), day).name if versions.get(v.unit_id) else v.unit.name)
        for v in addressed
    }
    short_issuer = plan.issuer.short_name or plan.issuer.name
    body = [
        f"Thực hiện {plan_reference(plan)} về kế hoạch kiểm tra CCHC năm {plan.year}, Đoàn kiểm tra CCHC đã tiến hành "
        "kiểm tra công tác CCHC tại các đơn vị.",
        "Qua kiểm tra các nội dung trong kế hoạch, nhìn chung các đơn vị đã cơ bản thực hiện tốt các nhiệm vụ trọng tâm "
        "của kế hoạch CCHC. Tuy nhiên qua công tác kiểm tra vẫn phát hiện một số công việc chưa thực hiện hoặc thực hiện "
        "nhưng chưa đạt yêu cầu. Cụ thể:",
    ]
    number = 0
    for visit in addressed:
        if shortcomings.get(visit.pk):
            number += 1
            body.append(f"# {number}. {visit.unit_label}")
            body += shortcomings[visit.pk]
    body.append(
        f"Để đảm bảo hoàn thành tốt các nhiệm vụ công tác CCHC cũng như các nội dung tiêu chí Bộ chỉ số CCHC, "
        f"{plan.issuer.name} yêu cầu các đơn vị có liên quan nghiêm túc thực hiện những nội dung như sau:"
    )
    body += [f"- {directive.text} {_deadline(directive)}".rstrip() for directive in directives]
    body.append(
        "Các đơn vị nghiêm túc tổ chức, phân công thực hiện khắc phục những thiếu sót đã chỉ ra, đồng thời tập trung hoàn "
        "thành các nội dung nêu trên và báo cáo kết quả khắc phục kèm tài liệu kiểm chứng. Kết quả thực hiện sẽ là cơ sở "
        f"đánh giá và bình xét thi đua, khen thưởng năm {plan.year}./."
    )
    return {
        "directives": directives,
        "subject": f"thực hiện khắc phục sau kiểm tra công tác CCHC năm {plan.year} của đơn vị thuộc {short_issuer}",
        "recipients": "\n".join(names_today[v.unit_id] for v in addressed),
        "body": "\n".join(body),
        "copies_to": "Như trên;\nSở Nội vụ (b/c);\nGiám đốc Sở (b/c);\nLưu: VT, TTr, CCHC.",
    }


def build_report(plan: InspectionPlan, **_) -> dict:
    visits = _visits(plan)
    labels = {v.pk: v.unit_label for v in visits}
    findings = _findings_by_area(
        Finding.objects.filter(visit__in=visits)
        .select_related("area")
        .prefetch_related("indicators")
        .order_by("area__position", "kind", "visit__scheduled_on", "position")
    )
    concluded = [v for v in visits if v.status == VisitStatus.CONCLUDED]
    body = [
        f"Thực hiện {plan_reference(plan)}, Đoàn kiểm tra đã kiểm tra {len(concluded)}/{len(visits)} đơn vị theo kế hoạch. "
        "Kết quả như sau:",
        "# I. ĐƠN VỊ ĐÃ KIỂM TRA",
        *[f"- {v.unit_label} (ngày {v.scheduled_on:%d/%m/%Y});" for v in visits],
        "# II. KẾT QUẢ THEO LĨNH VỰC",
    ]
    for area, kinds in findings.items():
        body.append(f"# {area.name}")
        if kinds["strength"]:
            body.append("Kết quả đạt được:")
            body += [f"- {labels[f.visit_id]}: {_with_indicators(f)}" for f in kinds["strength"]]
        if kinds["shortcoming"]:
            body.append("Hạn chế, tồn tại:")
            body += [f"- {labels[f.visit_id]}: {_with_indicators(f)}" for f in kinds["shortcoming"]]
    counts = status_counts(RemediationTask.objects.filter(directive__visit__plan=plan))
    body += [
        "# III. TÌNH HÌNH KHẮC PHỤC",
        f"Tổng số nhiệm vụ khắc phục: {counts['total']}; đã hoàn thành: {counts['accepted']}; đã báo cáo, đang thẩm định: "
        f"{counts['submitted']}; quá hạn: {counts['overdue']}.",
        "# IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị các đơn vị tiếp tục khắc phục các hạn chế đã chỉ ra; đưa kết quả kiểm tra vào đánh giá Chỉ số CCHC năm.",
    ]
    return {
        "subject": f"Kết quả kiểm tra công tác cải cách hành chính năm {plan.year}",
        "body": "\n".join(body),
        "copies_to": "UBND tỉnh (b/c);\nSở Nội vụ;\nLưu: VT.",
    }


BUILDERS = {
    DocumentKind.PLAN: build_plan,
    DocumentKind.TEAM_DECISION: build_team_decision,
    DocumentKind.MINUTES: build_minutes,
    DocumentKind.CONCLUSION: build_conclusion,
    DocumentKind.REMEDIATION_LETTER: build_remediation_letter,
    DocumentKind.REPORT: build_report,
}
# Kinds drawn up for one visit; the others for a whole plan.
PER_VISIT = {DocumentKind.MINUTES, DocumentKind.CONCLUSION}
