"""Page cost: every main page of the portal against a production-like server, as ratios to a trivial page.

    .venv/bin/python bench/pages.py [--only demo|province] [--repeat 7] [--rebuild]
                                    [--demo-db NAME] [--province-db NAME] [--postgres URL] [--redis URL]
    (or: make bench-pages)

The script starts its own gunicorn (`cchc_portal.wsgi`, 2 sync workers, 127.0.0.1 on a
free port) with DJANGO_DEBUG=0, a fresh secret key, static files collected into a
temporary folder and `CCHC_QUERY_COUNT_HEADER=1`, once per database:

- the demo province (`--demo-db`, built with `migrate` + `load_demo` when missing);
- a synthetic province of real size (`--province-db`, built with `migrate` +
  `make_province` when missing; "—" in the table while that command does not exist).

Each demo role logs in through the login form, the objects to open are found through
the API as that role, and every page gets 2 warm-up requests and `--repeat` timed ones
(median). The denominator is `/ping`, a login-required page that does nothing (timed
3 × `--repeat` times for its own row), timed `--repeat` times by the same user alternately
with each page's and each inline action's timed requests, just before each: every ratio
divides by that neighbouring median, so that the speed of a shared machine, which drifts
over a run, cancels out. The inline actions are timed `--repeat` times each too:
a finding (recorded for the purpose and deleted afterwards, untimed) is saved the way the
visit page does it, with its version each time; the unit head reports a task done and
its team returns it (untimed) before the next report. The task page opens another task.

As in production, Redis (`--redis`, database 12 of the machine's by default, emptied
before each database is measured) is the cache and the broker, and a Celery worker on a
queue of its own does what users queue: a long export is written by it while the request
only records it, as users meet it. Not production: plain HTTP (the cookies are Secure;
the client sends them to 127.0.0.1 anyway, as a TLS proxy would). Prints a table and writes it to `bench/results/pages-<date>-<time>.json`.
The bench databases keep what the actions wrote (the task's timeline, notifications);
`--rebuild` starts them afresh.
The exit status is 0 whatever is measured; 1 only when nothing could be measured.
"""

import argparse
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from harness import (
    ROOT,
    BenchError,
    Client,
    FormFields,
    Response,
    Server,
    Worker,
    database_options,
    database_url,
    ensure_database,
    has_make_province,
    log,
    manage,
    markdown_table,
    parse_local,
    production_env,
)
from redis import Redis

sys.path.insert(0, str(ROOT))
from core.samples import BLANK_PDF

ROLES = ["admin", "noivu", "truongdoan", "thanhvien", "donvi"]
WARM_UPS = 2
TRIVIAL = "trivial page (/ping: layout only)"
TRIVIAL_SAMPLES = 3  # the trivial page gets 3 × --repeat timed requests
FINDING_TEXT = "Việc niêm yết công khai thủ tục hành chính tại bộ phận một cửa chưa đầy đủ (benchmark)."
RATIO_TARGET = 3.0
GROWTH_TARGET = 1.5
# A tiny whole PDF that passes the evidence check, for directives that require evidence.
EVIDENCE_PDF = BLANK_PDF


def metrics(responses: list[Response]) -> dict:
    last = responses[-1]
    wire = len(last.body)
    raw = len(last.decoded())
    bad = [r.status for r in responses if r.status >= 400]
    return {
        "ms": round(statistics.median(r.seconds for r in responses) * 1000, 2),
        "queries": int(last.headers.get("X-Query-Count", -1)),
        "bytes": wire,
        "raw_bytes": raw if raw != wire else None,
        "status": bad[0] if bad else last.status,
        "runs": len(responses),
    }


def with_trivial(row: dict, pings: list[float]) -> dict:
    """`row` with the median of the trivial page timed alternately with it, which its ratio divides by."""
    return {**row, "trivial_ms": round(statistics.median(pings) * 1000, 2)}


def measure_get(client: Client, path: str, repeat: int, headers: dict | None = None) -> dict:
    """Warm-ups first (both gunicorn workers), then `repeat` timed requests."""
    for _ in range(WARM_UPS):
        client.get(path, headers)
    return metrics([client.get(path, headers) for _ in range(repeat)])


