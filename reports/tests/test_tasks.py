"""Rendering in the background: statuses, failures, idempotence (in-process Celery here)."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from core.models import DeletedFile
from core.storage import purge_deleted_files
from reports import jobs, services
from reports.models import Document, PdfStatus
from reports.tests.pdf import page_count


def test_render_moves_from_queued_to_done_and_stores_a_pdf(letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request_render(actor=None, document=letter)
        assert document.pdf_status == PdfStatus.QUEUED
    document = Document.objects.get(pk=letter.pk)
    assert document.pdf_status == PdfStatus.DONE and document.pdf_version == document.version
    with document.pdf_file.open("rb") as handle:
        assert page_count(handle.read()) >= 1


def test_rendering_twice_keeps_one_file(letter, settings):
    first = jobs.document_render(letter.pk)
    assert jobs.document_render(letter.pk) == "already done"
    assert Document.objects.get(pk=letter.pk).pdf_file.name == first


def test_a_new_version_replaces_the_old_file_which_is_kept_for_the_retention_period(remediation, letter, settings):
    old = jobs.document_render(letter.pk)
    services.document_update(actor=remediation.leader, document=letter, expected_version=1, subject="Mới")
    new = jobs.document_render(letter.pk)
    assert new != old and Document.objects.get(pk=letter.pk).pdf_file.name == new
    folder = settings.MEDIA_ROOT / "documents" / str(letter.pk)
    # A backup taken now still finds the old file; it goes once the retention period has passed.
    assert sorted(p.name for p in folder.iterdir()) == sorted([new.split("/")[-1], old.split("/")[-1]])
    assert list(DeletedFile.objects.values_list("path", flat=True)) == [old]
    assert purge_deleted_files() == []
    later = timezone.now() + datetime.timedelta(days=settings.CCHC_FILE_RETENTION_DAYS, minutes=1)
    assert purge_deleted_files(now=later) == [old]
    assert [p.name for p in folder.iterdir()] == [new.split("/")[-1]] and not DeletedFile.objects.exists()


def test_a_document_that_cannot_be_rendered_fails_with_a_message(letter):
    from reports.tasks import render_document

    broken = mock.patch("reports.rendering.html_to_pdf", side_effect=ValueError("bad layout"))
    with broken, pytest.raises(ValueError):
        render_document.apply(args=[letter.pk], throw=True)
    document = Document.objects.get(pk=letter.pk)
    assert document.pdf_status == PdfStatus.FAILED
    assert "bad layout" in document.pdf_error and "PDF" in document.pdf_error


def test_transient_errors_are_retried_with_backoff_then_fail(letter):
    from celery.exceptions import Retry

    from reports.tasks import render_document

    with mock.patch("reports.jobs.document_render", side_effect=OSError("disk busy")):
        with pytest.raises(Retry) as retry:
            render_document.apply(args=[letter.pk], throw=True)
        assert retry.value.when == 2
        with pytest.raises(Retry) as retry:
            render_document.apply(args=[letter.pk], retries=2, throw=True)
        assert retry.value.when == 8
        assert Document.objects.get(pk=letter.pk).pdf_status != PdfStatus.FAILED
        with pytest.raises(OSError):
            render_document.apply(args=[letter.pk], retries=3, throw=True)
    assert Document.objects.get(pk=letter.pk).pdf_status == PdfStatus.FAILED


def test_task_settings_survive_a_killed_worker():
    from reports.tasks import render_document

    assert render_document.acks_late and render_document.reject_on_worker_lost
    assert render_document.time_limit and render_document.soft_time_limit
