"""Redis stopped while renders are requested, then started: every render asked for ends done.

Gunicorn (3 sync workers), a Celery worker and beat run on production settings
against a private PostgreSQL and a private Redis. With Redis stopped, eight PDF
renders are asked for (six through the API, two through the page), and a password
reset e-mail through the outbox: each must
answer at once (< 2 s, 202 or the page's redirect) and /healthz must stay fast,
since the intent is in the database and the request waits on the broker for about
a second at most. Redis comes back empty (no persistence: whatever was published
before is gone too); beat's sweeper, every 2 s here, sends again what has waited
past CCHC_REDISPATCH_AFTER_SECONDS, and every document must end `done`. One render
before the outage and one after it check that the web workers' broker connections,
broken by the restart, are made again: the one after is sent at once, not by the sweeper.
"""

import re
import time

from faults.harness import wait_until
from faults.portal import Client, record

RENDERS_BY_API, RENDERS_BY_PAGE = 6, 2
ANSWER_LIMIT = 2.0
RECOVERY_LIMIT = 60.0
RESET_FOR = "thanhvien@demo.cchc.local"


def test_renders_requested_while_redis_is_down_all_end_done(private_redis, make_portal):
    portal = make_portal(private_redis.url(), CCHC_REDISPATCH_AFTER_SECONDS=3, CCHC_SWEEP_EVERY_SECONDS=2)
    base = portal.web(workers=3)
    web_log = portal.processes["gunicorn"].log_text
    worker = portal.worker()
    beat = portal.beat()
    api = Client(base).api_login("noivu")
    page = Client(base).login("noivu")
    before, *documents, after = portal.demo.documents["short"][: RENDERS_BY_API + RENDERS_BY_PAGE + 2]
    forgetful = Client(base)
    reset_form = forgetful.get("/accounts/password/reset/")
    reset_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reset_form.text).group(1)

    def status(document: int) -> str:
        return api.get(f"/api/v1/documents/{document}/").json()["pdf_status"]

    assert api.post(f"/api/v1/documents/{before}/render/").status == 202
    wait_until(lambda: status(before) == "done", timeout=30, message="a render before the outage")

    private_redis.stop()
    down_at = time.monotonic()
    answers = []
    for number, document in enumerate(documents):
        if number < RENDERS_BY_API:
            answer = api.post(f"/api/v1/documents/{document}/render/")
            assert answer.status == 202, (answer.status, answer.text[:500])
            assert answer.json()["pdf_status"] == "queued"
        else:
            answer = page.post(f"/documents/{document}/render/")
            assert answer.status == 302, (answer.status, answer.text[:500])
        answers.append(answer.seconds)
    reset = forgetful.post("/accounts/password/reset/", form={"email": RESET_FOR, "csrfmiddlewaretoken": reset_token})
    assert reset.status == 302, (reset.status, reset.text[:500])
    answers.append(reset.seconds)
    health = [Client(base).get("/healthz") for _ in range(5)]
    detail = page.get(f"/documents/{documents[-1]}/")
    assert detail.status == 200 and 'data-status="queued"' in detail.text
    time.sleep(max(0.0, 5 - (time.monotonic() - down_at)))  # the outage lasts at least 5 s
    private_redis.start()
    up_at = time.monotonic()
    outage = up_at - down_at

    def statuses() -> dict:
        return {d: status(d) for d in documents}

    def reset_mail() -> str:
        return portal.sql(f"SELECT status FROM core_outgoingemail WHERE \"to\" ? '{RESET_FOR}'")

    try:
        wait_until(
            lambda: set(statuses().values()) == {"done"} and reset_mail() == "sent",
            timeout=RECOVERY_LIMIT,
            interval=0.5,
        )
    finally:
        final = statuses()
    recovered = time.monotonic() - up_at
    refused_before = web_log().count("the broker is unavailable")
    asked = api.post(f"/api/v1/documents/{after}/render/")
    wait_until(lambda: status(after) == "done", timeout=30, message="a render after the outage")
    refused_after = web_log().count("the broker is unavailable") - refused_before
    done = sum(status == "done" for status in final.values())
    lost = len(documents) - done + (reset_mail() != "sent")
    slowest = max(answers)
    record(
        "redis-stop",
        f"{len(documents)} renders ({RENDERS_BY_API} API, {RENDERS_BY_PAGE} page) and 1 password reset requested "
        f"with Redis down, {len(answers)} answered, 0 5xx, slowest request {slowest:.2f} s, /healthz slowest "
        f"{max(h.seconds for h in health):.2f} s, Redis down {outage:.1f} s, all done {recovered:.1f} s after "
        f"it was back (and the reset e-mail sent), lost {lost}",
        requested=len(documents),
        answered=len(answers),
        slowest_request_s=round(slowest, 3),
        healthz_slowest_s=round(max(h.seconds for h in health), 3),
        outage_s=round(outage, 1),
        recovered_s=round(recovered, 1),
        done=done,
        lost=lost,
    )
    assert all(h.status == 200 and h.seconds < 1.5 for h in health), [(h.status, h.seconds) for h in health]
    assert slowest < ANSWER_LIMIT, answers
    assert lost == 0, final
    assert asked.status == 202 and asked.seconds < ANSWER_LIMIT
    assert refused_after == 0, "a web worker could not publish once Redis was back"
    assert worker.running and beat.running
    assert all(d["pdf_url"] for d in (api.get(f"/api/v1/documents/{d}/").json() for d in documents))
