"""Load: a province's people at work at once, against gunicorn + PostgreSQL + Redis + a Celery worker.

    .venv/bin/python bench/load.py [--only demo|province] [--users 50] [--seconds 60] [--warm-up 15]
                                   [--demo-db NAME] [--province-db NAME] [--postgres URL] [--redis URL]
    (or: make bench-load)

For each bench database (the same ones as `bench/pages.py`, built once the same way) the
script starts, on 127.0.0.1 only, gunicorn with production settings (3 workers × 4 threads),
one Celery worker (concurrency 1) on a queue of its own in the machine's Redis (database 13
unless --redis says otherwise), then drives them with locust (the library, in this process):

- inspectors (thanhvien, weight 3): the live visit's page, a finding of their own saved
  through the visit page's htmx form with its version, the findings search, home;
- unit heads (donvi, weight 2): home, task list, a task's page, and a task reported done with
  a PDF as evidence (each user takes a task of its own; the team sends it back, as "(setup)");
- Home Affairs (noivu, weight 2): documents, register, task list, findings search, dashboard,
  visits, and a letter rendered by the worker: its draft edited (so its PDF is stale), the PDF
  asked for, then its status fragment polled every 2 s until done, as the document page does
  ("(poll)" rows); the plan's remediation letter (its plan document where it has no directive,
  as the demo's live plan), and one time in ten its results report (the heaviest document: 60
  pages on the province);
- everyone: the trivial page `/ping` (login required, layout only), the denominator.

Each user waits 1-3 s between actions. Users start at 10 a second; the figures are counted
from `--warm-up` seconds (15) after all have signed in and set up, for `--seconds`: what a
season meets is the steady state, with the caches it keeps warm (the dashboard's figures, the
pickers, the list counts) and every gunicorn worker past its first request of each page, as
`bench/pages.py` warms each page up before timing it. A run started cold put the first count of
the province's dashboard figures (~200 ms, the others waiting for it) inside the measured minute. Prints requests per second, p50/p95/p99 per page,
errors, and each page's p95 against the trivial page's p50 under the same load (target 5×);
writes `bench/results/load-<date>-<time>.json`. Exit status 0 whatever is measured; 1 when
nothing could be measured.
"""

from gevent import monkey

monkey.patch_all()  # locust's own requirement: before anything opens a socket

import argparse  # noqa: E402
import datetime  # noqa: E402
import http.cookiejar  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from harness import (  # noqa: E402
    PASSWORD,
    ROOT,
    BenchError,
    Client,
    FormFields,
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
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(ROOT))
from core.samples import BLANK_PDF  # noqa: E402

TRIVIAL = "/ping (trivial)"
TARGET = 5.0  # every page's p95 within 5× the trivial page's p50
SPAWN_RATE = 10
POLL_SECONDS = 60
REPORT_SHARE = 0.1  # Home Affairs renders letters; now and then the plan's results report
POLL_EVERY = 2  # the page's hx-trigger="load delay:2s" (templates/reports/_pdf_status.html)
FINDING_TEXT = "Việc niêm yết công khai thủ tục hành chính chưa đầy đủ (kiểm thử tải)."


# The production cookies are Secure, and requests builds a fresh cookie jar for every request, with
# the default policy: send them over plain HTTP anyway (this process talks to 127.0.0.1 only).
http.cookiejar.DefaultCookiePolicy.return_ok_secure = lambda policy, cookie, request: True


