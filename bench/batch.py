"""A batch of letters rendered by one Celery worker, then by two: the fan-out should halve the time.

    .venv/bin/python bench/batch.py          (part of `make bench`)

Needs PostgreSQL and Redis (127.0.0.1 by default; DATABASE_URL's server and
REDIS_URL are used if set). Builds a throw-away database `cchc_bench_batch`
with the demo province and 50 remediation letters, exports them as one ZIP
with one worker process, renders them again with two, and prints both times and
their ratio (target ≤ 0.6). A measurement, not a test.
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LETTERS = int(os.environ.get("BENCH_LETTERS", "50"))
server = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
DATABASE = f"postgres://{server.username or 'postgres'}@{server.hostname or '127.0.0.1'}:{server.port or 5432}/cchc_bench_batch"
work = Path(tempfile.mkdtemp(prefix="cchc-batch-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="cchc_portal.settings",
    DATABASE_URL=DATABASE,
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11"),
    CELERY_QUEUE=f"cchc-bench-{uuid.uuid4().hex[:8]}",
    DJANGO_MEDIA_ROOT=str(work / "media"),
)

import django  # noqa: E402

subprocess.run(["dropdb", "--if-exists", "-h", server.hostname or "127.0.0.1", "-U", "postgres", "cchc_bench_batch"])
subprocess.run(["createdb", "-h", server.hostname or "127.0.0.1", "-U", "postgres", "cchc_bench_batch"], check=True)
django.setup()

from django.core.management import call_command  # noqa: E402

from cchc_portal.celery import app  # noqa: E402
from reports import services  # noqa: E402
from reports.models import Document, DocumentExport, DocumentKind, ExportStatus, PdfStatus  # noqa: E402


def start_workers(count: int) -> list[subprocess.Popen]:
    workers = []
    for number in range(count):
        node = f"bench{number}-{uuid.uuid4().hex[:6]}@localhost"
        log = (work / f"{node.split('@')[0]}.log").open("wb")
        command = [sys.executable, "-m", "celery", "-A", "cchc_portal", "worker", "--pool=prefork", "--concurrency=1"]
        command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING", "-n", node]
        workers.append(subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=0.5):
            if time.monotonic() > deadline:
                raise SystemExit(f"worker {node} did not start")
    return workers


def stop(workers):
    for process in workers:
        process.terminate()
    for process in workers:
        process.wait(timeout=30)


def export_seconds(actor, documents) -> float:
    Document.objects.filter(pk__in=[d.pk for d in documents]).update(pdf_status=PdfStatus.NONE, pdf_version=None)
    start = time.perf_counter()
    export = services.export_create(actor=actor, documents=documents, title="Bench")
    while DocumentExport.objects.get(pk=export.pk).status not in (ExportStatus.DONE, ExportStatus.FAILED):
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    assert DocumentExport.objects.get(pk=export.pk).status == ExportStatus.DONE
    return elapsed


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    letter = Document.objects.get(kind=DocumentKind.REMEDIATION_LETTER, plan__number="09/KH-SKHCN")
    actor = letter.created_by
    letters = [letter] + [
        services.document_create(actor=actor, kind=DocumentKind.REMEDIATION_LETTER, plan=letter.plan)
        for _ in range(LETTERS - 1)
    ]
    timings = {}
    for count in (1, 2):
        workers = start_workers(count)
        try:
            export_seconds(actor, letters[:4])  # warm the workers' fonts
            timings[count] = statistics.median(export_seconds(actor, letters) for _ in range(2))
        finally:
            stop(workers)
    ratio = timings[2] / timings[1]
    print(f"{LETTERS} letters as one ZIP: one worker {timings[1]:.1f} s · two workers {timings[2]:.1f} s")
    print(f"two workers / one worker = {ratio:.2f} (target ≤ 0.60): {'OK' if ratio <= 0.6 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
