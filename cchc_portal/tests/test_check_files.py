"""`check_files`: orphans and rows without their file, listed, and with --delete settled; safe while the portal runs."""

import io
import os
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from core.files import audit
from inspections import services
from inspections.models import FindingEvidence
from inspections.tests import files
from inspections.tests.factories import add_finding
from reports.models import Document, PdfStatus


def _age(path, hours: float) -> None:
    full = default_storage.path(path)
    past = time.time() - hours * 3600
    os.utime(full, (past, past))


def test_orphans_and_missing_files_are_found_and_settled(remediation, settings):
    services.visit_reopen(actor=remediation.leader, visit=remediation.visit, reason="Bổ sung tài liệu")
    finding = add_finding(remediation, files=[files.pdf()])
    evidence = finding.evidence.get()
    old_orphan = default_storage.save("evidence/stray/old.pdf", ContentFile(b"%PDF old"))
    young_orphan = default_storage.save("evidence/stray/new.pdf", ContentFile(b"%PDF new"))
    _age(old_orphan, 2)  # an upload whose row never came; the young one may still be on its way
    letter = Document.objects.create(
        kind="remediation_letter",
        plan=remediation.plan,
        issuer=remediation.plan.issuer,
        issuer_name="x",
        subject="x",
        body="x",
        pdf_status=PdfStatus.DONE,
        pdf_file="documents/1/gone.pdf",
        pdf_version=1,
    )
    report = audit()
    assert report.orphans == [old_orphan]
    assert ("reports.Document", letter.pk, "documents/1/gone.pdf") in report.missing
    assert not any(path == evidence.file.name for _label, _pk, path in report.missing)
    out = io.StringIO()
    call_command("check_files", "--delete", stdout=out)
    assert "1 orphan files" in out.getvalue()
    assert not default_storage.exists(old_orphan) and default_storage.exists(young_orphan)
    letter.refresh_from_db()
    assert letter.pdf_status == PdfStatus.NONE and not letter.pdf_file  # may be rendered again
    assert FindingEvidence.objects.filter(pk=evidence.pk).exists()  # its file is there


def test_an_evidence_row_whose_file_is_gone_is_removed(setup):
    finding = add_finding(setup, files=[files.pdf()])
    evidence = finding.evidence.get()
    os.remove(default_storage.path(evidence.file.name))
    call_command("check_files", "--delete", stdout=io.StringIO())
    assert not FindingEvidence.objects.filter(pk=evidence.pk).exists()


def test_a_deleted_evidence_file_is_kept_not_reported(setup, cast):
    finding = add_finding(setup, files=[files.pdf()])
    evidence = finding.evidence.get()
    services.evidence_delete(actor=setup.member, evidence=evidence)
    _age(evidence.file.name, 3)
    report = audit()
    assert report.orphans == [] and report.kept == 1 and default_storage.exists(evidence.file.name)
