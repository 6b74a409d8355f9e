"""Drafts as the tests need them: drawn up by `document_create`, with the signer a clerk would enter."""

from reports import services
from reports.models import Document

SIGNER = "Nguyễn Văn Thử"


def draft(*, actor, kind, plan, visit=None, **extra) -> Document:
    """`document_create`, then the signer's name where the body's default leaves it to the clerk
    (a People's Committee's documents); the version is left as drawn up."""
    document = services.document_create(actor=actor, kind=kind, plan=plan, visit=visit, **extra)
    if not document.signer_name:
        Document.objects.filter(pk=document.pk).update(signer_name=SIGNER)
        document.signer_name = SIGNER
    return document
