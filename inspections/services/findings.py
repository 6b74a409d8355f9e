"""Recording findings: create, edit (with version checks), reorder, delete, attach evidence."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.concurrency import claim_version
from core.prefetch import keep
from core.storage import forget_file
from core.text import MAX_TEXT
from core.uploads import check_files, removed_on_error, store_upload
from units.models import User
from units.selectors import unit_lineage_ids

from ..models import Finding, FindingEvidence, FindingKind, Indicator, InspectionVisit, ReformArea, VisitStatus
from .visits import move_status, require_recorder


def clean_indicators(indicators: list[dict] | None) -> list[dict]:
    """Validate indicator rows {name, value, unit}; blank rows are dropped."""
    cleaned = []
    for number, row in enumerate(indicators or [], start=1):
        name = (row.get("name") or "").strip()
        raw = row.get("value")
        unit = (row.get("unit") or "").strip()
        if not name and raw in (None, ""):
            continue
        if not name:
            raise ValidationError({"indicators": _("Indicator %(n)s: enter its name.") % {"n": number}})
        try:
            value = Decimal(str(raw).replace(",", ".").strip())
        except (InvalidOperation, ValueError):
            raise ValidationError(
                {"indicators": _("Indicator “%(name)s”: the value must be a number.") % {"name": name}}
            ) from None
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            raise ValidationError(
                {"indicators": _("Indicator “%(name)s”: the value is out of range.") % {"name": name}}
            )
        # + 0 makes -0 plain 0, as the database stores it (the saved row is drawn from these values).
        cleaned.append({"name": name[:255], "value": value.quantize(Decimal("0.01")) + 0, "unit": unit[:30]})
    return cleaned


def _check_content(visit: InspectionVisit, area: ReformArea | None, kind: str, text: str) -> str:
    if area is None:
        raise ValidationError({"area": _("Choose the reform area.")})
    if not area.is_active and not visit.findings.filter(area=area).exists():
        raise ValidationError({"area": _("This reform area is no longer in use.")})
    if kind not in FindingKind.values:
        raise ValidationError({"kind": _("Choose strength or shortcoming.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what was found.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("The text is too long (at most %(n)s characters).") % {"n": MAX_TEXT}})
    return text


def _store_evidence(finding: Finding, checked: list, actor: User | None, stored: list[str]) -> list[FindingEvidence]:
    created = []
    for upload, name, extension, content_type in checked:
        path = store_upload(upload, f"evidence/findings/{finding.visit_id}", extension, stored)
        created.append(
            FindingEvidence.objects.create(
                finding=finding,
                file=path,
                original_name=name,
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor,
            )
        )
    return created


def finding_create(
    *,
    actor: User | None,
    visit: InspectionVisit,
    area: ReformArea | None,
    kind: str,
    text: str,
    indicators: list[dict] | None = None,
    files=None,
    entry_token: str = "",
) -> Finding:
    """Record a finding in a visit; the first one moves a planned visit to in progress.

    Text, indicators and files are all checked before anything is written; a
    failure leaves neither a row nor a file behind. An `entry_token` already stored
    in the visit returns that finding (with `.repeated_entry`) instead of a second one:
    the visit's row lock makes a double submission wait, then find the first.
    """
    with removed_on_error() as stored, transaction.atomic():
        visit = InspectionVisit.objects.select_for_update().select_related("plan", "team", "unit").get(pk=visit.pk)
        require_recorder(actor, visit)
        entry_token = (entry_token or "")[:64]
        if entry_token and (earlier := visit.findings.filter(entry_token=entry_token).first()):
            earlier.repeated_entry = True
            return earlier
        text = _check_content(visit, area, kind, text)
        rows = clean_indicators(indicators)
        checked = check_files(files)
        if visit.status == VisitStatus.PLANNED:
            move_status(visit, VisitStatus.IN_PROGRESS, actor)
        position = (visit.findings.filter(area=area, kind=kind).aggregate(top=Max("position"))["top"] or 0) + 1
        finding = Finding(
            visit=visit, area=area, kind=kind, text=text, position=position, recorded_by=actor, entry_token=entry_token
        )
        finding._history_user = actor
        finding.save()
        # Handed back with what was written: the page shows the new row without reading it again.
        keep(finding, "indicators", Indicator.objects.bulk_create(Indicator(finding=finding, **row) for row in rows))
        keep(finding, "evidence", _store_evidence(finding, checked, actor, stored))
    return finding


def _locked_finding(finding: Finding) -> Finding:
    """The finding locked with its visit (a save and a conclusion wait for each other), read with the
    visit's unit that `require_recorder` asks about, which is read and not locked."""
    locked = ("self", "visit", "visit__team", "visit__plan")
    related = Finding.objects.select_related(*locked[1:], "visit__unit")
    return related.select_for_update(of=locked).get(pk=finding.pk)


