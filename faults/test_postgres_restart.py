"""PostgreSQL restarted under a serving portal: zero 500s once it is back.

Gunicorn (3 sync workers, production settings: persistent connections for 60 s)
serves a signed-in browser and an API client until every worker holds a
connection; then the private PostgreSQL stops (fast shutdown, every session
cut) for six seconds, and starts again. Requests during the outage must answer quickly, with the Vietnamese error
page or the API's JSON error, never hang. Once PostgreSQL is back, a burst of
pages and API calls must get no 500 at all: each worker's stale connection is
found dead by the health check (CONN_HEALTH_CHECKS) and replaced before use.
"""

import time

from faults.harness import wait_until
from faults.portal import Client, record

PATHS = [
    ("page", "/"),
    ("page", "/documents/"),
    ("page", "/remediation/tasks/"),
    ("page", "/inspections/visits/"),
    ("page", "/documents/1/"),
    ("api", "/api/v1/documents/"),
    ("api", "/api/v1/tasks/"),
    ("api", "/api/v1/findings/"),
]
OUTAGE_SECONDS = 6
BURST = 70
ERROR_PAGE = "Cổng thông tin gặp lỗi"  # the 500 page's message, in Vietnamese


def test_after_a_postgres_restart_no_request_fails(private_redis, make_portal, demo):
    portal = make_portal(private_redis.url())
    base = portal.web(workers=3)
    page, api = Client(base).login("noivu"), Client(base).api_login("noivu")

    def call(number: int):
        kind, path = PATHS[number % len(PATHS)]
        return (page if kind == "page" else api).get(path, timeout=20)

    def connections() -> int:
        query = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{portal.database}' AND pid <> pg_backend_pid()"
        return int(demo.server.psql(query))

    warm = [call(n) for n in range(30)]
    assert all(answer.status == 200 for answer in warm), [(a.status, a.text[:200]) for a in warm if a.status != 200]

    def every_worker_connected() -> bool:
        if connections() >= 3:
            return True
        warm.extend(call(n) for n in range(6))
        return False

    wait_until(every_worker_connected, timeout=30, interval=0.1, message="a connection in each gunicorn worker")

    demo.server.stop()
    down_at = time.monotonic()
    during = []
    while time.monotonic() - down_at < OUTAGE_SECONDS:  # requests spread over the outage
        during.append(call(len(during)))
        time.sleep(0.25)
    demo.server.start()
    up_at = time.monotonic()
    outage = up_at - down_at

    after = [call(n) for n in range(BURST)]
    recovered = time.monotonic() - up_at
    errors = [(a.status, a.text[:300]) for a in after if a.status != 200]
    failed_during = [a for a in during if a.status != 200]
    explained = [a for a in failed_during if a.status in (500, 503) and (ERROR_PAGE in a.text or '"detail"' in a.text)]
    slowest_during = max(a.seconds for a in during)
    record(
        "postgres-restart",
        f"{len(warm)} requests before, PostgreSQL down {outage:.1f} s: {len(during)} requests, "
        f"{len(failed_during)} answered an error page ({len(explained)} the Vietnamese 500/503 or JSON), slowest "
        f"{slowest_during:.2f} s, none hung; after it was back {len(after)} requests (pages and API, 3 workers) "
        f"answered in {recovered:.1f} s, {len(errors)} errors",
        before=len(warm),
        outage_s=round(outage, 1),
        outage_requests=len(during),
        outage_errors=len(failed_during),
        outage_slowest_s=round(slowest_during, 3),
        after_requests=len(after),
        after_errors=len(errors),
        after_burst_s=round(recovered, 1),
    )
    assert errors == [], errors
    assert len(explained) == len(failed_during), [(a.status, a.text[:300]) for a in failed_during]
    assert all(a.status != 0 for a in during), "a request during the outage got no HTTP answer"
    assert slowest_during < 5
