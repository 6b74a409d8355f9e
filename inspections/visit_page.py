"""What the inspector's page (one visit) shows, and the pieces its inline actions send back.

The page is read in a fixed number of queries whatever the number of findings;
an inline action sends back only what it changed (a finding, one list, the
counts), so its cost does not grow with the visit.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from markupsafe import Markup, escape  # as Jinja2 escapes (" as &#34;)

from core.prefetch import keep_children, kept_list
from units.models import User

from .models import Finding, FindingKind, InspectionVisit, ReformArea, TeamMember, VisitEvent, VisitStatus
from .selectors import can_manage_plan, is_team_leader, is_team_member, visit_unit_names


def finding_rows(queryset) -> list[Finding]:
    """Findings with all a row shows (indicators, evidence, the repeat, the author, `edit_count`)."""
    findings = list(
        queryset.select_related("recorded_by", "area")
        .prefetch_related(Prefetch("repeats", queryset=Finding.objects.select_related("visit")))
        .order_by("area__position", "kind", "position", "pk")
    )
    keep_children(findings, "indicators")  # read by the findings' ids (core.prefetch)
    keep_children(findings, "evidence")
    _count_edits(findings)
    return findings


def _count_edits(findings: list[Finding]) -> None:
    """`.edit_count` of each finding: its history records but the first, its creation (one query)."""
    counts = dict(
        Finding.history.filter(id__in=[f.pk for f in findings])
        .values("id")
        .annotate(records=Count("history_id"))
        .values_list("id", "records")
    )
    for finding in findings:
        finding.edit_count = max(counts.get(finding.pk, 1) - 1, 0)


def saved_row(finding: Finding, by: User, *, created: bool = False) -> Finding:
    """A finding `by` has just written through a service, as its row shows it (what `finding_rows` gives).

    Reads only what the service did not hand back: `finding_rows` read the row again with its
    author, repeat, indicators, evidence and history (five queries, a fifth of an inline save).
    A new finding has no earlier record, so nothing to count.
    """
    if finding.recorded_by_id == by.pk and "recorded_by" not in finding._state.fields_cache:
        finding.recorded_by = by  # its author saved it: his name is at hand
    for name in ("indicators", "evidence"):
        if kept_list(finding, name) is None:
            keep_children([finding], name)
    if finding.repeats_id and "repeats" not in finding._state.fields_cache:
        # Read after the save committed: an earlier shortcoming deleted meanwhile shows as none.
        finding.repeats = Finding.objects.select_related("visit").filter(pk=finding.repeats_id).first()
    if created:
        finding.edit_count = 0
    else:
        _count_edits([finding])
    return finding


def _plan_areas(visit: InspectionVisit) -> list[ReformArea]:
    """The plan's reform areas in order: read once for a visit object (its areas and its progress line)."""
    if "_plan_areas" not in visit.__dict__:
        visit.__dict__["_plan_areas"] = list(visit.plan.areas.order_by("position", "pk"))
    return list(visit.__dict__["_plan_areas"])


def area_counts(visit: InspectionVisit) -> dict[int, dict[str, int]]:
    """Per area of the visit: {"strength": n, "shortcoming": n} (one grouped query)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {FindingKind.STRENGTH: 0, FindingKind.SHORTCOMING: 0})
    for area_id, kind, number in visit.findings.values_list("area", "kind").annotate(n=Count("pk")).order_by():
        counts[area_id][kind] = number
    return counts


def _entry(area: ReformArea, findings: list[Finding]) -> dict:
    strengths = [f for f in findings if f.kind == FindingKind.STRENGTH]
    shortcomings = [f for f in findings if f.kind == FindingKind.SHORTCOMING]
    return {"area": area, "strengths": strengths, "shortcomings": shortcomings, "count": len(findings)}


def visit_areas(visit: InspectionVisit) -> list[dict]:
    """The plan's reform areas (plus any other area a finding uses), each with its findings."""
    findings = finding_rows(visit.findings.all())
    areas = _plan_areas(visit)
    known = {area.pk for area in areas}
    areas += sorted({f.area for f in findings if f.area_id not in known}, key=lambda a: (a.position, a.pk))
    by_area: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_area[finding.area_id].append(finding)
    return [_entry(area, by_area[area.pk]) for area in areas]


def progress(visit: InspectionVisit, counts: dict | None = None) -> dict:
    """How many of the plan's areas have findings, and which have none yet (two queries)."""
    counts = area_counts(visit) if counts is None else counts
    areas = _plan_areas(visit)
    missing = [area for area in areas if not sum(counts.get(area.pk, {}).values())]
    return {"done": len(areas) - len(missing), "total": len(areas), "missing": missing}