@transaction.atomic
def finding_update(
    *,
    actor: User | None,
    finding: Finding,
    expected_version,
    text: str | None = None,
    kind: str | None = None,
    area: ReformArea | None = None,
    indicators: list[dict] | None = None,
) -> Finding:
    """Change a finding if nobody changed it since `expected_version`; else StaleVersion, nothing saved."""
    finding = _locked_finding(finding)
    require_recorder(actor, finding.visit)
    new_area = area or finding.area
    new_kind = kind or finding.kind
    new_text = _check_content(finding.visit, new_area, new_kind, finding.text if text is None else text)
    rows = None if indicators is None else clean_indicators(indicators)
    claim_version(finding, expected_version)
    if (new_area.pk, new_kind) != (finding.area_id, finding.kind):
        top = finding.visit.findings.filter(area=new_area, kind=new_kind).aggregate(top=Max("position"))["top"]
        finding.position = (top or 0) + 1
    finding.area, finding.kind, finding.text = new_area, new_kind, new_text
    finding._history_user = actor
    finding.save()
    if rows is not None:
        finding.indicators.all().delete()
        keep(finding, "indicators", Indicator.objects.bulk_create(Indicator(finding=finding, **row) for row in rows))
    return finding


@transaction.atomic
def finding_delete(*, actor: User | None, finding: Finding, expected_version) -> None:
    finding = _locked_finding(finding)
    require_recorder(actor, finding.visit)
    claim_version(finding, expected_version)
    paths = [evidence.file.name for evidence in finding.evidence.all()]
    finding.repeated_by.update(repeats=None)
    finding._history_user = actor
    finding.delete()
    for path in paths:
        forget_file(path)


@transaction.atomic
def finding_move(*, actor: User | None, finding: Finding, direction: str) -> Finding:
    """Swap a finding with its neighbour above ("up") or below ("down") in its area and kind."""
    finding = _locked_finding(finding)
    require_recorder(actor, finding.visit)
    siblings = list(finding.visit.findings.filter(area=finding.area, kind=finding.kind).order_by("position", "pk"))
    index = siblings.index(finding)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return finding
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    Finding.objects.bulk_update(siblings, ["position"])
    return finding


def finding_attach(*, actor: User | None, finding: Finding, files) -> list[FindingEvidence]:
    with removed_on_error() as stored, transaction.atomic():
        finding = _locked_finding(finding)
        require_recorder(actor, finding.visit)
        if not files:
            raise ValidationError({"files": _("Choose at least one file.")})
        return _store_evidence(finding, check_files(files), actor, stored)


@transaction.atomic
def evidence_delete(*, actor: User | None, evidence: FindingEvidence) -> None:
    require_recorder(actor, evidence.finding.visit)
    path = evidence.file.name
    evidence._history_user = actor
    evidence.delete()
    forget_file(path)


@transaction.atomic
def finding_mark_repeat(*, actor: User | None, finding: Finding, earlier: Finding | None) -> Finding:
    """Mark a shortcoming as a repeat of one recorded for the same unit in an earlier year (None clears it)."""
    finding = _locked_finding(finding)
    require_recorder(actor, finding.visit)
    if earlier is not None:
        if finding.kind != FindingKind.SHORTCOMING or earlier.kind != FindingKind.SHORTCOMING:
            raise ValidationError(_("Only a shortcoming can repeat an earlier shortcoming."))
        if earlier.visit.scheduled_on.year >= finding.visit.scheduled_on.year:
            raise ValidationError(_("The earlier shortcoming must come from an earlier year."))
        if earlier.visit.unit_id not in unit_lineage_ids(finding.visit.unit):
            raise ValidationError(_("The earlier shortcoming must concern the same unit."))
    finding.repeats = earlier
    finding.save(update_fields=["repeats"])
    return finding
