"""Plans, teams and visits through `inspections.services`; findings, their indicators, the visits'
status changes and attendees in bulk, as recording and concluding would have left them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from core.text import fold
from inspections import demo as inspections_demo
from inspections import services
from inspections.models import (
    Finding,
    FindingKind,
    Indicator,
    InspectionPlan,
    InspectionTeam,
    InspectionVisit,
    PlanKind,
    TeamRole,
    VisitAttendee,
    VisitEvent,
    VisitStatus,
)
from inspections.selectors import belongs_to
from units.models import Unit, User

from . import vocabulary
from .common import (
    Department,
    Plan,
    Team,
    Visit,
    World,
    apportion,
    dates_as_given,
    day_between,
    field_of,
    insert,
    record_history,
    snapshot,
    stamp,
    vietnamese_number,
)

LIVE_VISIT_PLACE = "Buổi kiểm tra đo hiệu năng"
LIVE_VISIT_FINDINGS = 100
PROVINCE_TITLE = "Kế hoạch kiểm tra công tác cải cách hành chính năm {year}"
SELF_TITLE = "Kế hoạch tự kiểm tra công tác cải cách hành chính năm {year}"
D = datetime.date


# --- plans, teams, visits -------------------------------------------------------------------


def _add(
    team: Team,
    *,
    user: User | None = None,
    full_name: str = "",
    title: str = "",
    agency: str = "",
    role=TeamRole.MEMBER,
):
    services.team_member_add(
        actor=None, team=team.team, user=user, full_name=full_name, title=title, agency=agency, role=role
    )
    if user is not None:
        team.users.append(user)
        full_name, title = full_name or user.get_full_name(), title or user.title
        if role == TeamRole.LEADER:
            team.leader = user
    team.lines.append((full_name, title, agency, role))


def _plan(world: World, *, issuer: Unit, year: int, kind: str, title: str, purpose: str, clerk) -> Plan:
    plan = services.plan_create(actor=None, issuer=issuer, year=year, title=title, kind=kind, purpose=purpose)
    info = Plan(plan=plan, issuer=issuer, clerk=clerk, teams=[Team(team=plan.teams.get())])
    world.plans.append(info)
    return info


def _visit_days(world: World, year: int, count: int) -> list[tuple[D, str]]:
    """Days and statuses of a plan's visits: past years concluded, this year a mix."""
    rng, today = world.rng, world.clock.today
    if year < world.clock.year:
        return sorted((day_between(rng, D(year, 4, 1), D(year, 11, 30)), VisitStatus.CONCLUDED) for _ in range(count))
    result = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.5:
            day, status = day_between(rng, D(year, 3, 1), today - datetime.timedelta(days=3)), VisitStatus.CONCLUDED
        elif roll < 0.65:
            day, status = day_between(rng, today - datetime.timedelta(days=6), today), VisitStatus.IN_PROGRESS
        else:
            high = max(D(year, 12, 31), today + datetime.timedelta(days=30))
            day, status = day_between(rng, today + datetime.timedelta(days=1), high), VisitStatus.PLANNED
        result.append((day, status))
    return sorted(result, key=lambda pair: pair[0])


def _schedule(world: World, plan: Plan, team: Team, unit: Unit, day: D, status: str, place: str = "") -> Visit:
    place = place or world.rng.choice(vocabulary.PLACES).format(unit=unit.short_name or unit.name)
    visit = services.visit_schedule(
        actor=None, plan=plan.plan, unit=unit, scheduled_on=day, team=team.team, place=place
    )
    info = Visit(visit=visit, plan=plan, team=team, status=status)
    plan.visits.append(info)
    return info


