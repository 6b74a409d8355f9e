"""The province's figures: what the dashboard, `GET /api/v1/stats/`, their XLSX and the province reports show.

`figures_for(user, selection)` computes them in a fixed number of grouped queries,
whatever the size of the province: the database counts per unit (a few hundred
rows at most), and those rows are then added up per department here. Only what
the user may see is counted (the lists' own `*_visible_to`), so a department's
head sees the same page for his subtree. Unit filters follow the lists' rule: a
unit's subtree and the units merged or split into it.

Rows of the breakdown are the units one level below the focus: the province's
departments, or, for a department (the unit filter, or a unit head's own unit),
its chi cục, trung tâm and phòng. A unit merged away is counted with its successor.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from core.caching import cached, once_every, peek, refreshed
from core.text import fold
from inspections.models import FindingKind, InspectionPlan, PlanKind, ReformArea, VisitStatus
from inspections.selectors import findings_visible_to, visits_visible_to
from remediation.selectors import on_time_share, task_counts, tasks_visible_to
from units.models import Role, Unit, User, within_paths_q
from units.selectors import lineage_paths, scope_paths, successors

FREQUENT_LIMIT = 10
REPEATED_LIMIT = 10
# A selection's stale figures are queued for counting again at most this often.
RECOUNT_EVERY_SECONDS = 60
TASK_STATUSES = ("open", "in_progress", "submitted", "returned", "accepted")


@dataclass(frozen=True)
class Selection:
    """What the figures cover: a year, a plan, a unit (subtree and predecessors), a period of visit dates."""

    year: int | None = None
    plan: InspectionPlan | None = None
    unit: Unit | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def visits_q(self, prefix: str = "", with_time: bool = True) -> Q:
        """The visits selected (`prefix` reaches the visit from a finding or task), with or without the time."""
        condition = Q()
        if with_time and self.year:
            condition &= Q(**{f"{prefix}scheduled_on__year": self.year})
        if with_time and self.plan:
            condition &= Q(**{f"{prefix}plan": self.plan})
        if with_time and self.date_from:
            condition &= Q(**{f"{prefix}scheduled_on__gte": self.date_from})
        if with_time and self.date_to:
            condition &= Q(**{f"{prefix}scheduled_on__lte": self.date_to})
        return condition

    @cached_property
    def unit_paths(self) -> list[str]:
        """The unit's subtree and its predecessors', read once for all the figures' queries."""
        return lineage_paths(self.unit) if self.unit else []

    def unit_q(self, prefix: str) -> Q:
        return within_paths_q(self.unit_paths, prefix=prefix) if self.unit else Q()

    @classmethod
    def from_key(cls, key: dict) -> Selection | None:
        """The selection `key()` describes; None when its plan or unit no longer exists."""
        plan = InspectionPlan.objects.filter(pk=key["plan"]).first() if key.get("plan") else None
        unit = Unit.objects.filter(pk=key["unit"]).first() if key.get("unit") else None
        if (key.get("plan") and plan is None) or (key.get("unit") and unit is None):
            return None
        day = lambda text: datetime.date.fromisoformat(text) if text else None  # noqa: E731
        return cls(year=key.get("year"), plan=plan, unit=unit, date_from=day(key.get("date_from")),
                   date_to=day(key.get("date_to")))  # fmt: skip

    def key(self) -> dict:
        return {
            "year": self.year,
            "plan": self.plan.pk if self.plan else None,
            "unit": self.unit.pk if self.unit else None,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }


# --- who is counted under which row -----------------------------------------------------------


def _depth(path: str) -> int:
    return len(path.strip("/").split("/")) if path.strip("/") else 0


def _focus_of(user: User, selection: Selection) -> Unit | None:
    """The unit whose children are the rows: the unit filter, else a unit user's own unit, else the province."""
    if selection.unit:
        return selection.unit
    if user.is_unit_user and user.unit_id:
        return user.unit
    return None


class _RowUnit(NamedTuple):
    name: str
    short_name: str
    path: str
    valid_to: datetime.date | None