class Shared:
    """What the users act on, found before the load: the live visit, tasks to report, a plan."""

    visit: int = 0
    area: str = ""
    plan: int = 0
    tasks: list[int] = []
    leader: Client | None = None  # the team leader, who sends reports back (untimed)
    ready: int = 0  # users signed in and set up: the figures count from when all are


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        self.sign_in()
        self.set_up()
        Shared.ready += 1

    def set_up(self):
        """What a user prepares before working (untimed rows, "(setup)")."""

    def sign_in(self):
        form = self.client.get("/accounts/login/", name="(setup) login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        fields = {"csrfmiddlewaretoken": token.group(1) if token else "", "username": self.username}
        fields.update(password=PASSWORD, next="")
        self.client.post(
            "/accounts/login/", data=fields, headers=self.csrf(), name="(setup) login", allow_redirects=False
        )

    def csrf(self) -> dict:
        return {"Origin": self.host, "X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def page(self, path: str, name: str | None = None, **kwargs):
        return self.client.get(path, name=name or path, **kwargs)

    def api_json(self, path: str, name: str):
        answer = self.client.get(f"/api/v1/{path}", name=name)
        return answer.json() if answer.status_code == 200 else None

    @task(2)
    def trivial(self):
        self.page("/ping", TRIVIAL)


class Inspector(PortalUser):
    weight = 3
    username = "thanhvien"
    finding = None

    def set_up(self):
        data = {"inspection": Shared.visit, "area": Shared.area, "kind": "shortcoming", "text": FINDING_TEXT}
        created = self.client.post("/api/v1/findings/", json=data, headers=self.csrf(), name="(setup) record a finding")
        self.finding = created.json()["id"] if created.status_code == 201 else None

    def on_stop(self):
        if self.finding:
            version = (self.api_json(f"findings/{self.finding}/", "(setup) finding") or {}).get("version")
            path = f"/api/v1/findings/{self.finding}/?version={version}"
            self.client.delete(path, headers=self.csrf(), name="(setup) delete the finding")

    @task(4)
    def visit_page(self):
        self.page(f"/inspections/visits/{Shared.visit}/", "visit page (inspector)")

    @task(3)
    def save_finding(self):
        if not self.finding:
            return
        path = f"/inspections/findings/{self.finding}/edit/"
        form = self.client.get(path, headers={"HX-Request": "true"}, name="finding edit form, htmx (inspector)")
        parser = FormFields(path)
        parser.feed(form.text)
        fields = parser.fields
        fields["text"] = FINDING_TEXT + random.choice(["", " Đã rà soát."])
        headers = {**self.csrf(), "HX-Request": "true", "HX-Target": f"area-{fields.get('area', '')}"}
        with self.client.post(
            path, data=fields, headers=headers, name="save a finding, htmx", catch_response=True
        ) as r:
            if r.headers.get("X-Form-Errors"):
                r.failure(f"the form came back: {r.headers['X-Form-Errors']}")

    @task(1)
    def search(self):
        self.page("/inspections/findings/?search=th%E1%BB%A7+t%E1%BB%A5c", "findings search (inspector)")

    @task(1)
    def home(self):
        self.page("/", "home (inspector)")


class UnitHead(PortalUser):
    weight = 2
    username = "donvi"
    task_id = None

    def set_up(self):
        if Shared.tasks:
            self.task_id = Shared.tasks.pop()

    @task(2)
    def home(self):
        self.page("/", "home (unit head)")

    @task(2)
    def task_list(self):
        self.page("/remediation/tasks/", "task list (unit head)")

    @task(2)
    def task_page(self):
        if self.task_id:
            self.page(f"/remediation/tasks/{self.task_id}/", "task page (unit head)")

    @task(2)
    def report_done(self):
        if not self.task_id:
            return
        detail = self.api_json(f"tasks/{self.task_id}/", "API task detail (unit head)")
        if not detail or "submit" not in detail["actions"]:
            return
        fields = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), "effective_on": ""}
        fields.update(note="Đã hoàn thành khắc phục (kiểm thử tải).", version=detail["version"], submit="1")
        files = {"files": ("bien-ban.pdf", BLANK_PDF, "application/pdf")}
        path = f"/remediation/tasks/{self.task_id}/report/"
        with self.client.post(
            path, data=fields, files=files, headers=self.csrf(), name="report a task done, with evidence",
            allow_redirects=False, catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"HTTP {answer.status_code}: the form came back")
        send_back(self.task_id)


