"""Celery with Redis and a real worker process, as in production."""

import os
import time
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_password_reset_email_is_sent_by_a_worker(client, cast, celery_worker):
    response = client.post(reverse("password_reset"), {"email": "head@example.test"})
    assert response.status_code == 302
    mail_dir = celery_worker.dir / "mail"
    assert wait_for(lambda: mail_dir.exists() and any(mail_dir.iterdir())), celery_worker.log.read_text()[-3000:]
    [message] = list(mail_dir.iterdir())
    text = message.read_text()
    assert "To: head@example.test" in text and "/accounts/password/reset/" in text


def test_a_worker_and_its_pool_run_below_the_web_processes_priority(celery_worker, settings):
    """A report rendering in the background must not slow the pages people wait for (CCHC_WORKER_NICENESS)."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    expected = min(19, max(own, settings.WORKER_NICENESS))
    if expected == own:
        pytest.skip(f"the tests run at niceness {own}: a worker cannot go below them")
    pid = celery_worker.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert children, "a prefork worker has a pool process"
    for process in (pid, *map(int, children)):
        assert os.getpriority(os.PRIO_PROCESS, process) == expected
