"""Settings switch on the environment alone; each case runs in a fresh interpreter."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND, "
    "'cache': s.CACHES['default']['BACKEND'], 'media': str(s.MEDIA_ROOT), 'debug': s.DEBUG}))"
)
CLEAN = {
    k: v
    for k, v in os.environ.items()
    if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "CCHC_"))
}


DEVELOPMENT = {"DJANGO_DEBUG": "1"}  # what `make run` and `make test` set


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "cchc_portal.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(env: dict) -> dict:
    result = run(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_any_environment_it_is_production_and_refuses_to_guess_a_secret():
    result = run({}, "manage.py", "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "DJANGO_DEBUG=1" in result.stderr


def test_embedded_default_needs_only_the_development_switch():
    found = probe(DEVELOPMENT)
    assert found["engine"] == "django.db.backends.sqlite3" and found["name"].endswith("db.sqlite3")
    assert found["eager"] is True and found["broker"] == "memory://"
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["cache"].endswith("LocMemCache")
    assert found["media"] == str(ROOT / "media")
    assert found["debug"] is True


def test_database_url_switches_to_postgresql():
    found = probe({**DEVELOPMENT, "DATABASE_URL": "postgres://cchc:secret@db.example:5432/cchc"})
    assert found["engine"] == "django.db.backends.postgresql" and found["name"] == "cchc"


def test_redis_url_switches_to_real_workers_and_redis_cache():
    found = probe({**DEVELOPMENT, "REDIS_URL": "redis://redis.example:6379/0"})
    assert found["eager"] is False and found["broker"] == "redis://redis.example:6379/0"
    assert found["cache"] == "core.redis_cache.RedisCache"


def test_celery_broker_url_alone_also_switches_off_eager_mode():
    found = probe({**DEVELOPMENT, "CELERY_BROKER_URL": "redis://other:6379/1"})
    assert found["eager"] is False and found["broker"] == "redis://other:6379/1"


@pytest.mark.parametrize(
    "env, missing",
    [
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_and_hosts(env, missing):
    result = run(env, "manage.py", "check")
    assert result.returncode != 0 and missing in result.stderr


def test_production_passes_the_deploy_check():
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8i9J0" * 3,
        "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
    }
    result = run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_openapi_schema_validates_without_warnings(tmp_path):
    result = run(
        DEVELOPMENT, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    schema = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/v1/tasks/{id}/submit/", "/api/v1/tasks/{id}/accept/", "/api/v1/tasks/{id}/return/"):
        assert path in schema


def test_a_publish_to_a_broker_that_refuses_connections_gives_up_at_once():
    """kombu sleeps 2 s before its first reconnect unless told not to retry: a request must not wait that long."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # closed again below: nothing listens there
    code = (
        "import django, time; django.setup(); from core.dispatch import send; from reports.tasks import render_document; "
        "started = time.monotonic(); sent = send(render_document, 1); print(sent, time.monotonic() - started)"
    )
    result = run({**DEVELOPMENT, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}, "-c", code)
    assert result.returncode == 0, result.stderr
    sent, seconds = result.stdout.split()[-2:]
    assert sent == "False" and float(seconds) < 1.0