def _province_plan(world: World, year: int) -> None:
    rng, current = world.rng, world.clock.year
    truongdoan, thanhvien = world.demo["truongdoan"], world.demo["thanhvien"]
    deputies, specialists = world.home_affairs[:2], world.home_affairs[2:]
    plan = _plan(
        world,
        issuer=world.province,
        year=year,
        kind=PlanKind.PROVINCE,
        title=PROVINCE_TITLE.format(year=year),
        purpose=vocabulary.PROVINCE_PURPOSE.format(year=year),
        clerk=deputies[0],
    )
    first = plan.teams[0]
    _add(first, user=deputies[year % 2], role=TeamRole.LEADER, agency="Sở Nội vụ")
    _add(first, user=specialists[0], role=TeamRole.SECRETARY, agency="Sở Nội vụ")
    name, agency = rng.choice(vocabulary.OUTSIDE_MEMBERS)
    _add(first, full_name=name, agency=agency)
    guest = rng.choice(world.departments)
    _add(first, user=guest.inspector, agency=guest.unit.name)
    if year in (current - 1, current - 2):
        _add(first, user=truongdoan, agency="Sở Khoa học và Công nghệ")
    # A second team (there is no service for it: the admin adds teams), led this year by truongdoan.
    second = Team(team=InspectionTeam.objects.create(plan=plan.plan, name="Đoàn kiểm tra số 2"))
    plan.teams.append(second)
    if year == current:
        _add(second, user=truongdoan, role=TeamRole.LEADER, agency="Sở Khoa học và Công nghệ")
    else:
        _add(second, user=deputies[(year + 1) % 2], role=TeamRole.LEADER, agency="Sở Nội vụ")
    if year >= current - 1:
        _add(second, user=thanhvien, agency="Thanh tra Sở Khoa học và Công nghệ")
    _add(second, user=specialists[1], agency="Sở Nội vụ")
    _add(second, full_name="Đại diện Sở Tư pháp", agency="Sở Tư pháp")

    # Nobody inspects their own department: the teams' members' departments are left out.
    eligible = [
        department
        for department in world.departments
        if not any(belongs_to(user, department.unit) for team in plan.teams for user in team.users)
    ]
    count = max(1, round(len(world.departments) / 3))
    chosen = sorted(rng.sample(range(len(eligible)), min(count, len(eligible))))
    days = _visit_days(world, year, len(chosen))
    for number, (index, (day, status)) in enumerate(zip(chosen, days, strict=True)):
        unit = eligible[index].unit
        if year == current and number == 0:
            # The benchmarks' visit: today, in progress, truongdoan leading, thanhvien recording.
            _schedule(
                world, plan, second, unit, world.clock.today, VisitStatus.IN_PROGRESS, LIVE_VISIT_PLACE
            ).live = True
            continue
        _schedule(world, plan, plan.teams[number % 2], unit, day, status)


def _self_plan(world: World, department: Department, year: int) -> None:
    rng = world.rng
    plan = _plan(
        world,
        issuer=department.unit,
        year=year,
        kind=PlanKind.SELF,
        title=SELF_TITLE.format(year=year),
        purpose=vocabulary.SELF_PURPOSE.format(year=year, issuer=department.unit.name),
        clerk=department.clerk,
    )
    team = plan.teams[0]
    _add(team, user=department.deputy, role=TeamRole.LEADER, agency=department.unit.name)
    _add(team, user=department.inspector, agency=department.unit.name)
    _add(team, full_name=vocabulary.full_name(rng), title="Chuyên viên Văn phòng", role=TeamRole.SECRETARY)
    if rng.random() < 0.3:
        _add(team, full_name="Đại diện Sở Nội vụ", agency="Sở Nội vụ")
    units = [
        unit
        for unit in department.subunits or [department.unit]
        if not any(belongs_to(user, unit) for user in team.users)
    ]
    chosen = rng.sample(units, min(len(units), rng.randint(2, 4)))
    for unit, (day, status) in zip(chosen, _visit_days(world, year, len(chosen)), strict=True):
        _schedule(world, plan, team, unit, day, status)