def send_back(task_id: int) -> None:
    """Untimed: the team returns the report, so that it can be reported again."""
    leader = Shared.leader
    if leader is None:
        return
    task_detail = leader.get(f"/api/v1/tasks/{task_id}/")
    if task_detail.status == 200 and "return" in task_detail.json()["actions"]:
        data = {"reason": "Bổ sung minh chứng (kiểm thử tải).", "version": task_detail.json()["version"]}
        leader.post_json(f"/api/v1/tasks/{task_id}/return/", data)


class HomeAffairs(PortalUser):
    weight = 2
    username = "noivu"

    def set_up(self):
        # The plan's remediation letter; where the plan has no directive yet, its plan document.
        letter = self.draft("remediation_letter") or self.draft("plan")
        self.drafts = {"letter": letter, "report": self.draft("report")}  # this user's own drafts

    def draft(self, kind: str) -> dict | None:
        data = {"kind": kind, "plan": Shared.plan}
        created = self.client.post("/api/v1/documents/", json=data, headers=self.csrf(), name=f"(setup) draft a {kind}")
        return created.json() if created.status_code == 201 else None

    @task(2)
    def documents(self):
        self.page("/documents/", "documents list (Home Affairs)")

    @task(1)
    def register(self):
        self.page("/documents/register/", "register (Home Affairs)")

    @task(2)
    def task_list(self):
        self.page("/remediation/tasks/", "task list (Home Affairs)")

    @task(1)
    def search(self):
        self.page("/inspections/findings/?search=thu+tuc", "findings search (Home Affairs)")

    @task(1)
    def dashboard(self):
        self.page("/dashboard/", "dashboard (Home Affairs)")

    @task(1)
    def visits(self):
        self.page("/inspections/visits/", "visit list (Home Affairs)")

    @task(1)
    def render_letter(self):
        """Edit a draft (its PDF is then stale), ask for the PDF, wait for the worker: mostly the plan's
        remediation letter (2 pages on the demo, 27 on the province; its plan document where it has
        no directive), one time in REPORT_SHARE its results report (60 pages on the province)."""
        which = "report" if random.random() < REPORT_SHARE else "letter"
        document = getattr(self, "drafts", {}).get(which)
        if not document:
            return
        pk, version = document["id"], document["version"]
        note = f"Kiểm thử tải {random.randint(1, 10**6)}"
        edited = self.client.patch(
            f"/api/v1/documents/{pk}/", json={"register_note": note, "version": version}, headers=self.csrf(),
            name="API edit a draft (Home Affairs)",
        )  # fmt: skip
        if edited.status_code != 200:
            return
        self.drafts[which] = edited.json()
        started = time.perf_counter()
        # As the document page does: the htmx form asks, then its status fragment polls every 2 s.
        htmx = {**self.csrf(), "HX-Request": "true"}
        label = f"{document['kind']} rendered by the worker (asked → done)"
        with self.client.post(
            f"/documents/{pk}/render/", headers=htmx, name="ask for a PDF", allow_redirects=False, catch_response=True
        ) as asked:
            # The answer is the status fragment: the new PDF waiting, under way or (a fast worker) done;
            # the draft was just edited, so an earlier PDF no longer counts as done.
            found = re.search(r'data-status="(\w+)"', asked.text) if asked.status_code == 200 else None
            if not found or found.group(1) not in ("queued", "rendering", "done"):
                asked.failure(f"HTTP {asked.status_code}, status {found.group(1) if found else 'not shown'}")
                return
        fired = "no answer"
        while time.perf_counter() - started < POLL_SECONDS:
            gevent.sleep(POLL_EVERY)
            status = self.client.get(f"/documents/{pk}/status/", headers=htmx, name="(poll) PDF status fragment")
            found = re.search(r'data-status="(\w+)"', status.text) if status.status_code == 200 else None
            fired = found.group(1) if found else "no answer"
            if fired in ("done", "failed"):
                break
        self.environment.events.request.fire(
            request_type="JOB", name=label,
            response_time=(time.perf_counter() - started) * 1000, response_length=0,
            exception=None if fired == "done" else RuntimeError(f"PDF {fired}"), context={},
        )  # fmt: skip


