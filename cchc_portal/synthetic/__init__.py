"""A synthetic province at a real province's size, grown from the demo one (`manage.py make_province`).

Structure goes through the services (units, plans, teams, visits, unit heads, plan numbers), so
paths, versions and history are real; volume (findings, directives, tasks, their events and
evidence, notifications, documents) goes in with `bulk_create`, written as the services would
have left it. The same seed on a database with only the demo gives the same data; dates are
relative to today.

For benchmarks: `live_visit()`, `editable_finding()`, `submittable_task()`.
"""

from __future__ import annotations

import random

from django.db import connection, transaction
from django.utils import timezone

from core.notifications import in_portal_language
from core.uploads import removed_on_error
from inspections.models import Finding, InspectionPlan, InspectionVisit, ReformArea
from remediation.models import RemediationTask
from remediation.selectors import status_counts, tasks_visible_to
from remediation.states import UNIT_WORKING
from units.models import Unit, User

from . import documents, inspections, organisation, remediation
from .common import DEFAULT, SMALL, Clock, Sizes, World
from .inspections import LIVE_VISIT_FINDINGS, LIVE_VISIT_PLACE

__all__ = [
    "DEFAULT",
    "LIVE_VISIT_FINDINGS",
    "LIVE_VISIT_PLACE",
    "SMALL",
    "AlreadyBuilt",
    "Sizes",
    "build",
    "editable_finding",
    "is_built",
    "live_visit",
    "submittable_task",
]

DEMO_USERS = ("noivu", "truongdoan", "thanhvien", "donvi")


class AlreadyBuilt(Exception):
    pass


def province() -> Unit | None:
    return Unit.objects.filter(code="UBND", parent=None).order_by("pk").first()


def is_built() -> bool:
    """Whether this database already holds the synthetic departments (SX01…)."""
    root = province()
    return root is not None and Unit.objects.filter(parent=root, code=organisation.code_of(0)).exists()


def check(sizes: Sizes) -> None:
    """ValueError for sizes the generator cannot honour."""
    if sizes.departments < 1 or sizes.units < sizes.departments:
        raise ValueError("Ask for at least one department and at least as many units as departments.")
    if sizes.years < 2:
        raise ValueError("Ask for at least 2 years: the current one and an earlier one (donvi's workload).")
    if sizes.findings < LIVE_VISIT_FINDINGS:
        raise ValueError(f"Ask for at least {LIVE_VISIT_FINDINGS} findings: the live visit alone has that many.")
    if min(sizes.tasks, sizes.documents) < 0:
        raise ValueError("Sizes cannot be negative.")


def build(*, sizes: Sizes = DEFAULT, seed: int = 1, now=None) -> dict[str, int]:
    """Grow the demo province (loaded already) to `sizes`, in one transaction; return what was made.

    Raises AlreadyBuilt on a database that has it already, ValueError without the demo.
    """
    check(sizes)
    root = province()
    demo = {user.username: user for user in User.objects.filter(username__in=DEMO_USERS)}
    if root is None or len(demo) < len(DEMO_USERS):
        raise ValueError("The demo province is missing: run manage.py load_demo first.")
    if is_built():
        raise AlreadyBuilt
    clock = Clock(now or timezone.now())
    world = World(
        rng=random.Random(seed),
        clock=clock,
        sizes=sizes,
        province=root,
        areas=list(ReformArea.objects.active().order_by("position", "pk")),
        demo=demo,
        years=list(range(clock.year - sizes.years + 1, clock.year + 1)),
    )
    # Files first written are removed again if anything fails and the transaction rolls back.
    with removed_on_error() as stored, transaction.atomic(), in_portal_language():
        world.stored = stored
        organisation.build(world)
        inspections.build_plans(world)
        inspections.build_findings(world)
        remediation.plan_directives(world)
        specs = documents.choose(world)
        remediation.build(world)
        documents.build(world, specs)
    world.counts["plans"] = len(world.plans)
    refresh_statistics()
    return world.counts


def refresh_statistics() -> None:
    """Tell PostgreSQL's planner what was just loaded, and mark the pages all-visible (autovacuum would, minutes later).

    Without it the planner believes the new tables are empty and picks plans that
    sort thousands of rows, and counts read the tables instead of their indexes
    (index-only scans need the visibility map); benchmarks right after a build would measure that.
    VACUUM cannot run in a transaction (a test's): ANALYZE alone there.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def summary() -> dict[str, int]:
    """What the database holds now (the demo included), for the command's report."""
    tasks = status_counts(RemediationTask.objects.all())
    return {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "plans": InspectionPlan.objects.count(),
        "visits": InspectionVisit.objects.count(),
        "findings": Finding.objects.count(),
        **{f"tasks {key}": value for key, value in tasks.items()},
    }


# --- for benchmarks ---------------------------------------------------------------------------


def live_visit() -> InspectionVisit:
    """This year's visit in progress with exactly 100 findings: truongdoan leads its team, thanhvien records."""
    return InspectionVisit.objects.select_related("plan", "team", "unit").get(place=LIVE_VISIT_PLACE)


def editable_finding() -> Finding:
    """A finding of the live visit: truongdoan and thanhvien may edit it (send its `version`)."""
    return live_visit().findings.order_by("pk").first()


def submittable_task(username: str = "donvi") -> RemediationTask | None:
    """A task of the user's unit that they may report done now, without evidence files."""
    user = User.objects.get(username=username)
    tasks = tasks_visible_to(user).filter(unit=user.unit, status__in=UNIT_WORKING, directive__requires_evidence=False)
    return tasks.order_by("pk").first()
