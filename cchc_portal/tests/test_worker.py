"""Celery with Redis and a real worker process, as in production."""

import time

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