# --- before and after the load --------------------------------------------------------


def find_objects(base: str) -> None:
    """The live visit (the biggest visit in progress of truongdoan's), a plan, the tasks donvi may report."""
    lead, head = Client(base, "truongdoan"), Client(base, "donvi")
    lead.login(), head.login()
    Shared.leader = lead
    visits = (
        lead.api("inspections/?status=in_progress&page_size=50")["results"]
        or lead.api("inspections/?when=today")["results"]
    )
    if not visits:
        raise BenchError("truongdoan has no visit in progress")
    visit = max(visits, key=lambda v: lead.api(f"findings/?inspection={v['id']}&page_size=1")["count"])
    first = lead.api(f"findings/?inspection={visit['id']}&page_size=1")["results"]
    Shared.visit, Shared.plan = visit["id"], visit["plan"]
    Shared.area = first[0]["area"] if first else lead.api("reform-areas/?page_size=1")["results"][0]["code"]
    tasks = []
    for status in ("open", "in_progress", "returned"):
        for row in head.api(f"tasks/?status={status}&page_size=50")["results"]:
            if "submit" in head.api(f"tasks/{row['id']}/")["actions"]:
                tasks.append(row["id"])
    Shared.tasks = tasks
    log(f"  visit {Shared.visit} (plan {Shared.plan}, area {Shared.area}); {len(tasks)} tasks donvi may report")


def percentile(entry, fraction: float) -> float:
    return float(entry.get_response_time_percentile(fraction) or 0)


def summarise(environment, seconds: float) -> dict:
    stats = environment.stats
    trivial = stats.entries.get((TRIVIAL, "GET"))
    trivial_p50 = percentile(trivial, 0.5) if trivial else 0
    rows = []
    for (name, method), entry in sorted(stats.entries.items(), key=lambda item: item[0][0]):
        if not entry.num_requests:
            continue
        p95 = percentile(entry, 0.95)
        timed = not name.startswith("(") and method != "JOB"
        ratio = round(p95 / trivial_p50, 2) if trivial_p50 and timed else None
        rows.append({
            "page": name, "method": method, "requests": entry.num_requests, "errors": entry.num_failures,
            "p50": percentile(entry, 0.5), "p95": p95, "p99": percentile(entry, 0.99), "ratio": ratio,
            "over": bool(ratio and ratio > TARGET and name != TRIVIAL),
        })  # fmt: skip
    total = stats.total
    errors = [
        {"page": error.name, "error": str(error.error)[:200], "count": error.occurrences}
        for error in stats.errors.values()
    ]
    return {
        "seconds": round(seconds, 1),
        "requests": total.num_requests,
        "rps": round(total.num_requests / seconds, 1) if seconds else 0,
        "errors": total.num_failures,
        "trivial_p50": trivial_p50,
        "rows": rows,
        "error_samples": errors[:20],
    }


def table(result: dict) -> str:
    head = ["page", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "p95 / trivial p50"]
    lines = [head]
    for row in result["rows"]:
        ratio = f"{row['ratio']:.1f}{' >5×' if row['over'] else ''}" if row["ratio"] is not None else "—"
        cells = [row["page"], row["requests"], row["errors"], row["p50"], row["p95"], row["p99"], ratio]
        lines.append([str(cell) if not isinstance(cell, float) else f"{cell:.0f}" for cell in cells])
    return markdown_table(lines, numeric=set(range(1, len(head))))


