"""Whom an issued document is addressed to, as units: what a unit's own people may read (issue 13).

A unit sees a document about its own visit, or one that names it in "Kính gửi" or "Nơi nhận"
(under any name it has had), or that gives it directives; a plan is sent to the units it visits.
An internal report that names no unit stays with the issuer's side and Home Affairs.
"""

from __future__ import annotations

import re
from collections import defaultdict

from core.text import fold
from inspections.models import InspectionVisit
from remediation.models import Directive
from units.models import Unit, UnitVersion

from .models import Document, DocumentKind

PUNCTUATION = re.compile(r"[^\w&]+", re.UNICODE)


def _words(text: str) -> str:
    return " " + PUNCTUATION.sub(" ", fold(text)).strip() + " "


def _names_in_province(issuer_id: int) -> dict[str, list[tuple[int, int | None]]]:
    """Folded name → [(unit id, parent id)], over every name the province's units have had."""
    names = defaultdict(set)
    root = Unit.objects.filter(pk=issuer_id).values_list("path", flat=True).first() or "/"
    units = Unit.objects.filter(path__startswith="/" + root.strip("/").split("/")[0] + "/")
    for unit_id, name, parent_id in units.values_list("pk", "name", "parent_id"):
        names[_words(name)].add((unit_id, parent_id))
    for unit_id, name, parent_id in UnitVersion.objects.filter(unit__in=units).values_list(
        "unit_id", "name", "parent_id"
    ):
        names[_words(name)].add((unit_id, parent_id))
    return {name: sorted(found, key=lambda pair: pair[0]) for name, found in names.items() if name.strip()}


def named_in(text: str, issuer_id: int, names: dict | None = None) -> set[int]:
    """Units of the issuer's province that a line of `text` names (`names`: the province's, if known).

    A name several units share ("Văn phòng Sở") counts only with its parent named on the same line.
    """
    lines = [_words(line) for line in text.splitlines() if line.strip()]
    if not lines:
        return set()
    names = _names_in_province(issuer_id) if names is None else names
    parents = {unit_id: name for name, found in names.items() for unit_id, _parent in found}
    found: set[int] = set()
    for line in lines:
        for name, units in names.items():
            if name not in line:
                continue
            if len(units) == 1:
                found.add(units[0][0])
            else:
                found.update(unit for unit, parent in units if parent is not None and parents.get(parent, "\0") in line)
    return found


def addressees_of(document: Document, names: dict | None = None) -> set[int]:
    # Ids and named columns only: the backfill migration runs this on older tables too.
    ids = named_in(f"{document.recipients}\n{document.copies_to}", document.issuer_id, names)
    if document.visit_id:
        ids.update(InspectionVisit.objects.filter(pk=document.visit_id).values_list("unit_id", flat=True))
    if document.kind == DocumentKind.PLAN and document.plan_id:
        ids.update(InspectionVisit.objects.filter(plan_id=document.plan_id).values_list("unit_id", flat=True))
    if document.kind == DocumentKind.REMEDIATION_LETTER:
        directives = Directive.objects.filter(pk__in=document.directives.values("pk"))
        ids.update(directives.values_list("units", flat=True))
    ids.discard(None)
    return ids


def address(document: Document) -> None:
    """Record the document's addressees (done when it is issued)."""
    document.addressees.set(addressees_of(document))


def address_many(documents) -> None:
    """The same for many documents of one province, reading its names once (backfills, bulk data)."""
    documents = list(documents)
    if not documents:
        return
    names = _names_in_province(documents[0].issuer_id)
    through = Document.addressees.through
    rows = [through(document_id=d.pk, unit_id=unit) for d in documents for unit in addressees_of(d, names)]
    through.objects.bulk_create(rows, ignore_conflicts=True)
