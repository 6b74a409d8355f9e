"""Backup: a PostgreSQL backup restores into a new database, and the portal serves the same bytes from it.

The demo province goes into a private PostgreSQL, with one more evidence file and a rendered
document PDF; `manage.py backup` archives it; `manage.py restore` puts it into a second,
empty database owned by another role (so --no-owner matters) and an empty media folder; a
production-settings gunicorn on the restored copy then hands the evidence file and the PDF
to `noivu` through the API, byte for byte as they were. Everything runs in subprocesses of
`manage.py`, so this needs no pytest-django:
    .venv/bin/python -m pytest faults/test_backup_restore.py -q -p no:django -o addopts="" -o testpaths=faults
"""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from faults.harness import ManagedProcess, free_port, http_get, http_post, postgres_available, wait_until

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
DEMO_PASSWORD = "cchc-demo-2026"

# Without PostgreSQL binaries this skips locally; under CCHC_REQUIRE_SERVICES=1 (CI) the
# private_postgres fixture fails it instead, because a skip there is a failure.
pytestmark = pytest.mark.skipif(
    not postgres_available() and os.environ.get("CCHC_REQUIRE_SERVICES") != "1",
    reason="needs PostgreSQL server binaries in /usr/lib/postgresql/<version>/bin",
)

# Run in the source portal: one more evidence file through the service, one PDF through the render job.
ADD_FILES = """
import json, os
from django.core.files.uploadedfile import SimpleUploadedFile
from inspections.tests.files import PNG
from remediation import services
from remediation.models import RemediationTask, TaskEvidence
from reports import jobs
from reports.models import Document

task = RemediationTask.objects.filter(status="in_progress").select_related("unit__head").first()
upload = SimpleUploadedFile("anh-hien-truong.png", PNG + os.urandom(20000), content_type="image/png")
event = services.task_progress(actor=task.unit.head, task=task, note="Ảnh hiện trường.",
                               expected_version=task.version, files=[upload])
evidence = TaskEvidence.objects.get(event=event)
document = Document.objects.order_by("pk").first()
jobs.document_render(document.pk)
document.refresh_from_db()
print(json.dumps({"task": task.pk, "evidence": evidence.pk, "evidence_file": evidence.file.name,
                  "document": document.pk, "pdf_file": document.pdf_file.name}))
"""


def portal_env(database_url: str, media_root: Path, **extra) -> dict:
    """Only what the portal needs: no DATABASE_URL or REDIS_URL of the machine leaks in."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    env["DJANGO_DEBUG"] = "1"  # the management commands run as a developer would; the server below as production
    return {**env, "DATABASE_URL": database_url, "DJANGO_MEDIA_ROOT": str(media_root), **extra}


def manage(*args, env: dict, expect: int = 0) -> subprocess.CompletedProcess:
    """Run manage.py in a subprocess and insist on its exit status."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == expect, f"manage.py {' '.join(args)} -> {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def download(url: str, token: str) -> tuple[int, bytes]:
    """GET raw bytes with an API token (the harness helpers decode bodies as text)."""
    assert url.startswith("http://127.0.0.1:")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}", "Accept": "*/*"})
    with opener.open(request, timeout=30) as response:
        return response.status, response.read()


def test_a_backup_restores_into_a_new_database_and_serves_the_same_files(private_postgres, tmp_path):
    port = private_postgres.port
    private_postgres.psql("CREATE ROLE cchc LOGIN PASSWORD 'source-secret'")
    private_postgres.psql("CREATE ROLE cchc_new LOGIN PASSWORD 'restore-secret'")
    private_postgres.psql("CREATE DATABASE cchc OWNER cchc")
    source = portal_env(f"postgres://cchc:source-secret@127.0.0.1:{port}/cchc", tmp_path / "media")
    manage("migrate", "--noinput", "-v0", env=source)
    manage("load_demo", env=source)
    originals = json.loads(manage("shell", "-c", ADD_FILES, env=source).stdout.strip().splitlines()[-1])

    backups = tmp_path / "backups"
    manage("backup", "--output", str(backups), env=source)
    (archive,) = backups.iterdir()
    assert "is sound" in manage("backup", "--check", str(archive), env=source).stdout

    private_postgres.psql("CREATE DATABASE cchc_restored OWNER cchc_new")
    restored_url = f"postgres://cchc_new:restore-secret@127.0.0.1:{port}/cchc_restored"
    restored = portal_env(restored_url, tmp_path / "restored-media")
    out = manage("restore", str(archive), env=restored).stdout
    assert "Restored and verified" in out and "MISMATCH" not in out, out
    assert (
        private_postgres.psql(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", dbname="cchc_restored"
        )
        == "cchc_new"
    )
    refused = manage("restore", str(archive), env=restored, expect=1)
    assert "The target is not empty" in refused.stderr

    web_port = free_port()
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "test", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                  "DJANGO_SECURE_SSL_REDIRECT": "0"}  # fmt: skip
    argv = [str(GUNICORN), "cchc_portal.wsgi", "--bind", f"127.0.0.1:{web_port}", "--workers", "1"]
    with ManagedProcess(argv, env={**restored, **production}, cwd=ROOT, log_path=tmp_path / "gunicorn.log") as web:
        base = f"http://127.0.0.1:{web_port}"

        def up() -> bool:
            assert web.running, f"gunicorn exited:\n{web.log_text()[-3000:]}"
            return http_get(f"{base}/healthz", timeout=2)[0] == 200

        wait_until(up, timeout=30, message="gunicorn on the restored database")
        status, _, body = http_post(f"{base}/api/v1/auth/token/", json={"username": "noivu", "password": DEMO_PASSWORD})
        assert status == 200, body
        token = json.loads(body)["token"]
        evidence = download(f"{base}/api/v1/tasks/{originals['task']}/evidence/{originals['evidence']}/", token)
        pdf = download(f"{base}/api/v1/documents/{originals['document']}/pdf/", token)
    assert evidence == (200, (tmp_path / "media" / originals["evidence_file"]).read_bytes())
    assert pdf == (200, (tmp_path / "media" / originals["pdf_file"]).read_bytes()) and pdf[1].startswith(b"%PDF")
