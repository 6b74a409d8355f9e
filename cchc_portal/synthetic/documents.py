"""Official documents in bulk: drafts as `document_create` draws them up, issued ones as
`document_issue` leaves them (the next numbers of the issuer's series for the year, the header
as named that day, frozen), the counters advanced to the last number, and the plans numbered
by their plan document through `plan_record_issue`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from inspections.models import FindingKind, VisitStatus
from inspections.services import plan_record_issue
from remediation.models import TaskStatus
from reports.addressing import address_many
from reports.builders import ROLE_NAMES, header_for, signature_for
from reports.formats import number_and_symbol, official_date
from reports.models import Authority, Document, DocumentKind, DocumentStatus, NumberCounter, NumberingSeries
from reports.numbering import series_for

from . import vocabulary
from .common import Plan, Visit, World, dates_as_given, day_between, field_of, insert, record_history, snapshot

D = datetime.date
DAY = datetime.timedelta(days=1)
K = DocumentKind


@dataclass
class Spec:
    kind: str
    plan: Plan
    visit: Visit | None
    issued_on: D | None  # None: a draft
    drafted_on: D
    round: int = 0  # reminders and interim reports: which one
    order: int = 0
    number: int | None = None
    number_text: str = ""
    series: str = ""


def _spec(world: World, kind, plan, visit, day: D, drafted: D | None = None, round: int = 0) -> Spec:
    """Issued on `day` if that day has come, else a draft drawn up by today."""
    today = world.clock.today
    if day <= today:
        return Spec(kind, plan, visit, day, min(drafted or day - DAY * world.rng.randint(1, 4), day), round)
    return Spec(kind, plan, visit, None, min(drafted or today, today), round)


def _concluded(plan: Plan) -> list[Visit]:
    return [v for v in plan.visits if v.status == VisitStatus.CONCLUDED and not v.live]


def choose(world: World) -> list[Spec]:
    """Which documents exist: the plan, the team decision, each visit's minutes and conclusion, the
    remediation letter, the report; then reminders and interim reports up to the requested number."""
    rng, today = world.rng, world.clock.today
    tiers: list[list[Spec]] = [[], [], [], [], []]
    letters = {}
    for plan in world.plans:
        year = plan.year
        plan_day = min(day_between(rng, D(year, 1, 8), D(year, 2, 17)), today)
        tiers[0].append(_spec(world, K.PLAN, plan, None, plan_day))
        tiers[1].append(_spec(world, K.TEAM_DECISION, plan, None, min(plan_day + DAY * rng.randint(3, 15), today)))
        for visit in plan.visits:
            if visit.live or visit.status == VisitStatus.PLANNED:
                continue
            if visit.status == VisitStatus.CONCLUDED:
                tiers[2].append(_spec(world, K.MINUTES, plan, visit, visit.day, visit.day))
                concluded = visit.concluded_at.date()
                tiers[2].append(
                    _spec(world, K.CONCLUSION, plan, visit, concluded + DAY * rng.randint(5, 20), concluded)
                )
            else:
                tiers[2].append(Spec(K.MINUTES, plan, visit, None, visit.day))
        done = _concluded(plan)
        if done and any(v.directives for v in plan.visits):
            last = max(v.concluded_at.date() for v in done)
            day = last + DAY * rng.randint(7, 25)
            if len(done) < len(plan.visits):
                letter = Spec(K.REMEDIATION_LETTER, plan, None, None, min(day, today))
            else:
                letter = _spec(world, K.REMEDIATION_LETTER, plan, None, day, last + DAY)
            letters[id(plan)] = letter
            tiers[3].append(letter)
        if done:
            if year < world.clock.year:
                tiers[4].append(_spec(world, K.REPORT, plan, None, day_between(rng, D(year, 12, 10), D(year, 12, 28))))
            else:
                tiers[4].append(Spec(K.REPORT, plan, None, None, today))
    chosen, remaining = [], world.sizes.documents
    for tier in tiers:
        if len(tier) > remaining:
            keep = set(rng.sample(range(len(tier)), remaining))
            tier = [spec for index, spec in enumerate(tier) if index in keep]
        chosen += tier
        remaining -= len(tier)
    chosen += _fillers(world, remaining)
    for spec in chosen:
        if spec.kind == K.PLAN and spec.issued_on:
            spec.plan.issued_on = spec.issued_on
        if spec is letters.get(id(spec.plan)) and spec.issued_on:
            spec.plan.letter_at = world.clock.at(spec.issued_on, 15)
    return chosen


def _fillers(world: World, count: int) -> list[Spec]:
    """Reminders to units that still owe remediation and interim reports, round after round."""
    rng, result = world.rng, []
    plans = [plan for plan in world.plans if _concluded(plan)]
    round = 0
    while len(result) < count and plans:
        round += 1
        for plan in plans:
            start = max(v.concluded_at.date() for v in _concluded(plan))
            day = start + DAY * (90 * round + rng.randint(0, 10))
            result.append(_spec(world, K.REPORT, plan, None, day, round=round))
            for visit in _concluded(plan):
                day = visit.concluded_at.date() + DAY * (30 * round + rng.randint(0, 10))
                result.append(_spec(world, K.REMEDIATION_LETTER, plan, visit, day, round=round))
    return result[:count]


# --- numbering ------------------------------------------------------------------------------


def number(world: World, specs: list[Spec]) -> None:
    """Numbers from 01 each year per issuer and series, in order of issue, after any already given."""
    for index, department in enumerate(world.departments):
        if index % 4 == 3:  # some departments number their decisions apart (Điều 15.1.c)
            NumberingSeries.objects.create(issuer=department.unit, name="QĐ", kinds=[K.TEAM_DECISION])
    series_cache: dict[tuple[int, str], str] = {}
    groups: dict[tuple[int, str, int], list[Spec]] = defaultdict(list)
    for order, spec in enumerate(specs):
        if spec.issued_on is None:
            continue
        key = (spec.plan.issuer.pk, spec.kind)
        if key not in series_cache:
            series_cache[key] = series_for(spec.plan.issuer.pk, spec.kind)
        spec.series, spec.order = series_cache[key], order
        groups[(spec.plan.issuer.pk, spec.series, spec.issued_on.year)].append(spec)
    counters = {
        (c.issuer_id, c.series, c.year): c
        for c in NumberCounter.objects.filter(
            issuer_id__in={key[0] for key in groups}, year__in={key[2] for key in groups}
        )
    }
    new = []
    for key, group in groups.items():
        counter = counters.get(key) or NumberCounter(issuer_id=key[0], series=key[1], year=key[2], last=0)
        for spec in sorted(group, key=lambda s: (s.issued_on, s.order)):
            counter.last += 1
            spec.number = counter.last
            drafter = "TTr" if spec.kind == K.REMEDIATION_LETTER else ""
            spec.number_text = number_and_symbol(
                number=spec.number, kind=spec.kind, issuer_code=spec.plan.issuer.code, drafter_code=drafter
            )
        if counter.pk is None:
            new.append(counter)
    NumberCounter.objects.bulk_update([c for c in counters.values() if c.pk], ["last"])
    insert(NumberCounter, new)


# --- texts (the shapes of reports.builders, from what is in memory) ----------------------------


def _reference(plan: Plan, plan_docs: dict) -> str:
    spec = plan_docs.get(id(plan))
    if spec is not None and spec.issued_on:
        return f"Kế hoạch số {spec.number_text} ngày {spec.issued_on:%d/%m/%Y} của {plan.issuer.name}"
    return f"{plan.plan.title} của {plan.issuer.name}"


def _members(plan: Plan) -> list[str]:
    lines = []
    for team in plan.teams:
        for name, title, agency, role in team.lines:
            lines.append("- " + ", ".join(p for p in [name, title, agency] if p) + f" – {ROLE_NAMES[role]};")
    return lines


def _deadline(directive) -> str:
    if directive.due_on:
        return f"Thời hạn hoàn thành: trước ngày {directive.due_on:%d/%m/%Y}."
    if directive.due_days:
        return f"Thời hạn hoàn thành: {directive.due_days} ngày kể từ ngày ban hành văn bản này."
    return ""


def _by_area(visit: Visit) -> list[tuple[object, list[str], list[str]]]:
    grouped = {
        area.pk: (area, [], []) for area in sorted({f.area for f in visit.findings}, key=lambda a: (a.position, a.pk))
    }
    for index, finding in enumerate(visit.findings):
        indicators = "; ".join(str(row) for row in visit.indicators.get(index, []))
        text = f"{finding.text} ({indicators})" if indicators else finding.text
        grouped[finding.area_id][1 if finding.kind == FindingKind.STRENGTH else 2].append(text)
    return list(grouped.values())


def _plan_texts(world: World, spec: Spec, reference: str) -> dict:
    plan = spec.plan
    body = ["# I. MỤC ĐÍCH, YÊU CẦU", plan.plan.purpose, "# II. NỘI DUNG, PHẠM VI KIỂM TRA"]
    body += ["Kiểm tra việc thực hiện các nội dung cải cách hành chính sau:", *[f"- {a.name};" for a in world.areas]]
    body += ["# III. THÀNH PHẦN ĐOÀN KIỂM TRA", *_members(plan), "# IV. ĐƠN VỊ VÀ THỜI GIAN KIỂM TRA", "[bảng]"]
    body += [
        "# V. TỔ CHỨC THỰC HIỆN",
        "Các đơn vị được kiểm tra chuẩn bị báo cáo tóm tắt kết quả thực hiện công tác cải cách hành chính và tài liệu "
        "kiểm chứng; bố trí thành phần làm việc với Đoàn kiểm tra theo lịch trên.",
    ]
    table = [["STT", "Ngày", "Đơn vị được kiểm tra", "Đoàn kiểm tra"]]
    visits = sorted(plan.visits, key=lambda v: v.day)
    table += [[str(n), f"{v.day:%d/%m/%Y}", v.unit.name, v.team.team.name] for n, v in enumerate(visits, start=1)]
    return {
        "subject": f"Kiểm tra công tác cải cách hành chính năm {plan.year}",
        "body": body,
        "table": table,
        "copies_to": "\n".join([*(f"{v.unit.name};" for v in plan.visits), "Lưu: VT."]),
    }


def _decision_texts(world: World, spec: Spec, reference: str) -> dict:
    year = spec.plan.year
    body = [
        f"Căn cứ {reference};",
        "# Điều 1.",
        f"Thành lập Đoàn kiểm tra công tác cải cách hành chính năm {year}, gồm các ông (bà) có tên sau:",
        *_members(spec.plan),
        "# Điều 2.",
        "Đoàn kiểm tra có nhiệm vụ kiểm tra việc thực hiện công tác cải cách hành chính tại các đơn vị theo Kế hoạch; "
        "báo cáo kết quả kiểm tra. Đoàn tự giải thể sau khi hoàn thành nhiệm vụ.",
        "# Điều 3.",
        "Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
    ]
    return {
        "subject": f"Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm {year}",
        "body": body,
        "copies_to": "Như Điều 3;\nLưu: VT.",
    }


def _minutes_texts(world: World, spec: Spec, reference: str) -> dict:
    visit = spec.visit
    unit = visit.unit.name
    body = [
        f"Hôm nay, {official_date(visit.day)}, tại {visit.visit.place or unit}, Đoàn kiểm tra công tác cải cách hành "
        f"chính theo {reference} tiến hành kiểm tra tại {unit}.",
        "# I. THÀNH PHẦN",
        "1. Đoàn kiểm tra:",
        *_members(spec.plan),
        "2. Đơn vị được kiểm tra:",
        *[f"- {attendee};" for attendee in visit.attendees],
        "# II. NỘI DUNG KIỂM TRA",
        visit.visit.unit_summary,
    ]
    for area, strengths, shortcomings in _by_area(visit):
        body.append(f"# {area.name}")
        body += [f"- Kết quả đạt được: {text}" for text in strengths]
        body += [f"- Hạn chế, tồn tại: {text}" for text in shortcomings]
    body.append(
        "Biên bản được lập xong vào hồi ... giờ cùng ngày, đã thông qua các thành viên dự họp và thống nhất ký tên."
    )
    head, leader = visit.unit.head, visit.team.leader
    return {
        "subject": f"Kiểm tra công tác cải cách hành chính tại {unit}",
        "body": body,
        "authority": Authority.OWN,
        "authority_title": "",
        "signer_title": "TRƯỞNG ĐOÀN",
        "signer_name": leader.get_full_name() if leader else "",
        "second_signature_title": "ĐẠI DIỆN ĐƠN VỊ",
        "second_signer_name": head.get_full_name() if head else "",
    }


def _conclusion_texts(world: World, spec: Spec, reference: str) -> dict:
    visit = spec.visit
    unit = visit.unit.name
    body = [
        f"Thực hiện {reference}, {official_date(visit.day)}, Đoàn kiểm tra đã làm việc với {unit} về việc thực hiện "
        "công tác cải cách hành chính. Kết luận kiểm tra như sau:",
        "# I. KẾT QUẢ ĐẠT ĐƯỢC",
    ]
    areas = _by_area(visit)
    for area, strengths, _ in areas:
        body += [f"{area.name}:", *[f"- {text}" for text in strengths]] if strengths else []
    body.append("# II. HẠN CHẾ, TỒN TẠI")
    for area, _, shortcomings in areas:
        body += [f"{area.name}:", *[f"- {text}" for text in shortcomings]] if shortcomings else []
    body.append("# III. KIẾN NGHỊ")
    directives = [d for v in spec.plan.visits for d in v.directives if visit.unit in d.targets]
    body += [f"- {d.text} {_deadline(d)}".rstrip() for d in directives]
    body.append(f"Đề nghị {unit} nghiêm túc thực hiện và báo cáo kết quả khắc phục, kèm tài liệu kiểm chứng./.")
    return {
        "subject": f"Kết luận kiểm tra công tác cải cách hành chính tại {unit}",
        "recipients": unit,
        "body": body,
        "copies_to": "Như trên;\nSở Nội vụ;\nLưu: VT.",
    }


def _letter_texts(world: World, spec: Spec, reference: str) -> dict:
    """Seed 002's công văn: shortcomings by unit, then every directive of the plan (which it carries)."""
    plan, year = spec.plan, spec.plan.year
    done = _concluded(plan)
    body = [
        f"Thực hiện {reference} về kế hoạch kiểm tra CCHC năm {year}, Đoàn kiểm tra CCHC đã tiến hành kiểm tra công "
        "tác CCHC tại các đơn vị.",
        "Qua kiểm tra các nội dung trong kế hoạch, nhìn chung các đơn vị đã cơ bản thực hiện tốt các nhiệm vụ trọng tâm "
        "của kế hoạch CCHC. Tuy nhiên qua công tác kiểm tra vẫn phát hiện một số công việc chưa thực hiện hoặc thực hiện "
        "nhưng chưa đạt yêu cầu. Cụ thể:",
    ]
    for number, visit in enumerate(done, start=1):
        body += [
            f"# {number}. {visit.unit.name}",
            *[f.text for f in visit.findings if f.kind == FindingKind.SHORTCOMING],
        ]
    body.append(
        f"Để đảm bảo hoàn thành tốt các nhiệm vụ công tác CCHC cũng như các nội dung tiêu chí Bộ chỉ số CCHC, "
        f"{plan.issuer.name} yêu cầu các đơn vị có liên quan nghiêm túc thực hiện những nội dung như sau:"
    )
    body += [f"- {d.text} {_deadline(d)}".rstrip() for v in plan.visits for d in v.directives]
    body.append(
        "Các đơn vị nghiêm túc tổ chức, phân công thực hiện khắc phục những thiếu sót đã chỉ ra. Kết quả thực hiện sẽ "
        f"là cơ sở đánh giá và bình xét thi đua, khen thưởng năm {year}./."
    )
    issuer = plan.issuer.short_name or plan.issuer.name
    return {
        "subject": f"thực hiện khắc phục sau kiểm tra công tác CCHC năm {year} của đơn vị thuộc {issuer}",
        "recipients": "\n".join(v.unit.name for v in done),
        "body": body,
        "copies_to": "Như trên;\nSở Nội vụ (b/c);\nGiám đốc Sở (b/c);\nLưu: VT, TTr, CCHC.",
    }