def _demo_department_plan(world: World, year: int) -> None:
    """Sở KH&CN's self-inspection in an earlier year, led by truongdoan: where donvi's workload comes from."""
    skhcn = Unit.objects.get(parent=world.province, code="SKHCN", valid_to__isnull=True)
    units = {unit.code: unit for unit in Unit.objects.filter(parent=skhcn, valid_to__isnull=True)}
    plan = _plan(
        world,
        issuer=skhcn,
        year=year,
        kind=PlanKind.SELF,
        title=SELF_TITLE.format(year=year),
        purpose=vocabulary.SELF_PURPOSE.format(year=year, issuer=skhcn.name),
        clerk=world.demo["truongdoan"],
    )
    team = plan.teams[0]
    _add(team, user=world.demo["truongdoan"], role=TeamRole.LEADER, agency=skhcn.name)
    _add(team, user=world.demo["thanhvien"], agency="Thanh tra Sở")
    _add(team, full_name=vocabulary.full_name(world.rng), title="Chuyên viên Văn phòng Sở", role=TeamRole.SECRETARY)
    others = world.rng.sample(["TTTTUD", "TTKTTĐC"], world.rng.randint(1, 2))
    for code, (day, status) in zip(["CCTĐC", *others], _visit_days(world, year, 1 + len(others)), strict=True):
        _schedule(world, plan, team, units[code], day, status).donvi = code == "CCTĐC"


def build_plans(world: World) -> None:
    for year in world.years:
        _province_plan(world, year)
        for department in world.departments:
            _self_plan(world, department, year)
        if year < world.clock.year:
            _demo_department_plan(world, year)
    # Plans are drawn up around the turn of the year, before their documents are issued.
    for plan in world.plans:
        plan.plan.created_at = world.clock.at(D(plan.year, 1, 5), 8)
    InspectionPlan.objects.bulk_update([plan.plan for plan in world.plans], ["created_at"])


# --- findings -------------------------------------------------------------------------------


def _templates(area):
    return vocabulary.AREAS.get(area.code, vocabulary.GENERIC_AREA)


def _seed_texts(area_code: str, kind: str) -> list[str]:
    seeds = [*inspections_demo.SEED_000, *inspections_demo.SEED_004["STP"], *inspections_demo.SEED_004["STC"]]
    for rows in (*inspections_demo.SEED_002.values(), *inspections_demo.SEED_003.values()):
        seeds += rows
    return [
        text
        for code, seed_kind, text, indicators in seeds
        if code == area_code and seed_kind == kind and not indicators
    ]