class Rows:
    """Which row (a unit one level below the focus) each unit's records count under; two queries."""

    def __init__(self, focus: Unit | None):
        self.focus = focus
        self.depth = (_depth(focus.path) if focus else 1) + 1
        self.successor = successors()
        # Every unit of the registry: a province has a few hundred, and a row may be any of them.
        # Plain tuples: a model object per unit was a tenth of a province's recount.
        self.units = {
            pk: _RowUnit(*columns)
            for pk, *columns in Unit.objects.values_list("pk", "name", "short_name", "path", "valid_to")
        }
        self._rows: dict[int, int | None] = {}

    def row_of(self, unit_id: int) -> int | None:
        if unit_id not in self._rows:
            self._rows[unit_id] = self._row_id(unit_id, frozenset())
        return self._rows[unit_id]

    def _row_id(self, pk: int, seen: frozenset) -> int | None:
        unit = self.units.get(pk)
        if unit is None:
            return None
        successor = self.successor.get(pk)
        if unit.valid_to and successor and successor not in seen:
            return self._row_id(successor, seen | {pk})  # merged away: counted with its successor
        if self.focus and not unit.path.startswith(self.focus.path):
            return self.focus.pk  # a predecessor merged into the focus from outside its subtree
        parts = unit.path.strip("/").split("/")
        return int(parts[min(self.depth, len(parts)) - 1])

    def label(self, row_id: int) -> str:
        unit = self.units[row_id]
        name = unit.short_name or unit.name
        return f"{name} (không còn)" if unit.valid_to else name


# --- the figures ------------------------------------------------------------------------------


def _bases(user: User, selection: Selection, with_time: bool = True):
    """The visits, findings and tasks selected, among those the user may see."""
    visits = visits_visible_to(user).filter(selection.visits_q(with_time=with_time), selection.unit_q("unit__"))
    findings = findings_visible_to(user).filter(
        selection.visits_q("visit__", with_time=with_time), selection.unit_q("visit__unit__")
    )
    tasks = tasks_visible_to(user).filter(
        selection.visits_q("directive__visit__", with_time=with_time), selection.unit_q("unit__")
    )
    return visits, findings, tasks


