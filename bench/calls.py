"""Work per page, counted rather than timed: Python function calls and SQL queries per request.

    .venv/bin/python bench/calls.py [--only demo|province] [--rebuild] [--plans]
                                    [--demo-db NAME] [--province-db NAME] [--postgres URL] [--redis URL]
    (or: make bench-calls)

`bench/pages.py` times pages against a real server; on a shared 2-core VM its figures drift by
±30 % from one run to the next, which hides a 10 % change. This counts instead: the same pages
(`pages.Province.pages`, the objects found the same way, as the same roles), each requested
in-process through Django's test client with production settings (DEBUG off, Redis as the
cache) on the same bench databases, 2 warm-ups, then the function calls of one request counted
by cProfile and its SQL queries. The count is the same on every run of the same code and data,
so a change shows as it is. The trivial page (`/ping`) is the denominator, as in pages.py.
Python calls are not time: waiting on PostgreSQL is not in them (EXPLAIN is for that), and a
call of Django's template engine costs more than a call to `str`. The inline actions (a finding
saved, a task reported) are not counted here; `bench/pages.py` times them.
Prints page | calls | × trivial | queries per database, and the growth from demo to province.
`--plans` adds what calls do not see: PostgreSQL's planning and execution time of the request's
SELECTs (EXPLAIN ANALYZE, the second of two runs; the longest planning of one query in brackets).
"""

import argparse
import cProfile
import datetime
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import (
    PYTHON,
    ROOT,
    BenchError,
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

WARM_UPS = 2


def measure(database: str, synthetic: bool, plans: bool = False) -> dict:
    """In the child process (Django set up for `database`): {label: {calls, queries, status}}, and with
    `plans` the PostgreSQL planning and execution ms of the request's SELECTs (`planned`)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pages import ROLES, TRIVIAL, Province

    class InProcessClient:
        """What `Province.find_objects` asks of a signed-in user: GET pages and API answers."""

        def __init__(self, username: str):
            self.client = Client(HTTP_HOST="127.0.0.1")
            self.client.force_login(get_user_model().objects.get(username=username))

        def get(self, path: str, headers: dict | None = None):
            return self.client.get(path, headers=headers or {})

        def api(self, path: str) -> dict:
            return self.get(f"/api/v1/{path}").json()

    province = Province.__new__(Province)  # its page list and object finders, without a server
    province.synthetic, province.notes, province.env = synthetic, [], dict(os.environ)
    province.users = {username: InProcessClient(username) for username in ROLES}
    found = province.find_objects()
    rows = {}
    for label, role, path in province.pages(found):
        user = province.users[role]
        for _ in range(WARM_UPS):
            user.get(path)
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profile.enable()
            response = user.get(path)
            profile.disable()
        rows[label] = {
            "calls": pstats.Stats(profile).total_calls,
            "queries": len(queries.captured_queries),
            "status": response.status_code,
        }
        if plans:
            rows[label].update(planned(connection, queries.captured_queries))
    rows[TRIVIAL]["trivial"] = True
    return rows


def planned(connection, captured: list[dict]) -> dict:
    """PostgreSQL's own planning and execution ms of each SELECT, summed (the second of two EXPLAIN
    ANALYZE, warm), and the longest planning. Calls do not see the planner: a scoped getter that
    joined 8 tables cost 2-5 ms of planning for a row fetched in 0.1 ms."""
    planning = execution = longest = 0.0
    with connection.cursor() as cursor:
        for query in captured:
            if not query["sql"].startswith("SELECT"):
                continue
            for _ in range(2):
                cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + query["sql"].replace("%", "%%"))
                text = "\n".join(row[0] for row in cursor.fetchall())
            plan = float(re.search(r"Planning Time: ([\d.]+)", text)[1])
            planning, execution = planning + plan, execution + float(re.search(r"Execution Time: ([\d.]+)", text)[1])
            longest = max(longest, plan)
    return {"planning_ms": round(planning, 2), "execution_ms": round(execution, 2), "longest_planning_ms": longest}


def child(options, env: dict, database: str, synthetic: bool) -> dict:
    """Counts in a process of its own, whose settings read `database`."""
    env = {**env, "DATABASE_URL": database_url(options.postgres, database), "REDIS_URL": options.redis}
    env["CELERY_QUEUE"] = f"cchc-calls-{os.getpid()}"
    command = [PYTHON, __file__, "--child", database] + (["--synthetic"] if synthetic else [])
    command += ["--plans"] if options.plans else []
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BenchError(f"counting {database} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(results: dict[str, dict]) -> tuple[str, list[dict]]:
    from pages import TRIVIAL

    labels = list(dict.fromkeys(label for rows in results.values() for label in rows))
    plans = bool(results) and all("planning_ms" in row for rows in results.values() for row in rows.values())
    columns = ("calls", "× trivial", "queries") + (("planning ms (longest)", "execution ms") if plans else ())
    lines, rows = [["page", *(f"{key} {what}" for key in results for what in columns)]], []
    if len(results) == 2:
        lines[0].append("growth")
    for label in labels:
        row, cells = {"page": label}, [label]
        for key, measured in results.items():
            found = measured.get(label)
            if found is None:
                cells += ["—"] * len(columns)
                continue
            ratio = found["calls"] / measured[TRIVIAL]["calls"]
            row[key] = {**found, "ratio": round(ratio, 3)}
            status = "" if found["status"] < 400 else f" (HTTP {found['status']})"
            cells += [f"{found['calls']:,}{status}", f"{ratio:.2f}", str(found["queries"])]
            if plans:
                cells += [
                    f"{found['planning_ms']:.2f} / {found['longest_planning_ms']:.2f}",
                    f"{found['execution_ms']:.2f}",
                ]
        if len(results) == 2:
            both = [row.get(key) for key in results]
            row["growth"] = round(both[1]["ratio"] / both[0]["ratio"], 3) if all(both) else None
            cells.append(f"{row['growth']:.2f}" if row["growth"] else "—")
        lines.append(cells)
        rows.append(row)
    return markdown_table(lines, set(range(1, len(lines[0])))), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["demo", "province"], help="count one database only")
    database_options(parser, redis="redis://127.0.0.1:6379/12")
    parser.add_argument(
        "--plans", action="store_true", help="also PostgreSQL's planning and execution ms of each page's SELECTs"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--synthetic", action="store_true", help=argparse.SUPPRESS)
    options = parse_local(parser)
    if options.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(options.child, options.synthetic, options.plans)))
        return 0
    with tempfile.TemporaryDirectory(prefix="cchc-bench-calls-") as work:
        env = production_env(Path(work))
        wanted = [options.only] if options.only else ["demo", "province"]
        if "province" in wanted and not has_make_province(env):
            wanted.remove("province")
        results = {}
        try:
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            for key in wanted:
                name = options.demo_db if key == "demo" else options.province_db
                loader = "load_demo" if key == "demo" else "make_province"
                ensure_database(options.postgres, name, loader, env, options.rebuild)
                log(f"{key} ({name}): counting …")
                results[key] = child(options, env, name, key == "province")
        except BenchError as error:
            log(f"bench stopped: {error}")
            return 1
    text, rows = table(results)
    print(text)
    out = ROOT / "bench" / "results" / f"calls-{datetime.datetime.now():%Y-%m-%d-%H%M}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