class Writer:
    """Writes finding texts: template, subject, wording, detail and numbers vary; repeats come back."""

    def __init__(self, world: World):
        self.world, self.rng = world, world.rng
        self.earlier: dict[int, list[tuple[int, Finding]]] = defaultdict(list)  # unit id → (year, shortcoming)
        self.seeds = {(a.code, k): _seed_texts(a.code, k) for a in world.areas for k in FindingKind.values}

    def _fill(self, text: str, year: int) -> str:
        rng = self.rng
        n = rng.randint(2, 12)
        return text.format(
            year=year,
            prev=year - 1,
            n=n,
            m=n + rng.randint(1, 10),
            pct=rng.choice([20, 25, 30, 40, 60, 75]),
            quarter=rng.choice(vocabulary.QUARTERS),
        )

    def finding(self, visit: Visit, area, kind: str) -> tuple[Finding, list[Indicator]]:
        """An unsaved finding (with `.remedy`, what a directive about it asks) and its indicators."""
        rng, year = self.rng, visit.day.year
        templates = _templates(area)
        finding = Finding(visit=visit.visit, area=area, kind=kind)
        finding.remedy, finding.subject = "", None
        indicators = []
        seeds = self.seeds[(area.code, kind)]
        if templates["indicators"] and rng.random() < 0.14:
            name, unit, good, bad, good_text, bad_text = rng.choice(templates["indicators"])
            low, high = good if kind == FindingKind.STRENGTH else bad
            value = Decimal(rng.randint(low * 10, high * 10)) / 10 if unit == "%" else Decimal(rng.randint(low, high))
            sentence = good_text if kind == FindingKind.STRENGTH else bad_text
            finding.text = sentence.format(v=vietnamese_number(value)) + "."
            finding.remedy = f"có giải pháp cải thiện chỉ tiêu “{name.lower()}”"
            indicators.append(Indicator(name=name, value=value.quantize(Decimal("0.01")), unit=unit))
        elif seeds and rng.random() < 0.04:
            finding.text = rng.choice(seeds)
        elif kind == FindingKind.STRENGTH:
            text = rng.choice(templates["strengths"]) + rng.choice(vocabulary.STRENGTH_DETAILS)
            finding.text = self._fill(text, year) + "."
        else:
            finding.subject, finding.repeats = self._subject(visit, area, templates)
            subject, problems, finding.remedy = finding.subject
            text = f"{subject} {rng.choice(problems)}{rng.choice(vocabulary.SHORTCOMING_DETAILS)}"
            if rng.random() < 0.15:  # where it was seen
                text = f"Tại {visit.unit.short_name or visit.unit.name}, {text[0].lower()}{text[1:]}"
            finding.text = self._fill(text, year) + "."
        finding.text = finding.text[0].upper() + finding.text[1:]
        finding.search_text = fold(finding.text)
        return finding, indicators

    def _subject(self, visit: Visit, area, templates):
        """Mostly a fresh subject; sometimes that of a shortcoming of this unit in an earlier year, and then
        half the time marked as its repeat (`finding_mark_repeat`'s rules: same unit, earlier year)."""
        rng = self.rng
        earlier = [
            finding
            for year, finding in self.earlier.get(visit.unit.pk, ())
            if year < visit.day.year and finding.area_id == area.pk and finding.subject
        ]
        if earlier and rng.random() < 0.3:
            before = rng.choice(earlier)
            return before.subject, before if rng.random() < 0.5 else None
        return rng.choice(templates["shortcomings"]), None


def _finding_counts(world: World) -> None:
    """About 100 findings per visit on average (some 10-40, some far more); exactly 100 in the live visit."""
    rng = world.rng
    recording = [v for v in world.visits if v.status != VisitStatus.PLANNED and not v.live]
    weights = []
    for _ in recording:
        roll = rng.random()
        weights.append(
            rng.uniform(10, 40) if roll < 0.35 else rng.uniform(60, 140) if roll < 0.85 else rng.uniform(150, 300)
        )
    live = sum(LIVE_VISIT_FINDINGS for v in world.visits if v.live)
    for visit, count in zip(recording, apportion(max(0, world.sizes.findings - live), weights), strict=True):
        visit.finding_count = count
    for visit in world.visits:
        if visit.live:
            visit.finding_count = LIVE_VISIT_FINDINGS
        elif visit.status == VisitStatus.PLANNED:
            visit.finding_count = 0


def _record(world: World, writer: Writer, visit: Visit) -> None:
    rng, clock = world.rng, world.clock
    areas = world.areas
    recorders = [world.demo["thanhvien"]] if visit.live else visit.team.users or [None]
    positions: dict[tuple[int, str], int] = defaultdict(int)
    start = clock.at(visit.day, 8, 30)
    for number in range(visit.finding_count):
        # Every area at least once when there are enough findings, as the checklist asks.
        area = areas[number] if number < len(areas) and visit.finding_count >= 2 * len(areas) else rng.choice(areas)
        kind = FindingKind.STRENGTH if rng.random() < 0.45 else FindingKind.SHORTCOMING
        finding, indicators = writer.finding(visit, area, kind)
        positions[(area.pk, kind)] += 1
        finding.position = positions[(area.pk, kind)]
        finding.recorded_by = rng.choice(recorders)
        finding.recorded_at = finding.updated_at = min(start + datetime.timedelta(minutes=3 * number), clock.now)
        stamp(finding, finding.recorded_at, finding.recorded_by)
        visit.findings.append(finding)
        if indicators:
            visit.indicators[len(visit.findings) - 1] = indicators
    visit.started_at = visit.findings[0].recorded_at if visit.findings else start