class Province:
    """One database behind one server: its signed-in roles, the objects found, the rows measured."""

    def __init__(self, server: Server, repeat: int, synthetic: bool, env: dict):
        self.repeat, self.synthetic, self.env = repeat, synthetic, env
        self.rows: dict[str, dict] = {}
        self.notes: list[str] = []
        self.users = {}
        for username in ROLES:
            self.users[username] = client = Client(server.base, username)
            client.login()

    # The objects to open, found as the roles that open them.

    def find_objects(self) -> dict:
        noivu, lead, head = self.users["noivu"], self.users["truongdoan"], self.users["donvi"]
        visit = self.live_visit(lead)
        # The task the unit head reports done is changed by every run; the task page opens another one.
        action_task = self.submittable_task(head)
        tasks = [t for t in head.api("tasks/?page_size=50")["results"] if t["id"] != (action_task or {}).get("id")]
        page_task = tasks[0] if tasks else action_task
        directive = head.api(f"directives/{page_task['directive']}/") if page_task else None
        documents = lead.api("documents/?page_size=1")["results"] or noivu.api("documents/?page_size=1")["results"]
        found = {
            "visit": visit["id"],
            "plan": visit["plan"],
            "task": page_task["id"] if page_task else None,
            "action_task": action_task["id"] if action_task else None,
            "directive_visit": directive["inspection"] if directive else visit["id"],
            "document": documents[0]["id"] if documents else None,
            "province_unit": noivu.api("units/?page_size=1")["results"][0]["id"],
            "own_unit": head.api("me/")["unit"],
        }
        log(f"  objects: {found}")
        return found

    def live_visit(self, lead: Client) -> dict:
        """The synthetic province names its live visit; on the demo it is today's visit of the current plan."""
        if self.synthetic:
            probe = "from cchc_portal.synthetic import live_visit; print(live_visit().pk)"
            result = manage(self.env, "shell", "-c", probe, check=False)
            answer = (result.stdout.strip().splitlines() or [""])[-1]
            if result.returncode == 0 and answer.isdigit():
                return lead.api(f"inspections/{answer}/")
            self.notes.append("cchc_portal.synthetic.live_visit() not usable; took the biggest visit in progress")
            candidates = lead.api(f"inspections/?status=in_progress&year={datetime.date.today().year}&page_size=50")
            visits = candidates["results"]
            if visits:
                return max(visits, key=lambda v: lead.api(f"findings/?inspection={v['id']}&page_size=1")["count"])
        visits = lead.api("inspections/?when=today")["results"]
        if not visits:
            raise BenchError("truongdoan has no visit today")
        return visits[0]

    def submittable_task(self, head: Client) -> dict | None:
        """The first of the unit head's tasks that they may report done now."""
        for status in ("open", "in_progress", "returned"):
            for task in head.api(f"tasks/?status={status}&page_size=50")["results"]:
                detail = head.api(f"tasks/{task['id']}/")
                if "submit" in detail["actions"]:
                    return detail
        return None

    # Pages.

    def pages(self, found: dict) -> list[tuple[str, str, str]]:
        """(label, role, path) of every main page, for the roles that use it."""
        search = "/inspections/findings/?search="
        visit, plan, unit = found["visit"], found["plan"], found["province_unit"]
        pages = [
            (TRIVIAL, "admin", "/ping"),
            *((f"home ({role})", role, "/") for role in ROLES),
            *((f"plan list ({role})", role, "/inspections/plans/") for role in ("noivu", "truongdoan")),
            *((f"plan page ({role})", role, f"/inspections/plans/{plan}/") for role in ("noivu", "truongdoan")),
            *((f"visit list ({role})", role, "/inspections/visits/") for role in ("noivu", "truongdoan", "donvi")),
            *((f"visit page ({role})", role, f"/inspections/visits/{visit}/") for role in ("truongdoan", "thanhvien")),
            *(
                (f"findings search '{words}' ({role})", role, search + urllib.parse.quote(words))
                for role in ("noivu", "thanhvien")
                for words in ("thủ tục", "thu tuc")
            ),
            *((f"task list ({role})", role, "/remediation/tasks/") for role in ("noivu", "truongdoan", "donvi")),
            *((f"on-time table ({role})", role, "/remediation/tasks/on-time/") for role in ("noivu", "truongdoan")),
            *((f"documents list ({role})", role, "/documents/") for role in ("noivu", "truongdoan", "donvi")),
            ("outgoing register (noivu)", "noivu", "/documents/register/"),
            # Over 1,000 rows (the province) it is queued for a worker: the request only records it.
            ("outgoing register XLSX (noivu)", "noivu", "/documents/register/?format=xlsx"),
            # The dashboard without filters (no filter is remembered for the lists measured after it):
            # as read most often (figures counted in the last minutes), and counted afresh.
            *((f"dashboard ({role})", role, "/dashboard/") for role in ("noivu", "truongdoan", "donvi")),
            ("dashboard, counted afresh (noivu)", "noivu", "/dashboard/?fresh=1"),
            ("dashboard XLSX (noivu)", "noivu", "/dashboard/?format=xlsx"),
            ("unit's inspection history (donvi)", "donvi", f"/dashboard/units/{found['own_unit']}/"),
            *((f"directives list ({role})", role, "/remediation/directives/") for role in ("noivu", "truongdoan")),
            *((f"unit list ({role})", role, "/units/") for role in ("admin", "noivu", "donvi")),
            *((f"unit page, province ({role})", role, f"/units/{unit}/") for role in ("admin", "noivu")),
            ("unit page, own unit (donvi)", "donvi", f"/units/{found['own_unit']}/"),
            *((f"notifications ({role})", role, "/notifications/") for role in ("truongdoan", "donvi")),
            *((f"audit log ({role})", role, "/audit/") for role in ("admin", "noivu")),
            *(
                (f"directives of a visit ({role})", role, f"/remediation/visits/{found['directive_visit']}/directives/")
                for role in ("truongdoan", "thanhvien")
            ),
        ]
        if found["task"]:
            pages += [
                (f"task page ({role})", role, f"/remediation/tasks/{found['task']}/")
                for role in ("donvi", "truongdoan")
            ]
        if found["document"]:
            pages += [
                (f"document page ({role})", role, f"/documents/{found['document']}/")
                for role in ("noivu", "truongdoan")
            ]
        for name in ("units", "plans", "inspections", "findings", "directives", "tasks", "documents", "notifications"):
            pages.append((f"API {name}/ (noivu)", "noivu", f"/api/v1/{name}/"))
        for name in ("findings", "documents"):
            pages.append((f"API {name}/?page_size=200 (noivu)", "noivu", f"/api/v1/{name}/?page_size=200"))
        pages.append(("API stats/ (noivu)", "noivu", "/api/v1/stats/"))
        pages.append(("API stats/?fresh=1 (noivu)", "noivu", "/api/v1/stats/?fresh=1"))
        return pages

    def measure_pages(self, found: dict) -> None:
        for label, role, path in self.pages(found):
            client = self.users[role]
            if path == "/ping":  # its own row: more samples than the pages it divides
                self.record(label, measure_get(client, path, self.repeat * TRIVIAL_SAMPLES))
                continue
            self.record(label, self.alternately(client, path))

    def alternately(self, client: Client, path: str, headers: dict | None = None) -> dict:
        """`path` timed with the trivial page alternately: a drift of the machine's speed touches both.
        The ping first: a page that queues a worker's job (an export) slows its own next run, never
        the denominator."""
        for _ in range(WARM_UPS):
            client.get(path, headers)
        pages, pings = [], []
        for _ in range(self.repeat):
            pings.append(client.get("/ping").seconds)
            pages.append(client.get(path, headers))
        return with_trivial(metrics(pages), pings)

    def record(self, label: str, row: dict) -> None:
        self.rows[label] = row
        trivial = row.get("trivial_ms") or self.rows[TRIVIAL]["ms"]
        extra = f" HTTP {row['status']}" if row["status"] >= 400 else ""
        log(f"  {label:<48} {row['ms']:8.1f} ms  ×{row['ms'] / trivial:6.2f}  {row['queries']:>4} q{extra}")

    # Inline actions.

    def save_finding(self, visit: int) -> None:
        """Save a finding the way the visit page does: its htmx edit form, then the form's htmx POST.

        On a fresh finding (recorded and deleted again through the API, untimed), so that the
        change history the visit page shows does not grow from run to run. Each save sends
        the version read from the API just before, as the page's form carries it.
        """
        member = self.users["thanhvien"]
        finding = self.record_finding(member, visit)
        if finding is None:
            return
        try:
            edit_url = f"/inspections/findings/{finding}/edit/"
            htmx = {"HX-Request": "true"}
            self.record("finding edit form, htmx GET (thanhvien)", self.alternately(member, edit_url, htmx))
            parser = FormFields(edit_url)
            parser.feed(member.get(edit_url, htmx).text)
            fields = parser.fields
            if "text" not in fields:
                self.notes.append("finding save skipped: no edit form")
                return
            htmx["HX-Target"] = f"area-{fields.get('area', '')}"
            timed, pings = [], []
            for run in range(self.repeat):
                fields["version"] = member.api(f"findings/{finding}/")["version"]
                fields["text"] = FINDING_TEXT + (" (đã rà soát)" if run % 2 == 0 else "")
                pings.append(member.get("/ping").seconds)  # alternately, as the pages
                answer = member.post_form(edit_url, fields, htmx)
                if answer.headers.get("X-Form-Errors"):  # the form came back: errors or a conflict, nothing saved
                    answer.status = 400
                timed.append(answer)
            self.record("save a finding, htmx POST (thanhvien)", with_trivial(metrics(timed), pings))
        finally:
            version = member.api(f"findings/{finding}/")["version"]
            gone = member.request("DELETE", f"/api/v1/findings/{finding}/?version={version}", headers=member.csrf())
            if gone.status != 204:
                self.notes.append(f"the bench's finding {finding} could not be deleted (HTTP {gone.status})")

    def record_finding(self, member: Client, visit: int) -> int | None:
        """Untimed: a finding in the area of the visit's first finding (or the first area)."""
        first = member.api(f"findings/?inspection={visit}&page_size=1")["results"]
        area = (
            first[0]["area"] if first else member.api("reform-areas/?is_active=true&page_size=1")["results"][0]["code"]
        )
        data = {"inspection": visit, "area": area, "kind": "shortcoming", "text": FINDING_TEXT}
        created = member.post_json("/api/v1/findings/", data)
        if created.status != 201:
            self.notes.append(f"finding save skipped: recording one failed (HTTP {created.status})")
            return None
        return created.json()["id"]

    def submit_task(self, task_id: int | None) -> None:
        """The unit head reports a task done from its page (multipart, with the version); the team returns it."""
        head = self.users["donvi"]
        timed, pings = [], []
        for _ in range(self.repeat):
            task = head.api(f"tasks/{task_id}/") if task_id else None
            if not task or "submit" not in task["actions"]:
                task = self.submittable_task(head)
                if not task:
                    break
                task_id = task["id"]
            directive = head.api(f"directives/{task['directive']}/")
            files = (
                {"files": ("bien-ban.pdf", EVIDENCE_PDF, "application/pdf")} if directive["requires_evidence"] else {}
            )
            fields = {
                "csrfmiddlewaretoken": head.cookie("csrftoken"),
                "note": "Đơn vị đã hoàn thành việc khắc phục (benchmark).",
                "effective_on": "",
                "version": task["version"],
                "submit": "1",
            }
            pings.append(head.get("/ping").seconds)
            answer = head.post_multipart(f"/remediation/tasks/{task_id}/report/", fields, files)
            if answer.status != 302:
                answer.status = max(answer.status, 400)  # the page again: the form had errors
            timed.append(answer)
            self.return_task(task_id)
        if timed:
            self.record("report a task done, POST (donvi)", with_trivial(metrics(timed), pings))
        else:
            self.notes.append("no task that donvi may report done")

    def return_task(self, task_id: int) -> None:
        """Untimed: someone of the team sends the report back, so that it can be reported again."""
        for username in ("truongdoan", "thanhvien", "noivu", "admin"):
            client = self.users[username]
            task = client.get(f"/api/v1/tasks/{task_id}/")
            if task.status == 200 and "return" in task.json()["actions"]:
                data = {"reason": "Bổ sung minh chứng (benchmark).", "version": task.json()["version"]}
                client.post_json(f"/api/v1/tasks/{task_id}/return/", data)
                return


