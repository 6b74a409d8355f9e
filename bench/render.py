"""Rendering cost: the portal's end-to-end render against bare WeasyPrint on the same HTML.

    .venv/bin/python bench/render.py            (or: make bench)

End to end = load the document, build its HTML, WeasyPrint it, store the file,
update the row (what the Celery task does). Bare = `HTML(string=...).write_pdf()`
on that HTML. Prints medians and the ratio; the target is at most 1.3.
Runs on a throw-away SQLite database; nothing here is a test.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
work = tempfile.mkdtemp(prefix="cchc-bench-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="cchc_portal.settings",
    DATABASE_URL=f"sqlite:///{work}/bench.sqlite3",
    DJANGO_MEDIA_ROOT=f"{work}/media",
)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from weasyprint import HTML  # noqa: E402

from inspections.models import Finding, InspectionPlan, ReformArea  # noqa: E402
from reports import jobs, rendering, services  # noqa: E402
from reports.models import Document, PdfStatus  # noqa: E402
from reports.tests.pdf import page_count  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def median_seconds(action) -> float:
    action()  # warm fonts and caches once, for both sides alike
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def end_to_end(document_id: int):
    def run():
        Document.objects.filter(pk=document_id).update(pdf_status=PdfStatus.QUEUED, pdf_version=None)
        jobs.document_render(document_id)

    return run


def compare(label: str, document: Document) -> float:
    html = rendering.document_html(document)
    pages = page_count(HTML(string=html).write_pdf())
    portal = median_seconds(end_to_end(document.pk))
    bare = median_seconds(lambda: HTML(string=html).write_pdf())
    ratio = portal / bare
    print(
        f"{label}: {pages} pages · portal {portal * 1000:.0f} ms · bare WeasyPrint {bare * 1000:.0f} ms · ratio {ratio:.2f}"
    )
    return ratio


def big_report() -> Document:
    """A results report of about 95 pages: the 2021 plan with many more findings."""
    plan = InspectionPlan.objects.get(number="09/KH-SKHCN")
    areas = list(ReformArea.objects.all())
    visits = list(plan.visits.all())
    Finding.objects.bulk_create(
        Finding(
            visit=visits[n % len(visits)],
            area=areas[n % len(areas)],
            kind="shortcoming" if n % 2 else "strength",
            text=f"Nhận xét số {n}: việc công khai, cập nhật thủ tục hành chính và tiếp nhận hồ sơ trực tuyến "
            "cần tiếp tục được rà soát, bảo đảm đúng quy định và thời hạn giải quyết.",
            position=1000 + n,
        )
        for n in range(1110)
    )
    leader = plan.teams.first().members.filter(role="leader").first().user
    return services.document_create(actor=leader, kind="report", plan=plan)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    letter = Document.objects.get(kind="remediation_letter", plan__number="09/KH-SKHCN")
    ratios = [compare("Seed 002 remediation letter", letter), compare("Results report", big_report())]
    worst = max(ratios)
    print(f"worst ratio {worst:.2f} (target ≤ 1.30): {'OK' if worst <= 1.3 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
