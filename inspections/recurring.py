"""Shortcomings that recur: the unit's own shortcomings of earlier years that look like a new one.

Candidates are read once (one query) and their words folded once, then ranked
for the text at hand; only what the user may see is offered.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from core.text import fold, words
from units.models import User
from units.selectors import unit_lineage_ids

from .models import Finding, FindingKind, InspectionVisit
from .selectors import findings_visible_to

CANDIDATE_LIMIT = 300
MIN_SCORE = 0.2
SAME_AREA_BONUS = 0.15
STOPWORDS = set(
    fold("và của các những có được cho trong với là để theo đã chưa còn một số việc thực hiện công tác").split()
)


def _words(text: str) -> frozenset[str]:
    return frozenset(word for word in words(text) if len(word) > 1 and word not in STOPWORDS)


def earlier_shortcomings(visit: InspectionVisit, user: User | None = None) -> QuerySet[Finding]:
    """Shortcomings of the same unit (or the units it was merged from) in earlier years, newest first.

    With `user`, only those the user may see (a suggestion never shows what the lists would hide).
    """
    findings = Finding.objects.all() if user is None else findings_visible_to(user)
    return (
        findings.filter(
            kind=FindingKind.SHORTCOMING,
            visit__unit_id__in=unit_lineage_ids(visit.unit),
            visit__scheduled_on__lt=datetime.date(visit.scheduled_on.year, 1, 1),
        )
        .select_related("visit", "area", "visit__plan")
        .order_by("-visit__scheduled_on", "-pk")
    )


class Candidates:
    """The earlier shortcomings of one visit, each with its words folded once."""

    def __init__(self, findings):
        self.rows = [(finding, _words(finding.text)) for finding in list(findings[:CANDIDATE_LIMIT])]

    def rank(self, text: str, area_id: int | None, limit: int = 5) -> list[Finding]:
        """Candidates sharing words with `text`, best first; a bonus for the same reform area."""
        wanted = _words(text)
        if not wanted:
            return []
        scored = []
        for candidate, other in self.rows:
            shared = wanted & other
            if not shared:
                continue
            score = len(shared) / len(wanted | other) + (SAME_AREA_BONUS if candidate.area_id == area_id else 0)
            if score >= MIN_SCORE:
                scored.append((score, candidate))
        scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
        return [candidate for _, candidate in scored[:limit]]


def rank_similar(text: str, area_id: int | None, candidates, limit: int = 5) -> list[Finding]:
    return Candidates(candidates).rank(text, area_id, limit)


def similar_by_finding(visit: InspectionVisit, findings: list[Finding], user: User | None = None) -> dict:
    """For each unlinked shortcoming among `findings`, its likely repeats from earlier years (one query)."""
    shortcomings = [f for f in findings if f.kind == FindingKind.SHORTCOMING and f.repeats_id is None]
    if not shortcomings:
        return {}
    candidates = Candidates(earlier_shortcomings(visit, user))
    return {f.pk: candidates.rank(f.text, f.area_id, limit=3) for f in shortcomings}