def run_province(name: str, url: str, synthetic: bool, repeat: int, env: dict, workdir: Path, redis: str) -> Province:
    # The bench's own Redis database, emptied: nothing cached by an earlier run or another database is read.
    Redis.from_url(redis).flushdb()
    env = {**env, "DATABASE_URL": url, "REDIS_URL": redis, "CELERY_QUEUE": f"cchc-pages-{os.getpid()}-{name}"}
    server = Server(env, workdir, name)
    worker = Worker(env, workdir, name)
    try:
        server.wait_ready()
        log(f"  gunicorn on {server.base} (process group {server.process.pid}), a worker on {env['CELERY_QUEUE']}")
        province = Province(server, repeat, synthetic, env)
        found = province.find_objects()
        province.measure_pages(found)
        province.save_finding(found["visit"])
        province.submit_task(found["action_task"])
        return province
    finally:
        server.stop()
        worker.stop()


# --- the table --------------------------------------------------------------------


def size(row: dict) -> str:
    text = f"{row['bytes'] / 1000:.1f}k"
    return f"{text} gz ({row['raw_bytes'] / 1000:.1f}k)" if row["raw_bytes"] else text


def build_rows(results: dict[str, Province]) -> list[dict]:
    labels = list(dict.fromkeys(label for province in results.values() for label in province.rows))
    rows = []
    for label in labels:
        row = {"page": label, "flags": []}
        for key, province in results.items():
            measured = province.rows.get(label)
            if measured is None:
                continue
            trivial = measured.get("trivial_ms") or province.rows[TRIVIAL]["ms"]
            measured = {**measured, "ratio": round(measured["ms"] / trivial, 3)}
            row[key] = measured
            if measured["ratio"] > RATIO_TARGET:
                row["flags"].append(f"{key} >{RATIO_TARGET:g}×")
            if measured["status"] >= 400:
                row["flags"].append(f"{key} HTTP {measured['status']}")
        if "demo" in row and "province" in row:
            row["growth"] = round(row["province"]["ratio"] / row["demo"]["ratio"], 3)
            if row["growth"] > GROWTH_TARGET:
                row["flags"].append(f"growth >{GROWTH_TARGET:g}")
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    head = ["page", "demo ms", "× trivial", "queries", "bytes"]
    head += ["province ms", "× trivial", "queries", "bytes", "growth", "flag"]
    lines = [head]
    for row in rows:
        cells = [row["page"]]
        for key in ("demo", "province"):
            measured = row.get(key)
            if measured:
                cells += [f"{measured['ms']:.1f}", f"{measured['ratio']:.2f}", str(measured["queries"]), size(measured)]
            else:
                cells += ["—"] * 4
        cells.append(f"{row['growth']:.2f}" if "growth" in row else "—")
        cells.append(", ".join(row["flags"]) or "")
        lines.append(cells)
    return markdown_table(lines, numeric=set(range(1, len(head) - 1)))