def _reminder_texts(world: World, spec: Spec, reference: str) -> dict:
    """A công văn đôn đốc to one unit: what it still owes (it carries no directive)."""
    unit = spec.visit.unit
    owed = [
        d
        for v in spec.plan.visits
        for d in v.directives
        if any(t.unit == unit and t.status != TaskStatus.ACCEPTED for t in d.made)
    ]
    body = [
        f"Thực hiện {reference}, Đoàn kiểm tra đã có kết luận và yêu cầu khắc phục đối với {unit.name}. Đến nay, đơn "
        f"vị còn {len(owed)} nội dung chưa hoàn thành khắc phục:",
        *[f"- {d.text} {_deadline(d)}".rstrip() for d in owed],
        "Đề nghị đơn vị khẩn trương hoàn thành và báo cáo kết quả khắc phục, kèm tài liệu kiểm chứng./.",
    ]
    return {
        "subject": f"đôn đốc thực hiện khắc phục sau kiểm tra công tác CCHC năm {spec.plan.year} (lần {spec.round})",
        "recipients": unit.name,
        "body": body,
        "copies_to": "Như trên;\nLưu: VT, TTr.",
    }


def _report_texts(world: World, spec: Spec, reference: str) -> dict:
    plan, year = spec.plan, spec.plan.year
    tasks = [t for v in plan.visits for d in v.directives for t in d.made]
    accepted = sum(t.status == TaskStatus.ACCEPTED for t in tasks)
    submitted = sum(t.status == TaskStatus.SUBMITTED for t in tasks)
    done = _concluded(plan)
    body = [
        f"Thực hiện {reference}, Đoàn kiểm tra đã kiểm tra {len(done)}/{len(plan.visits)} đơn vị theo kế hoạch. "
        "Kết quả như sau:",
        "# I. ĐƠN VỊ ĐÃ KIỂM TRA",
        *[f"- {v.unit.name} (ngày {v.day:%d/%m/%Y});" for v in plan.visits],
        "# II. TÌNH HÌNH KHẮC PHỤC",
        f"Tổng số nhiệm vụ khắc phục: {len(tasks)}; đã hoàn thành: {accepted}; đã báo cáo, đang thẩm định: {submitted}.",
        "# III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị các đơn vị tiếp tục khắc phục các hạn chế đã chỉ ra; đưa kết quả kiểm tra vào đánh giá Chỉ số CCHC năm.",
    ]
    subject = f"Kết quả kiểm tra công tác cải cách hành chính năm {year}"
    if spec.round:
        subject = f"Tình hình khắc phục sau kiểm tra công tác cải cách hành chính năm {year} (kỳ {spec.round})"
    return {"subject": subject, "body": body, "copies_to": "UBND tỉnh (b/c);\nSở Nội vụ;\nLưu: VT."}