def run_load(key: str, url: str, options, env: dict, workdir: Path) -> dict:
    queue = f"cchc-load-{os.getpid()}-{key}"
    env = {
        **env,
        "DATABASE_URL": url,
        "REDIS_URL": options.redis,
        "CELERY_QUEUE": queue,
        "CCHC_QUERY_COUNT_HEADER": "0",
    }
    server = Server(env, workdir, key, workers=3, threads=4)
    worker = Worker(env, workdir, key, concurrency=1)
    try:
        server.wait_ready()
        log(f"  gunicorn on {server.base}, a worker on queue {queue}")
        find_objects(server.base)
        environment = Environment(user_classes=[Inspector, UnitHead, HomeAffairs], host=server.base)
        runner = environment.create_local_runner()
        Shared.ready = 0
        runner.start(options.users, spawn_rate=SPAWN_RATE)
        # Signing 50 people in at once is its own burst (password hashing): it is not what is measured.
        deadline = time.monotonic() + options.users / SPAWN_RATE + 120
        while Shared.ready < options.users and time.monotonic() < deadline:
            gevent.sleep(0.2)
        gevent.sleep(options.warm_up)
        environment.stats.reset_all()
        log(f"  {Shared.ready} users signed in and set up; measuring {options.seconds} s")
        started = time.perf_counter()
        gevent.sleep(options.seconds)
        elapsed = time.perf_counter() - started
        result = {**summarise(environment, elapsed), "warm_up_seconds": options.warm_up}
        runner.stop()
        runner.quit()
        return result
    finally:
        server.stop()
        worker.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["demo", "province"])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (at most 200)")
    parser.add_argument("--seconds", type=int, default=60, help="how long the load is measured (at most 600)")
    parser.add_argument(
        "--warm-up", type=int, default=15, help="seconds of the same load before measuring (at most 120)"
    )
    database_options(parser, redis="redis://127.0.0.1:6379/13", rebuild=False)
    options = parse_local(parser)
    # Bounded in users and time, whatever is asked.
    options.users, options.seconds = max(1, min(options.users, 200)), max(5, min(options.seconds, 600))
    options.warm_up = max(3, min(options.warm_up, 120))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    results, notes = {}, []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-load-") as work:
        workdir = Path(work)
        env = production_env(workdir)
        wanted = [options.only] if options.only else ["demo", "province"]
        if "province" in wanted and not has_make_province(env):
            wanted.remove("province")
        try:
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            for key in wanted:
                name = options.demo_db if key == "demo" else options.province_db
                ensure_database(options.postgres, name, "load_demo" if key == "demo" else "make_province", env, False)
                log(f"{key} ({name}): {options.users} users, {options.seconds} s")
                results[key] = run_load(key, database_url(options.postgres, name), options, env, workdir)
        except BenchError as error:
            log(f"load stopped: {error}")
            notes.append(f"stopped early: {str(error).splitlines()[0]}")
        except KeyboardInterrupt:
            return 130
    if not results:
        return 1
    for key, result in results.items():
        over = [row["page"] for row in result["rows"] if row["over"]]
        print(f"\n## {key}: {options.users} users, {result['seconds']} s, {result['rps']} requests/s, "
              f"{result['errors']} errors of {result['requests']}; trivial p50 {result['trivial_p50']:.0f} ms")  # fmt: skip
        print(table(result))
        print(f"{len(over)} pages with p95 over {TARGET:g}× the trivial p50" + (f": {', '.join(over)}" if over else ""))
        for sample in result["error_samples"]:
            print(f"error: {sample['page']}: {sample['error']} ×{sample['count']}")
    for note in notes:
        print(f"note: {note}")
    stamp = datetime.datetime.now()
    out = ROOT / "bench" / "results" / f"load-{stamp:%Y-%m-%d-%H%M}.json"
    out.parent.mkdir(exist_ok=True)
    report = {"date": stamp.isoformat(timespec="seconds"), "users": options.users, "target": TARGET, **results}
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