def _empty_row(row_id: int, label: str, areas: list[str]) -> dict:
    row = {"unit": row_id, "name": label, "visits": 0, "concluded": 0, "strengths": 0, "shortcomings": 0}
    row.update(dict.fromkeys(TASK_STATUSES, 0))
    row.update(tasks=0, overdue=0, on_time=0, on_time_share=None, repeated=0)
    row["shortcomings_by_area"] = dict.fromkeys(areas, 0)
    return row


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def figures_for(user: User, selection: Selection) -> dict:
    """Every figure of the dashboard, as plain data (JSON-ready): counts, breakdowns, lists, trends."""
    today = timezone.localdate()
    visits, findings, tasks = _bases(user, selection)
    areas = list(ReformArea.objects.order_by("position", "pk").values("pk", "code", "name"))
    codes = {area["pk"]: area["code"] for area in areas}
    area_codes = [area["code"] for area in areas]
    rows_of = Rows(_focus_of(user, selection))
    rows: dict[int, dict] = {}

    def row(unit_id: int) -> dict:
        row_id = rows_of.row_of(unit_id)
        if row_id not in rows:
            rows[row_id] = _empty_row(row_id, rows_of.label(row_id), area_codes)
        return rows[row_id]

    visit_rows = (
        visits.order_by()
        .values("unit_id", "plan__kind")
        .annotate(total=Count("pk"), concluded=Count("pk", filter=Q(status=VisitStatus.CONCLUDED)))
    )
    # By kind of plan too: the province's own inspections and the departments' self-inspections.
    by_kind = {kind: {"planned": 0, "concluded": 0} for kind in PlanKind.values}
    totals = {"planned": 0, "concluded": 0}
    for entry in visit_rows:
        target = row(entry["unit_id"])
        target["visits"] += entry["total"]
        target["concluded"] += entry["concluded"]
        for counts in (totals, by_kind[entry["plan__kind"]]):
            counts["planned"] += entry["total"]
            counts["concluded"] += entry["concluded"]

    by_area = {area["code"]: {"area": area["code"], "name": area["name"], "strengths": 0, "shortcomings": 0,
                              "repeated": 0} for area in areas}  # fmt: skip
    finding_rows = (
        findings.order_by()
        .values("visit__unit_id", "area_id")
        .annotate(
            strengths=Count("pk", filter=Q(kind=FindingKind.STRENGTH)),
            shortcomings=Count("pk", filter=Q(kind=FindingKind.SHORTCOMING)),
            repeated=Count("pk", filter=Q(kind=FindingKind.SHORTCOMING, repeats__isnull=False)),
        )
    )
    for entry in finding_rows:
        code = codes[entry["area_id"]]
        target = row(entry["visit__unit_id"])
        for name in ("strengths", "shortcomings", "repeated"):
            target[name] += entry[name]
            by_area[code][name] += entry[name]
        target["shortcomings_by_area"][code] += entry["shortcomings"]

    task_totals = dict.fromkeys((*TASK_STATUSES, "tasks", "overdue", "on_time"), 0)
    for entry in tasks.order_by().values("unit_id").annotate(**task_counts(today)):
        target = row(entry["unit_id"])
        entry["tasks"] = entry.pop("total")
        for name in task_totals:
            target[name] += entry[name]
            task_totals[name] += entry[name]
    for target in rows.values():
        target["on_time_share"] = on_time_share(target["on_time"], target["accepted"], target["overdue"])

    ordered = sorted(rows.values(), key=lambda r: (r["unit"] != getattr(rows_of.focus, "pk", None), fold(r["name"])))
    task_totals["on_time_share"] = on_time_share(
        task_totals["on_time"], task_totals["accepted"], task_totals["overdue"]
    )
    return {
        **selection.key(),
        "focus": rows_of.focus.pk if rows_of.focus else None,
        "as_of": timezone.localtime().isoformat(timespec="seconds"),
        "visits": totals,
        "visits_by_kind": by_kind,
        "by_area": list(by_area.values()),
        "areas": [{"code": area["code"], "name": area["name"]} for area in areas],
        "by_department": ordered,
        "tasks": task_totals,
        "frequent_shortcomings": _frequent(findings),
        "repeated_shortcomings": _repeated(findings),
        "trends": _trends(user, selection, today),
    }


def _frequent(findings) -> list[dict]:
    """The shortcomings written the same way (diacritics and case aside) in most visits."""
    rows = (
        findings.filter(kind=FindingKind.SHORTCOMING)
        .order_by()
        .values("search_text")
        .annotate(
            count=Count("pk"), units=Count("visit__unit", distinct=True), text=Min("text"), area=Min("area__code")
        )
        .filter(count__gt=1)
        .order_by("-count", "search_text")[:FREQUENT_LIMIT]
    )
    return [{"text": r["text"], "area": r["area"], "count": r["count"], "units": r["units"]} for r in rows]


def _repeated(findings) -> list[dict]:
    """The latest shortcomings that repeat one of an earlier year (linked by the team)."""
    rows = (
        findings.filter(kind=FindingKind.SHORTCOMING, repeats__isnull=False)
        .order_by("-visit__scheduled_on", "-pk")
        .values("pk", "text", "area__code", "visit__unit__name", "visit__scheduled_on", "repeats__visit__scheduled_on")
    )[:REPEATED_LIMIT]
    return [
        {
            "finding": r["pk"],
            "text": r["text"],
            "area": r["area__code"],
            "unit_name": r["visit__unit__name"],
            "year": r["visit__scheduled_on"].year,
            "first_year": r["repeats__visit__scheduled_on"].year,
        }
        for r in rows
    ]


