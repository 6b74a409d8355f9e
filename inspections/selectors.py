"""Reads of plans, teams, visits and findings, and who may see them.

Visibility (DOMAIN.md §5, issue 3):
- administrators: everything;
- Home Affairs staff and clerks: everything in their province;
- inspectors: the plans and visits of the teams they belong to (and plans they created);
- unit heads and staff: the concluded visits of their subtree, never one in progress.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.conf import settings
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.http import Http404

from core.text import fold
from units.models import Role, User, pick_version
from units.selectors import unit_ids_visible_to, unit_lineage_ids, unit_versions_for

from .models import (
    Finding,
    FindingKind,
    InspectionPlan,
    InspectionVisit,
    TeamMember,
    TeamRole,
    VisitStatus,
)

PROVINCE_READERS = {Role.HOME_AFFAIRS, Role.CLERK}


def _member_of_team(user: User, team_field: str = "team") -> Exists:
    return Exists(TeamMember.objects.filter(team=OuterRef(team_field), user=user))


def visits_visible_to(user: User) -> QuerySet[InspectionVisit]:
    visits = InspectionVisit.objects.all()
    if not user.is_authenticated:
        return visits.none()
    if user.is_administrator:
        return visits
    if user.role in PROVINCE_READERS:
        return visits.filter(unit__in=unit_ids_visible_to(user))
    if user.role == Role.INSPECTOR:
        return visits.filter(_member_of_team(user))
    if user.is_unit_user:
        return visits.filter(unit__in=unit_ids_visible_to(user), status=VisitStatus.CONCLUDED)
    return visits.none()


def plans_visible_to(user: User) -> QuerySet[InspectionPlan]:
    plans = InspectionPlan.objects.all()
    if not user.is_authenticated:
        return plans.none()
    if user.is_administrator:
        return plans
    if user.role in PROVINCE_READERS:
        return plans.filter(issuer__in=unit_ids_visible_to(user))
    if user.role == Role.INSPECTOR:
        member = TeamMember.objects.filter(team__plan=OuterRef("pk"), user=user)
        return plans.filter(Q(Exists(member)) | Q(created_by=user))
    if user.is_unit_user:
        return plans.filter(Exists(visits_visible_to(user).filter(plan=OuterRef("pk"))))
    return plans.none()


def findings_visible_to(user: User) -> QuerySet[Finding]:
    return Finding.objects.filter(visit__in=visits_visible_to(user).values("pk"))


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visit_for(user: User, pk) -> InspectionVisit:
    """The visit if `user` may see it; 404 for missing and not-yours alike."""
    return _get(visits_visible_to(user).select_related("plan", "team", "unit", "plan__issuer"), pk)


def get_plan_for(user: User, pk) -> InspectionPlan:
    return _get(plans_visible_to(user).select_related("issuer", "created_by"), pk)


def get_finding_for(user: User, pk) -> Finding:
    return _get(findings_visible_to(user).select_related("visit", "visit__team", "visit__plan", "area"), pk)


# --- roles within a team -------------------------------------------------------


def team_role(user: User, team_id: int) -> str | None:
    """The user's role in a team, or None. Cached on the user for the request."""
    cache = user.__dict__.setdefault("_cchc_team_roles", {})
    if team_id not in cache:
        cache[team_id] = (
            TeamMember.objects.filter(team_id=team_id, user=user).values_list("role", flat=True).first()
            if user.is_authenticated
            else None
        )
    return cache[team_id]


def is_team_member(user: User, visit: InspectionVisit) -> bool:
    return team_role(user, visit.team_id) is not None


def is_team_leader(user: User, visit: InspectionVisit) -> bool:
    return team_role(user, visit.team_id) == TeamRole.LEADER


def can_manage_plan(user: User, plan: InspectionPlan) -> bool:
    """Administrators, Home Affairs staff of the province, the plan's author and its team leaders."""
    if user.is_administrator or user.role == Role.HOME_AFFAIRS:
        return True
    if plan.created_by_id == user.pk:
        return True
    return TeamMember.objects.filter(team__plan=plan, user=user, role=TeamRole.LEADER).exists()


def can_create_plans(user: User) -> bool:
    return user.is_administrator or user.role in (Role.HOME_AFFAIRS, Role.INSPECTOR)


# --- pages ---------------------------------------------------------------------


def visit_unit_names(visits) -> None:
    """Set `.unit_label` on each visit: the unit as named on the visit's date (one query)."""
    visits = list(visits)
    versions = unit_versions_for({visit.unit_id for visit in visits})
    for visit in visits:
        version = pick_version(versions.get(visit.unit_id, []), visit.scheduled_on)
        visit.unit_label = version.name if version else visit.unit.name


def finding_prefetches():
    return [
        "indicators",
        "evidence",
        Prefetch("repeats", queryset=Finding.objects.select_related("visit")),
    ]


def visit_areas(visit: InspectionVisit) -> list[dict]:
    """The plan's reform areas (plus any other area a finding uses), each with its findings.

    A fixed number of queries whatever the number of findings.
    """
    findings = list(
        visit.findings.select_related("recorded_by", "area")
        .prefetch_related(*finding_prefetches())
        .order_by("area__position", "kind", "position", "pk")
    )
    _attach_history(findings)
    areas = list(visit.plan.areas.order_by("position", "pk"))
    known = {area.pk for area in areas}
    areas += sorted({f.area for f in findings if f.area_id not in known}, key=lambda a: (a.position, a.pk))
    grouped: dict[int, dict[str, list[Finding]]] = defaultdict(lambda: {"strength": [], "shortcoming": []})
    for finding in findings:
        grouped[finding.area_id][finding.kind].append(finding)
    return [
        {
            "area": area,
            "strengths": grouped[area.pk]["strength"],
            "shortcomings": grouped[area.pk]["shortcoming"],
            "count": len(grouped[area.pk]["strength"]) + len(grouped[area.pk]["shortcoming"]),
        }
        for area in areas
    ]