def conclusion_gaps(visit: InspectionVisit) -> list[str]:
    """What the leader is told before concluding: areas with no finding, no one of the unit recorded."""
    gaps = []
    state = progress(visit)
    if state["missing"]:
        gaps.append(
            _("%(missing)s of the %(total)s areas have no finding: %(areas)s.")
            % {
                "missing": len(state["missing"]),
                "total": state["total"],
                "areas": "; ".join(area.name for area in state["missing"]),
            }
        )
    if not visit.attendees.exists():
        gaps.append(_("Nobody of the unit is recorded as having received the team (the minutes list them)."))
    return gaps


def area_summary(visit: InspectionVisit, area: ReformArea, counts: dict) -> dict:
    """An area's header without its findings: for the counts an inline action updates."""
    by_kind = counts.get(area.pk, {})
    return {"area": area, "count": sum(by_kind.values())}


def kind_list(finding: Finding) -> list[Finding]:
    """The findings of one area and kind of a visit, in order: the list a move reorders."""
    return finding_rows(Finding.objects.filter(visit_id=finding.visit_id, area_id=finding.area_id, kind=finding.kind))


# Up to this many findings a visit page shows them all; a longer visit shows its areas folded,
# each loading its findings when opened, so the page costs the same for 10 findings or 300.
INLINE_FINDINGS = 40


def area_entry(visit: InspectionVisit, area: ReformArea) -> dict:
    """One area of the visit with its findings: what opening a folded area loads."""
    return _entry(area, finding_rows(visit.findings.filter(area=area)))


def _folded_areas(visit: InspectionVisit, counts: dict, open_area_id: int | None) -> list[dict]:
    areas = _plan_areas(visit)
    known = {area.pk for area in areas}
    extra = [area_id for area_id in counts if area_id not in known]
    areas += list(ReformArea.objects.filter(pk__in=extra).order_by("position", "pk")) if extra else []
    entries = []
    for area in areas:
        if area.pk == open_area_id:
            entries.append({**area_entry(visit, area), "open": True})
        else:
            entries.append({"area": area, "count": sum(counts.get(area.pk, {}).values()), "lazy": True})
    return entries


# What the page prints of a status change: when, from and to, why, and who (User.get_full_name).
EVENT_FIELDS = ("visit", "from_status", "to_status", "reason", "at", "actor__full_name", "actor__first_name",
                "actor__last_name", "actor__username")  # fmt: skip


def visit_page_context(visit: InspectionVisit, user: User, open_area_id: int | None = None) -> dict:
    """Everything the visit page shows, in a fixed number of queries whatever the number of findings."""
    counts = area_counts(visit)
    if sum(sum(by_kind.values()) for by_kind in counts.values()) <= INLINE_FINDINGS:
        areas = visit_areas(visit)
    else:
        areas = _folded_areas(visit, counts, open_area_id)
    visit_unit_names([visit])
    # Who moved the visit, by name only (not the whole account).
    events = list(visit.events.select_related("actor").only(*EVENT_FIELDS))
    return {
        "visit": visit,
        "areas": areas,
        "folded": any(entry.get("lazy") for entry in areas),
        "progress": progress(visit, counts),
        "can_record": is_team_member(user, visit) and not visit.is_concluded,
        "is_leader": is_team_leader(user, visit),
        "can_manage": can_manage_plan(user, visit.plan),
        "attendees": list(visit.attendees.all()),
        "events": events,
        "reopened": _reopened(visit, events),
        # A member row carries the name, role and agency shown; read by the team's id, so that a
        # visit read without its team (an add form sent back with errors) reads no team row.
        "members": list(TeamMember.objects.filter(team_id=visit.team_id)),
    }


# The blank add form is the same in every area but for the area's id and name and its entry token:
# the page draws it once for a stand-in area and stamps a copy per area (`stamp_add_form`).
# Drawn anew, it cost ~1,100 function calls an area, a fifth of the page.
ADD_FORM_STAND_IN = {"pk": "stand-in-area-pk", "name": "stand-in-area-name", "token": "stand-in-entry-token"}


def stamp_add_form(blank: str, area: ReformArea) -> Markup:
    """The blank add form drawn for the stand-in area, made `area`'s, with an entry token of its own."""
    stand_in = ADD_FORM_STAND_IN
    html = str(blank).replace(stand_in["pk"], str(area.pk)).replace(stand_in["name"], str(escape(area.name)))
    return Markup(html.replace(stand_in["token"], uuid.uuid4().hex))


def _reopened(visit: InspectionVisit, events: list[VisitEvent]) -> VisitEvent | None:
    """The reopening the visit is still in (who, when, why), shown at the top of its page."""
    last = events[-1] if events else None
    if last is not None and last.from_status == VisitStatus.CONCLUDED and not visit.is_concluded:
        return last
    return None


def changed_counts_context(visit: InspectionVisit, *areas: ReformArea) -> dict:
    """The headers of `areas` and the progress line, after an inline action changed their findings."""
    counts = area_counts(visit)
    return {
        "summaries": [area_summary(visit, area, counts) for area in dict.fromkeys(areas)],
        "progress": progress(visit, counts),
        "oob_progress": True,
    }
