"""Who may see, draft and issue documents, and the outgoing register."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from inspections.models import TeamMember, TeamRole
from inspections.selectors import PROVINCE_READERS, can_manage_plan, plans_visible_to, visits_visible_to
from units.models import Role, Unit, UnitKind, User
from units.selectors import in_scope_q, keeps_reference_data

from .models import NUMBERED, Document, NumberingSeries


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Who reads which document.

    - administrators: all; Home Affairs staff and clerks: those issued in their province (one
      indexed test instead of two nested ones);
    - inspectors: the documents of the plans and visits they may see;
    - a unit's own people: issued documents about a visit they may see, or addressed to a unit of
      their scope (`reports.addressing`): a plan-wide report to the People's Committee is not theirs.
    """
    if user.is_authenticated and user.is_administrator:
        return Document.objects.all()
    if user.is_authenticated and user.role in PROVINCE_READERS:
        return Document.objects.filter(in_scope_q(user, "issuer"))
    if user.is_authenticated and user.is_unit_user:
        # One list of ids (a UNION), not two tests joined by OR: with an OR, PostgreSQL tested every
        # document of the province in turn (the unit's 40 among 5,000: 5 ms to count them, now 2).
        about = Document.objects.filter(visit__in=visits_visible_to(user).values("pk")).order_by().values("pk")
        addressed = (
            Document.addressees.through.objects.filter(in_scope_q(user, "unit")).order_by().values("document_id")
        )
        return Document.objects.filter(status__in=NUMBERED, pk__in=about.union(addressed))
    return Document.objects.filter(plan__in=plans_visible_to(user).values("pk")).filter(
        Q(visit__isnull=True) | Q(visit__in=visits_visible_to(user).values("pk"))
    )


def get_document_for(user: User, pk) -> Document:
    try:
        return documents_visible_to(user).select_related("plan", "visit", "issuer").get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_draft(user: User, plan) -> bool:
    """Team members and managers of the plan, Home Affairs staff and administrators."""
    if user.is_administrator or user.role == Role.HOME_AFFAIRS or can_manage_plan(user, plan):
        return True
    return TeamMember.objects.filter(team__plan=plan, user=user).exists()


def can_draft_province_reports(user: User) -> bool:
    """The province's reports (annual results, remediation status, a unit's history): Home Affairs and administrators."""
    return user.is_authenticated and (user.is_administrator or user.role == Role.HOME_AFFAIRS)


def can_edit(user: User, document: Document) -> bool:
    """Who may edit a draft: those who may draft it (its plan's, or the province reports' drafters)."""
    if document.plan_id is None:
        return can_draft_province_reports(user)
    return can_draft(user, document.plan)


def can_issue(user: User, document: Document) -> bool:
    """The issuer's clerk (văn thư), the plan's team leader, Home Affairs staff, administrators."""
    if user.is_administrator or user.role == Role.HOME_AFFAIRS:
        return True
    if user.role == Role.CLERK and user.unit_id:
        # The clerk sits in the issuer itself or in its office (a division directly under it).
        unit = user.unit
        if unit.pk == document.issuer_id or (unit.parent_id == document.issuer_id and unit.kind == UnitKind.DIVISION):
            return True
    if document.plan_id is None:
        return False
    return TeamMember.objects.filter(team__plan_id=document.plan_id, user=user, role=TeamRole.LEADER).exists()


# A document's content: a province report's body and figures run to hundreds of kilobytes each.
CONTENT_FIELDS = ("body", "table", "tables", "figures", "recipients", "copies_to", "withdrawal_reason", "pdf_error")


def without_content(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents as a list or the register shows them: the header, never the content (read on the detail)."""
    return documents.defer(*CONTENT_FIELDS)


# What a row of the documents list prints (templates/jinja2/reports/document_rows.html): not the
# plan's texts, the visit's summary or the issuer, which a select_related would read whole.
DOCUMENT_ROW_FIELDS = (
    *("kind", "status", "number_text", "subject", "plan", "visit", "created_at"),
    *("plan__title", "visit__unit", "visit__unit__name"),
)
# ...and of the outgoing register (templates/jinja2/reports/register_rows.html).
REGISTER_ROW_FIELDS = ("number_text", "issued_on", "kind", "subject", "status", "withdrawn_on", "signer_name")


def document_rows(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents as the list shows them, newest first, with only the columns a row prints."""
    return documents.select_related("plan", "visit__unit").only(*DOCUMENT_ROW_FIELDS).order_by("-created_at", "-pk")


def register_rows(user: User) -> QuerySet[Document]:
    """The outgoing register (sổ đăng ký văn bản đi): issued documents in number order."""
    documents = documents_visible_to(user).filter(status__in=NUMBERED).select_related("issuer", "issued_by")
    # The order of the unique number per issuer, series and year: read from its index, not sorted.
    return documents.order_by("issuer_id", "series", "year", "number")


def issuers_visible_to(user: User) -> QuerySet[Unit]:
    """The units whose documents `user` may see (the register's choice of issuer)."""
    return Unit.objects.filter(pk__in=documents_visible_to(user).values("issuer")).order_by("name")


def series_visible_to(user: User) -> QuerySet[NumberingSeries]:
    """The numbering series a keeper of reference data may see: those of the issuers in their scope."""
    if not keeps_reference_data(user):
        return NumberingSeries.objects.none()
    return NumberingSeries.objects.filter(in_scope_q(user, "issuer"))