def _trends(user: User, selection: Selection, today) -> list[dict]:
    """Year by year, for the same units (the year, plan and period set aside): visits, shortcomings, on time."""
    visits, findings, tasks = _bases(user, selection, with_time=False)
    years: dict[int, dict] = {}

    def year(value: int) -> dict:
        return years.setdefault(value, {"year": value, "visits": 0, "concluded": 0, "shortcomings": 0, "tasks": 0,
                                        "accepted": 0, "overdue": 0, "on_time": 0})  # fmt: skip

    year_of_visit = {}
    for pk, day, status in visits.order_by().values_list("pk", "scheduled_on", "status"):
        entry = year(day.year)
        entry["visits"] += 1
        entry["concluded"] += status == VisitStatus.CONCLUDED
        year_of_visit[pk] = day.year
    # Counted per visit over the findings' visit index, then summed by year: grouping every
    # finding by its visit's year joined them all to their visits, three times the work.
    shortcomings = findings.filter(kind=FindingKind.SHORTCOMING).order_by().values_list("visit")
    for visit, count in shortcomings.annotate(n=Count("visit")):
        if visit in year_of_visit:
            year(year_of_visit[visit])["shortcomings"] += count
    for entry in (
        tasks.order_by().values(y=ExtractYear("directive__visit__scheduled_on")).annotate(**task_counts(today))
    ):
        year(entry["y"]).update(tasks=entry["total"], accepted=entry["accepted"], overdue=entry["overdue"],
                                on_time=entry["on_time"])  # fmt: skip
    result = [years[y] for y in sorted(years)]
    for entry in result:
        entry["on_time_share"] = on_time_share(entry["on_time"], entry["accepted"], entry["overdue"])
    return result


# --- cached, as the pages read them --------------------------------------------------------------


def _scope_key(user: User) -> object:
    """Who sees the same figures: the same subtrees, and for inspectors (who see their teams' visits) the user."""
    paths = scope_paths(user)
    return {"paths": paths, "user": user.pk if user.role == Role.INSPECTOR else None}


def cached_figures(
    user: User, selection: Selection, fresh: bool = False, on_stale: Callable[[User, Selection], None] | None = None
) -> dict:
    """The figures as readers get them, kept for everyone who sees the same; `fresh` counts them now.

    A dashboard read by every department each morning need not count 50,000 findings for each of them;
    the page says when its figures were counted and offers to count them again. Figures counted
    within `CCHC_FIGURES_SECONDS` are used as they are. Older ones, up to `CCHC_FIGURES_STALE_SECONDS`,
    are used too when the reader passes `on_stale`, which has them counted again in the background
    (once a minute at most): nobody waits for a count because the last one has just expired.
    """
    key, keep = figures_cache_key(user, selection), figures_keep_seconds()
    compute = lambda: figures_for(user, selection)  # noqa: E731
    if fresh or not keep:
        return cached(key, compute, keep, fresh=True)
    kept = peek(key)
    if kept is None:  # one request counts them while the others wait for its figures
        return cached(key, compute, keep)
    age = (timezone.now() - datetime.datetime.fromisoformat(kept["as_of"])).total_seconds()
    if age <= settings.FIGURES_CACHE_SECONDS:
        return kept
    if on_stale is not None and age <= keep:
        if once_every(f"{key}:recount", RECOUNT_EVERY_SECONDS):
            on_stale(user, selection)
            return peek(key) or kept  # counted already where tasks run in the request (embedded)
        return kept
    return refreshed(key, compute, keep, stale=kept)  # one reader counts, the others see the last count


def recount_figures(user: User, selection: Selection) -> dict:
    """Count the figures again and keep them for their readers (the background side of `on_stale`)."""
    compute = lambda: figures_for(user, selection)  # noqa: E731
    return cached(figures_cache_key(user, selection), compute, figures_keep_seconds(), fresh=True)


def figures_keep_seconds() -> int:
    """How long counted figures (and their drawing) are kept at all; 0: counted for every reader."""
    if not settings.FIGURES_CACHE_SECONDS:
        return 0
    return max(settings.FIGURES_CACHE_SECONDS, settings.FIGURES_STALE_SECONDS)


def figures_cache_key(user: User, selection: Selection) -> str:
    raw = json.dumps([_scope_key(user), selection.key()], sort_keys=True, default=str)
    return "cchc:figures:" + hashlib.sha256(raw.encode()).hexdigest()
