"""What the generator's parts share: the sizes, the clock, the world being built, and bulk writes
that keep the dates and the history the services would have written."""

from __future__ import annotations

import contextlib
import copy
import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inspections.models import Finding, Indicator, InspectionPlan, InspectionTeam, InspectionVisit, ReformArea
from remediation.models import Directive
from units.models import Unit, User

BATCH = 2000
FOUNDED = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class Sizes:
    departments: int = 30
    units: int = 300  # departments and their subunits
    years: int = 5  # the current year and the ones before it
    findings: int = 50_000
    tasks: int = 20_000
    documents: int = 5_000


DEFAULT = Sizes()
SMALL = Sizes(departments=3, units=15, years=2, findings=300, tasks=120, documents=30)


class Clock:
    """Dates relative to today; nothing is dated after `now`."""

    def __init__(self, now: datetime.datetime):
        self.now = now
        self.today = timezone.localdate(now)
        self.year = self.today.year

    def at(self, day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(moment, self.now)

    def in_order(self, moments: list[datetime.datetime]) -> list[datetime.datetime]:
        """The moments of one timeline, strictly increasing and none after now (a minute apart at least)."""
        minute = datetime.timedelta(minutes=1)
        result = []
        for index, moment in enumerate(moments):
            moment = min(moment, self.now - minute * (len(moments) - index))
            if result and moment <= result[-1]:
                moment = result[-1] + minute
            result.append(moment)
        return result


def day_between(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date:
    """A day from `low` to `high` inclusive (`low` if the span is empty)."""
    return low + datetime.timedelta(days=rng.randint(0, max(0, (high - low).days)))


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder); the parts add up to `total`."""
    if not weights:
        return []
    whole = sum(weights)
    if whole <= 0:
        weights, whole = [1.0] * len(weights), float(len(weights))
    shares = [total * weight / whole for weight in weights]
    parts = [int(share) for share in shares]
    leftovers = sorted(range(len(weights)), key=lambda i: (parts[i] - shares[i], i))
    for index in leftovers[: total - sum(parts)]:
        parts[index] += 1
    return parts


def vietnamese_number(value) -> str:
    """`97,5` for 97.5 and `380` for 380: the decimal comma of Vietnamese texts."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class Department:
    unit: Unit
    subunits: list[Unit]
    head: User | None = None
    deputy: User | None = None  # leads the department's self-inspection team
    inspector: User | None = None
    clerk: User | None = None


@dataclass
class Team:
    team: InspectionTeam
    leader: User | None = None
    users: list[User] = field(default_factory=list)  # portal users in the team, leader first
    lines: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, title, agency, role


@dataclass
class Visit:
    visit: InspectionVisit
    plan: Plan
    team: Team
    status: str
    concluded_at: datetime.datetime | None = None
    started_at: datetime.datetime | None = None
    findings: list[Finding] = field(default_factory=list)
    indicators: dict[int, list[Indicator]] = field(default_factory=dict)  # by position in `findings`
    directives: list[Directive] = field(default_factory=list)
    attendees: list = field(default_factory=list)  # VisitAttendee rows
    finding_count: int = 0
    task_budget: int = 0
    live: bool = False
    donvi: bool = False  # a visit to the demo's Chi cục TCĐLCL whose tasks are donvi's workload

    @property
    def day(self) -> datetime.date:
        return self.visit.scheduled_on

    @property
    def unit(self) -> Unit:
        return self.visit.unit


@dataclass
class Plan:
    plan: InspectionPlan
    issuer: Unit
    clerk: User | None  # who numbers and issues the plan's documents
    teams: list[Team] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    issued_on: datetime.date | None = None  # of the plan document
    letter_at: datetime.datetime | None = None  # the issued remediation letter locks the directives

    @property
    def year(self) -> int:
        return self.plan.year


@dataclass
class World:
    rng: random.Random
    clock: Clock
    sizes: Sizes
    province: Unit
    areas: list[ReformArea]
    demo: dict[str, User]
    years: list[int]
    departments: list[Department] = field(default_factory=list)
    home_affairs: list[User] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    unit_side: dict[int, list[User]] = field(default_factory=dict)  # unit id → who answers for its tasks
    stored: list[str] = field(default_factory=list)  # files written, removed if the build fails
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def visits(self) -> list[Visit]:
        return [visit for plan in self.plans for visit in plan.visits]


# --- bulk writes --------------------------------------------------------------------------------


@contextlib.contextmanager
def dates_as_given(*fields):
    """Let a bulk insert keep the dates it was given (auto_now and auto_now_add would write now)."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f, _, _ in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def field_of(model, name: str):
    return model._meta.get_field(name)


def stamp(obj, when: datetime.datetime, user: User | None, reason: str = ""):
    """Mark `obj` for its history record: when, by whom, why."""
    obj._history_date, obj._history_user = when, user
    if reason:
        obj._change_reason = reason
    return obj


def snapshot(obj, when: datetime.datetime, user: User | None, reason: str = "", **values):
    """A copy of `obj` as it was at `when` (with `values`), for a history record."""
    shot = copy.copy(obj)
    for name, value in values.items():
        setattr(shot, name, value)
    return stamp(shot, when, user, reason)


def insert(model, objs: list, *, history: bool = False) -> list:
    """Bulk insert (with a "created" history record per row, dated by `stamp`, if asked)."""
    if not objs:
        return objs
    if history:
        return bulk_create_with_history(objs, model, batch_size=BATCH)
    return model.objects.bulk_create(objs, batch_size=BATCH)


def record_history(model, snapshots: list, *, created: bool = False) -> None:
    """History records for rows written in bulk: "created" (+) or "changed" (~)."""
    if snapshots:
        model.history.bulk_history_create(snapshots, batch_size=BATCH, update=not created)