def git_commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return result.stdout.strip() + ("+changes" if dirty.strip() else "")


# --- main -------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["demo", "province"], help="measure one database only")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page (median; default 7)")
    database_options(parser, redis="redis://127.0.0.1:6379/12")
    options = parse_local(parser)
    options.repeat = max(1, options.repeat)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the server is stopped as on Ctrl-C

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-pages-") as work:
        workdir = Path(work)
        env = production_env(workdir)
        wanted = [options.only] if options.only else ["demo", "province"]
        notes = []
        if "province" in wanted and not has_make_province(env):
            wanted.remove("province")
            notes.append("province: `manage.py make_province` does not exist yet; its columns show —")
        results: dict[str, Province] = {}
        try:
            if wanted:
                log("collectstatic …")
                manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            for key in wanted:
                name = options.demo_db if key == "demo" else options.province_db
                loader = "load_demo" if key == "demo" else "make_province"
                ensure_database(options.postgres, name, loader, env, options.rebuild)
                log(f"{key} ({name}): gunicorn, 2 sync workers, {WARM_UPS} warm-ups + {options.repeat} timed per page")
                url = database_url(options.postgres, name)
                results[key] = run_province(name, url, key == "province", options.repeat, env, workdir, options.redis)
                notes += [f"{key}: {note}" for note in results[key].notes]
        except KeyboardInterrupt:
            log("interrupted; the server is stopped")
            return 130
        except BenchError as error:
            log(f"bench stopped: {error}")
            if not results:
                return 1
            notes.append(f"stopped early: {str(error).splitlines()[0]}")

    if not results:
        print("\n".join(f"note: {note}" for note in notes) or "nothing to measure")
        return 0
    rows = build_rows(results)
    pages = [row for row in rows if row["page"] != TRIVIAL]
    flagged = [row for row in pages if row["flags"]]
    summary = f"{len(flagged)} of {len(pages)} pages over target (> {RATIO_TARGET:g}× trivial, or growth > {GROWTH_TARGET:g}×)"
    print(table(rows))
    for note in notes:
        print(f"note: {note}")
    print(summary)

    stamp = datetime.datetime.now()
    out = ROOT / "bench" / "results" / f"pages-{stamp:%Y-%m-%d-%H%M}.json"
    out.parent.mkdir(exist_ok=True)
    report = {
        "date": stamp.isoformat(timespec="seconds"),
        "commit": git_commit(),
        "repeat": options.repeat,
        "warm_ups": WARM_UPS,
        "targets": {"ratio": RATIO_TARGET, "growth": GROWTH_TARGET},
        "databases": {key: (options.demo_db if key == "demo" else options.province_db) for key in results},
        "rows": rows,
        "notes": notes,
        "summary": summary,
        "seconds": round(time.perf_counter() - started),
    }
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)} in {report['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