TEXTS = {
    K.PLAN: _plan_texts,
    K.TEAM_DECISION: _decision_texts,
    K.MINUTES: _minutes_texts,
    K.CONCLUSION: _conclusion_texts,
    K.REMEDIATION_LETTER: _letter_texts,
    K.REPORT: _report_texts,
}


def _texts(world: World, spec: Spec, plan_docs: dict) -> dict:
    write = _reminder_texts if spec.kind == K.REMEDIATION_LETTER and spec.round else TEXTS[spec.kind]
    texts = write(world, spec, _reference(spec.plan, plan_docs))
    texts["body"] = "\n".join(line for line in texts["body"] if line)
    return texts


# --- writing ---------------------------------------------------------------------------------


def build(world: World, specs: list[Spec]) -> None:
    rng, clock = world.rng, world.clock
    number(world, specs)
    plan_docs = {id(s.plan): s for s in specs if s.kind == K.PLAN}
    vice_chair = vocabulary.full_name(rng)
    headers, signatures, documents = {}, {}, []
    for spec in specs:
        plan = spec.plan
        day = spec.issued_on or spec.drafted_on
        key = (plan.issuer.pk, day.year)
        if key not in headers:
            headers[key] = header_for(plan.issuer, day)
        if id(plan) not in signatures:
            signatures[id(plan)] = signature_for(plan.plan)
            if plan.issuer.pk == world.province.pk:  # the province's documents are signed for its chairman
                signatures[id(plan)] = {
                    "authority": Authority.KT,
                    "authority_title": "CHỦ TỊCH",
                    "signer_title": "PHÓ CHỦ TỊCH",
                    "signer_name": vice_chair,
                }
        texts = _texts(world, spec, plan_docs)
        author = plan.teams[0].leader
        document = Document(
            kind=spec.kind,
            plan=plan.plan,
            visit=spec.visit.visit if spec.kind in (K.MINUTES, K.CONCLUSION) else None,
            issuer=plan.issuer,
            drafter_code="TTr" if spec.kind == K.REMEDIATION_LETTER else "",
            **headers[key],
            **{**signatures[id(plan)], **texts},
            created_by=author,
            created_at=clock.at(spec.drafted_on, 9),
        )
        document.spec = spec
        if spec.issued_on:
            document.status, document.version, document.issued_by = DocumentStatus.ISSUED, 2, plan.clerk
            document.year, document.series, document.number = spec.issued_on.year, spec.series, spec.number
            document.number_text, document.issued_on = spec.number_text, spec.issued_on
        documents.append(document)
    with dates_as_given(field_of(Document, "created_at")):
        insert(Document, documents)
    through = Document.directives.through
    carried = [
        through(document=document, directive=directive)
        for document in documents
        if document.kind == K.REMEDIATION_LETTER and not document.spec.round
        for visit in document.spec.plan.visits
        for directive in visit.directives
    ]
    insert(through, carried)
    address_many(document for document in documents if document.issued_on)
    drafts = {
        "status": DocumentStatus.DRAFT,
        "version": 1,
        "year": None,
        "series": "",
        "number": None,
        "number_text": "",
        "issued_on": None,
        "issued_by": None,
    }
    record_history(Document, [snapshot(d, d.created_at, d.created_by, **drafts) for d in documents], created=True)
    record_history(
        Document, [snapshot(d, clock.at(d.issued_on, 15), d.issued_by, "issued") for d in documents if d.issued_on]
    )
    for spec in specs:
        if spec.kind == K.PLAN and spec.issued_on:
            plan_record_issue(plan=spec.plan.plan, number=spec.number_text, issued_on=spec.issued_on)
    world.counts["documents"] = len(documents)
    world.counts["documents_issued"] = sum(1 for d in documents if d.issued_on)
