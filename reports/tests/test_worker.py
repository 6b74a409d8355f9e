"""Rendering by a real Celery worker over Redis, including one killed in the middle."""

import os
import signal
import subprocess
import time

import pytest

from reports import services
from reports.models import Document, PdfStatus
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
