"""Rendering by a real Celery worker over Redis, including one killed in the middle."""

import os
import signal
import subprocess
import time
import zipfile

import pytest

from conftest import start_worker
from reports import services
from reports.models import Document, DocumentExport, ExportStatus, PdfStatus
from reports.tests.factories import draft
from reports.tests.pdf import page_count

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]


def wait_for(condition, timeout=90.0, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def status(pk):
    return Document.objects.filter(pk=pk).values_list("pdf_status", flat=True).first()


def test_a_real_worker_renders_the_pdf(letter, celery_worker):
    services.document_request_render(actor=None, document=letter)
    assert wait_for(lambda: status(letter.pk) == PdfStatus.DONE), celery_worker.log.read_text()[-3000:]
    document = Document.objects.get(pk=letter.pk)
    with document.pdf_file.open("rb") as handle:
        assert page_count(handle.read()) >= 1


def test_a_worker_killed_while_rendering_still_ends_done_with_one_file(remediation, letter, celery_worker, settings):
    # A long document, so that the render is surely under way when the worker dies.
    body = (
        letter.body
        + "\n"
        + "\n".join(
            f"Đoạn bổ sung số {n}: đơn vị tiếp tục rà soát, cập nhật và công khai thủ tục hành chính theo quy định."
            for n in range(6000)
        )
    )
    services.document_update(actor=remediation.leader, document=letter, expected_version=1, body=body)
    services.document_request_render(actor=None, document=letter)
    assert wait_for(lambda: status(letter.pk) == PdfStatus.RENDERING, step=0.02), celery_worker.log.read_text()[-3000:]
    children = subprocess.run(
        ["pgrep", "-P", str(celery_worker.process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert children, "the worker has no pool process"
    for pid in children:
        os.kill(int(pid), signal.SIGKILL)
    assert status(letter.pk) == PdfStatus.RENDERING  # killed mid-render, not after
    assert wait_for(lambda: status(letter.pk) == PdfStatus.DONE, timeout=180), celery_worker.log.read_text()[-3000:]
    document = Document.objects.get(pk=letter.pk)
    folder = settings.MEDIA_ROOT / "documents" / str(letter.pk)
    assert [path.name for path in folder.iterdir()] == [document.pdf_file.name.split("/")[-1]]
    with document.pdf_file.open("rb") as handle:
        assert page_count(handle.read()) > 50


@pytest.fixture
def two_workers(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    workers = [start_worker(tmp_path, name=f"batch{n}") for n in range(2)]
    yield workers
    for process, _log in workers:
        process.terminate()
        process.wait(timeout=20)


def test_a_batch_export_fans_out_over_two_workers(remediation, letter, two_workers):
    letters = [letter] + [
        draft(actor=remediation.leader, kind="remediation_letter", plan=remediation.plan) for _ in range(5)
    ]
    export = services.export_create(actor=remediation.leader, documents=letters, title="Sáu công văn")
    done = wait_for(lambda: DocumentExport.objects.get(pk=export.pk).status == ExportStatus.DONE, timeout=180)
    logs = [log.read_text() for _process, log in two_workers]
    assert done, logs[0][-2000:] + logs[1][-2000:]
    rendered = [log.count("reports.tasks.render_document[") for log in logs]
    assert all(count > 0 for count in rendered), rendered  # both workers took part
    export = DocumentExport.objects.get(pk=export.pk)
    assert export.done_count == 6
    with export.file.open("rb") as handle:
        assert len(zipfile.ZipFile(handle).namelist()) == 6