def build_findings(world: World) -> None:
    """Findings year by year, so a repeat can point at an earlier year's shortcoming of the same unit."""
    _finding_counts(world)
    writer = Writer(world)
    fields = [field_of(Finding, "recorded_at"), field_of(Finding, "updated_at")]
    for year in world.years:
        visits = [v for v in world.visits if v.plan.year == year]
        for visit in visits:
            _record(world, writer, visit)
        findings = [f for v in visits for f in v.findings]
        with dates_as_given(*fields):
            insert(Finding, findings, history=True)
        indicators = []
        for visit in visits:
            for position, rows in visit.indicators.items():
                for row in rows:
                    row.finding = visit.findings[position]
                    indicators.append(row)
        insert(Indicator, indicators)
        for visit in visits:
            for finding in visit.findings:
                if finding.kind == FindingKind.SHORTCOMING:
                    writer.earlier[visit.unit.pk].append((year, finding))
        world.counts["indicators"] = world.counts.get("indicators", 0) + len(indicators)
    world.counts["findings"] = sum(len(v.findings) for v in world.visits)
    _visit_progress(world)


def _visit_progress(world: World) -> None:
    """The visits' status changes as `visit_start`/`visit_conclude` record them, with who received the team."""
    rng, clock = world.rng, world.clock
    events, changes, attendees, updated = [], [], [], []
    for visit in world.visits:
        if visit.status == VisitStatus.PLANNED:
            continue
        row = visit.visit
        first = visit.findings[0].recorded_by if visit.findings else visit.team.leader
        events.append(
            VisitEvent(
                visit=row,
                from_status=VisitStatus.PLANNED,
                to_status=VisitStatus.IN_PROGRESS,
                actor=first,
                at=visit.started_at,
            )
        )
        changes.append(snapshot(row, visit.started_at, first, VisitStatus.IN_PROGRESS, status=VisitStatus.IN_PROGRESS))
        row.status = visit.status
        row.unit_summary = vocabulary.SUMMARY.format(unit=row.unit.name, year=row.scheduled_on.year)
        if visit.status == VisitStatus.CONCLUDED:
            last = visit.findings[-1].recorded_at if visit.findings else visit.started_at
            concluded = clock.at(visit.day + datetime.timedelta(days=rng.choice([0, 0, 1, 3, 7])), 16, 30)
            visit.concluded_at = max(concluded, last + datetime.timedelta(minutes=5))
            visit.concluded_at = min(visit.concluded_at, clock.now)
            row.concluded_at, row.concluded_by = visit.concluded_at, visit.team.leader
            events.append(
                VisitEvent(
                    visit=row,
                    from_status=VisitStatus.IN_PROGRESS,
                    to_status=VisitStatus.CONCLUDED,
                    actor=visit.team.leader,
                    at=visit.concluded_at,
                )
            )
            changes.append(snapshot(row, visit.concluded_at, visit.team.leader, VisitStatus.CONCLUDED))
        head = row.unit.head
        visit.attendees = [
            VisitAttendee(
                visit=row,
                full_name=head.get_full_name() if head else vocabulary.full_name(rng),
                title=head.title if head else "Thủ trưởng đơn vị",
            ),
            VisitAttendee(visit=row, full_name="Đại diện lãnh đạo các phòng, đơn vị", title=""),
        ]
        attendees += visit.attendees
        updated.append(row)
    InspectionVisit.objects.bulk_update(
        updated, ["status", "unit_summary", "concluded_at", "concluded_by"], batch_size=500
    )
    with dates_as_given(field_of(VisitEvent, "at")):
        insert(VisitEvent, events)
    insert(VisitAttendee, attendees)
    record_history(InspectionVisit, changes)
    world.counts["visits"] = len(world.visits)
