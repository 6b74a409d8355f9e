"""The province's annual report on a province of real size: drawn up, rendered, against bare WeasyPrint.

    .venv/bin/python bench/province_report.py [--province-db NAME] [--postgres URL]   (part of `make bench`)

On the synthetic province (`make_province`, the database `bench/pages.py` builds and
keeps): Home Affairs draws up the annual results report of the last full year; the
render is what the worker does (charts, layout, file, row, progress steps); bare is
`HTML(string=...).write_pdf()` on the same HTML. Prints medians, the ratio, and how the
progress bar moved. The report is deleted afterwards. Nothing here is a test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import CLEAN_ENV, database_url, ensure_database

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def median(action) -> float:
    action()  # fonts and caches warmed once, for both sides alike
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--province-db", default="cchc_bench_province")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    env = {**CLEAN_ENV, "DJANGO_DEBUG": "1"}
    ensure_database(args.postgres, args.province_db, "make_province", env, rebuild=False)
    os.environ.update(env, DATABASE_URL=database_url(args.postgres, args.province_db), CCHC_FIGURES_SECONDS="0")
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings")
    import django

    django.setup()
    from django.utils import timezone
    from weasyprint import HTML

    from reports import jobs, rendering, services
    from reports.figures import Selection
    from reports.models import Document, DocumentKind, PdfStatus
    from reports.tests.pdf import page_count
    from units.models import User

    year = timezone.localdate().year - 1
    started = time.perf_counter()
    report = services.report_create(
        actor=User.objects.get(username="noivu"), kind=DocumentKind.ANNUAL_REPORT, selection=Selection(year=year)
    )
    drafted = time.perf_counter() - started
    try:
        steps = []
        real_progress = jobs._progress

        def watched(document_id, percent):
            real_progress(document_id, percent)
            steps.append((percent, time.perf_counter()))

        def render():
            Document.objects.filter(pk=report.pk).update(pdf_status=PdfStatus.QUEUED, pdf_version=None)
            steps.clear()
            steps.append((0, time.perf_counter()))
            jobs.document_render(report.pk)
            steps.append((Document.objects.get(pk=report.pk).pdf_progress, time.perf_counter()))

        jobs._progress = watched
        portal = median(render)
        html = rendering.document_html(Document.objects.get(pk=report.pk))
        bare = median(lambda: HTML(string=html).write_pdf())
        pages = page_count(HTML(string=html).write_pdf())
        moves = " → ".join(f"{percent} % at {moment - steps[0][1]:.1f} s" for percent, moment in steps)
        print(f"Annual report {year}, synthetic province: drawn up in {drafted:.2f} s; {pages} pages")
        print(f"  render {portal:.2f} s · bare WeasyPrint {bare:.2f} s · ratio {portal / bare:.2f}")
        print(f"  progress bar: {moves}")
    finally:
        jobs._progress = real_progress
        Document.objects.filter(pk=report.pk).delete()


if __name__ == "__main__":
    main()