def _attach_history(findings: list[Finding]) -> None:
    """Set `.changes` on each finding: its history as (record, previous record), newest first."""
    if not findings:
        return
    records = Finding.history.filter(id__in=[f.pk for f in findings]).select_related("history_user")
    by_finding: dict[int, list] = defaultdict(list)
    for record in records.order_by("history_date", "history_id"):
        by_finding[record.id].append(record)
    for finding in findings:
        history = by_finding.get(finding.pk, [])
        finding.changes = [
            {
                "record": record,
                "previous": history[index - 1] if index else None,
                "text_changed": bool(index) and history[index - 1].text != record.text,
                "kind_changed": bool(index) and history[index - 1].kind != record.kind,
                "area_changed": bool(index) and history[index - 1].area_id != record.area_id,
            }
            for index, record in enumerate(history)
        ][::-1]


def progress(areas: list[dict]) -> dict:
    missing = [entry["area"] for entry in areas if entry["count"] == 0]
    return {"done": len(areas) - len(missing), "total": len(areas), "missing": missing}


# --- search ----------------------------------------------------------------------

WORD = re.compile(r"\w+", re.UNICODE)


def search_findings(queryset: QuerySet[Finding], query: str) -> QuerySet[Finding]:
    """Match every word of `query` without diacritics: `thu tuc` finds `thủ tục`.

    PostgreSQL: full-text search over the folded text (GIN-indexed), the query
    passed through `unaccent`, each word as a prefix. SQLite: substring match
    of each folded word.
    """
    words = WORD.findall(fold(query))
    if not words:
        return queryset
    if settings.IS_POSTGRES:
        raw = " & ".join(f"{word}:*" for word in words)
        search_query = SearchQuery(Unaccent(Lower(Value(raw))), config="simple", search_type="raw")
        return queryset.annotate(_search=SearchVector("search_text", config="simple")).filter(_search=search_query)
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


# --- recurring shortcomings ---------------------------------------------------------

CANDIDATE_LIMIT = 300
STOPWORDS = set(
    fold("và của các những có được cho trong với là để theo đã chưa còn một số việc thực hiện công tác").split()
)


def _words(text: str) -> set[str]:
    return {word for word in WORD.findall(fold(text)) if len(word) > 1 and word not in STOPWORDS}


def earlier_shortcomings(visit: InspectionVisit) -> list[Finding]:
    """Shortcomings of the same unit (or the units it was merged from) in earlier years, newest first."""
    return list(
        Finding.objects.filter(
            kind=FindingKind.SHORTCOMING,
            visit__unit_id__in=unit_lineage_ids(visit.unit),
            visit__scheduled_on__lt=datetime.date(visit.scheduled_on.year, 1, 1),
        )
        .select_related("visit", "area", "visit__plan")
        .order_by("-visit__scheduled_on", "-pk")[:CANDIDATE_LIMIT]
    )


def rank_similar(text: str, area_id: int | None, candidates: list[Finding], limit: int = 5) -> list[Finding]:
    """Candidates sharing words with `text`, best first; a bonus for the same reform area."""
    words = _words(text)
    if not words:
        return []
    scored = []
    for candidate in candidates:
        other = _words(candidate.text)
        shared = words & other
        if not shared:
            continue
        score = len(shared) / len(words | other) + (0.15 if candidate.area_id == area_id else 0)
        if score >= 0.2:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [candidate for _, candidate in scored[:limit]]


def similar_by_finding(visit: InspectionVisit, findings: list[Finding]) -> dict[int, list[Finding]]:
    """For each shortcoming of a visit page, its likely repeats from earlier years (one query)."""
    shortcomings = [f for f in findings if f.kind == FindingKind.SHORTCOMING and f.repeats_id is None]
    if not shortcomings:
        return {}
    candidates = earlier_shortcomings(visit)
    return {f.pk: rank_similar(f.text, f.area_id, candidates, limit=3) for f in shortcomings}


def visits_for_list(queryset: QuerySet[InspectionVisit]) -> QuerySet[InspectionVisit]:
    return queryset.select_related("plan", "team", "unit").annotate(
        finding_count=Count("findings", distinct=True),
        shortcoming_count=Count("findings", filter=Q(findings__kind=FindingKind.SHORTCOMING), distinct=True),
    )


def visit_page_context(visit: InspectionVisit, user: User) -> dict:
    """Everything the visit page shows, in a fixed number of queries."""
    areas = visit_areas(visit)
    findings = [f for entry in areas for f in entry["strengths"] + entry["shortcomings"]]
    can_record = is_team_member(user, visit) and not visit.is_concluded
    similar = similar_by_finding(visit, findings) if can_record else {}
    for finding in findings:
        finding.similar = similar.get(finding.pk, [])
    visit_unit_names([visit])
    return {
        "visit": visit,
        "areas": areas,
        "progress": progress(areas),
        "can_record": can_record,
        "is_leader": is_team_leader(user, visit),
        "can_manage": can_manage_plan(user, visit.plan),
        "attendees": list(visit.attendees.all()),
        "events": list(visit.events.select_related("actor")),
        "members": list(visit.team.members.select_related("user")),
    }
