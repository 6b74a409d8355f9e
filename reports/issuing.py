"""What issuing a draft on a date would do, and what stands in its way.

One place for the rules, read by the confirmation page, the API and the issuing
service alike:
- refusals stop the issue: no signer named, a future date, a body that does not exist on that
  day (its successor issues), a date before the visit it records, or a date
  earlier than the last number of its series (the register stays in date order);
- warnings need the issuer's explicit confirmation: a date outside the plan's
  year, or the visit (or plan) already has a document of this kind in force.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Unit, pick_version

from .formats import number_and_symbol
from .models import NUMBERED, Document, DocumentKind, DocumentStatus, NumberCounter
from .numbering import series_for

# Kinds of which a plan has one in force: a second one is confirmed, not assumed.
ONE_PER_PLAN = (DocumentKind.PLAN,)


@dataclass
class IssueCheck:
    issued_on: datetime.date
    series: str
    number: int
    number_text: str
    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def can_issue(self) -> bool:
        return not self.refusals

    @property
    def digest(self) -> str:
        """What the issuer read: the number shown and the warnings confirmed. The page sends it back,
        so that a number or a warning that changed meanwhile (another clerk issued first) is read again."""
        text = "\n".join([self.number_text, *self.warnings])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_issue(
    document: Document, issued_on: datetime.date | None = None, *, series: str | None = None, number: int | None = None
) -> IssueCheck:
    """The number `document` would take on `issued_on` (today when None) and what the issuer must know.

    The issuing service passes the series and the number it has just reserved; a preview peeks them.
    """
    issued_on = issued_on or timezone.localdate()
    series = series or series_for(document.issuer_id, document.kind)
    number = number or next_number(issuer_id=document.issuer_id, series=series, year=issued_on.year)
    check = IssueCheck(
        issued_on=issued_on,
        series=series,
        number=number,
        number_text=number_text_for(document, number=number, issued_on=issued_on),
    )
    if not document.signer_name.strip():
        check.refusals.append(_("Enter the signer before issuing."))
    _check_date(check, document)
    _check_issuer(check, document.issuer)
    _check_series_order(check, document)
    _check_plan_year(check, document)
    _check_duplicates(check, document)
    return check


def next_number(*, issuer_id: int, series: str, year: int) -> int:
    """The number the next issue of the series takes, without reserving it."""
    last = NumberCounter.objects.filter(issuer_id=issuer_id, series=series, year=year).values_list("last", flat=True)
    return (last.first() or 0) + 1


def number_text_for(document: Document, *, number: int, issued_on: datetime.date) -> str:
    """`number` with the symbol of the issuer's code as it was on the day of issue."""
    version = pick_version(list(document.issuer.versions.all()), issued_on)
    code = version.code if version else document.issuer.code
    return number_and_symbol(number=number, kind=document.kind, issuer_code=code, drafter_code=document.drafter_code)


def _day(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def _check_date(check: IssueCheck, document: Document) -> None:
    if check.issued_on > timezone.localdate():
        check.refusals.append(_("A document cannot be issued on a future date."))
    visit = document.visit
    if visit is not None and check.issued_on < visit.scheduled_on:
        check.refusals.append(
            _("The date of issue %(day)s is before the visit it records (%(visit)s).")
            % {"day": _day(check.issued_on), "visit": _day(visit.scheduled_on)}
        )


def _check_issuer(check: IssueCheck, issuer: Unit) -> None:
    day = check.issued_on
    if day < issuer.valid_from:
        check.refusals.append(
            _("%(name)s did not exist yet on %(day)s (it exists from %(start)s).")
            % {"name": issuer.name, "day": _day(day), "start": _day(issuer.valid_from)}
        )
    elif issuer.valid_to is not None and day >= issuer.valid_to:
        successor = Unit.objects.filter(reorganisations_in__predecessors=issuer).exclude(pk=issuer.pk).first()
        message = _("%(name)s no longer exists on %(day)s (it ended on %(end)s).") % {
            "name": issuer.name,
            "day": _day(day),
            "end": _day(issuer.valid_to),
        }
        if successor is not None:
            message += " " + _("Its successor %(successor)s issues it: draw the document up again in its name.") % {
                "successor": successor.name
            }
        check.refusals.append(message)


def _check_series_order(check: IssueCheck, document: Document) -> None:
    later = (
        Document.objects.filter(
            issuer_id=document.issuer_id,
            series=check.series,
            year=check.issued_on.year,
            status__in=NUMBERED,
            issued_on__gt=check.issued_on,
        )
        .order_by("-issued_on", "-number")
        .values_list("number_text", "issued_on")
        .first()
    )
    if later:
        check.refusals.append(
            _(
                "%(number)s of the same series is already dated %(day)s: a later number cannot carry an earlier "
                "date, or the register would leave date order. Issue it on %(day)s or later."
            )
            % {"number": later[0], "day": _day(later[1])}
        )


def _check_plan_year(check: IssueCheck, document: Document) -> None:
    plan = document.plan
    if plan is not None and check.issued_on.year != plan.year:
        check.warnings.append(
            _("The date of issue %(day)s is not in the plan's year %(year)s.")
            % {"day": _day(check.issued_on), "year": plan.year}
        )


def _check_duplicates(check: IssueCheck, document: Document) -> None:
    in_force = Document.objects.filter(kind=document.kind, status=DocumentStatus.ISSUED).exclude(pk=document.pk)
    if document.visit_id is not None:
        in_force = in_force.filter(visit_id=document.visit_id)
    elif document.plan_id is not None and document.kind in ONE_PER_PLAN:
        in_force = in_force.filter(plan_id=document.plan_id)
    else:
        return
    numbers = sorted(in_force.values_list("number_text", flat=True))
    if numbers:
        check.warnings.append(
            _("%(kind)s %(numbers)s is already in force for the same %(scope)s: withdraw or replace it rather than "
              "issue a second one, unless both are meant.")
            % {
                "kind": document.get_kind_display(),
                "numbers": ", ".join(numbers),
                "scope": _("visit") if document.visit_id else _("plan"),
            }
        )  # fmt: skip
