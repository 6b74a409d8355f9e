"""Shared test set-up: service checks, the cast of users, and the browser.

Tests that need PostgreSQL, Redis, a Celery worker or Chromium are skipped
where those are missing, except under CCHC_REQUIRE_SERVICES=1 (CI), where a
missing service fails them instead.
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest

REQUIRE_SERVICES = os.environ.get("CCHC_REQUIRE_SERVICES") == "1"
REQUIRE_BROWSER = REQUIRE_SERVICES or os.environ.get("CCHC_REQUIRE_BROWSER") == "1"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "test-artifacts"


def skip_or_fail(reason: str, required: bool = REQUIRE_SERVICES):
    if required:
        pytest.fail(f"{reason} (CCHC_REQUIRE_SERVICES=1: this test must run)", pytrace=False)
    pytest.skip(reason)


def _redis_reachable() -> bool:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def pytest_runtest_setup(item):
    from django.conf import settings

    if item.get_closest_marker("postgres") and not settings.IS_POSTGRES:
        skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if (item.get_closest_marker("redis") or item.get_closest_marker("worker")) and not _redis_reachable():
        skip_or_fail("needs Redis: set REDIS_URL=redis://...")
    if item.get_closest_marker("worker") and not settings.IS_POSTGRES:
        skip_or_fail("a real worker needs a database shared between processes: set DATABASE_URL")
    if item.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        skip_or_fail(f"needs Chromium at {CHROMIUM} (apt-get install chromium)", REQUIRE_BROWSER)


def pytest_sessionstart(session):
    # The fault tests (faults/, run with -p no:django) start their own servers and need no DATABASE_URL.
    if REQUIRE_SERVICES and session.config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        if not settings.IS_POSTGRES or not _redis_reachable():
            pytest.exit("CCHC_REQUIRE_SERVICES=1 needs DATABASE_URL (PostgreSQL) and a reachable REDIS_URL", 2)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, request):
    """Fast hashing, private media in a temporary folder, tasks in-process unless a worker runs them."""
    from django.core.cache import cache

    from cchc_portal.celery import app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous
    cache.clear()  # figures and charts cached by one test are not another's


# --- the cast ---------------------------------------------------------------


@pytest.fixture
def reform_areas(db):
    """The seeded reform areas (a transactional test's flush removes what migrations seeded)."""
    from inspections.models import ReformArea
    from inspections.reference_data import ensure_default_areas

    ensure_default_areas(ReformArea)


@pytest.fixture
def cast(db, reform_areas):
    """A small province and the users every permission test needs.

    province (UBND) ─┬─ home_affairs_dept (SNV)
                     ├─ department (SKHCN) ─┬─ unit (CCTĐC)
                     │                      └─ sibling (TTTTUD)
                     └─ other_department (STP) ── other_unit (VP)
    """
    from units.models import Role, UnitKind
    from units.tests.factories import make_unit, make_user

    province = make_unit(
        "UBND", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", UnitKind.PROVINCE, None, place_name="Bà Rịa - Vũng Tàu"
    )
    home_affairs_dept = make_unit("SNV", "Sở Nội vụ", UnitKind.DEPARTMENT, province)
    department = make_unit("SKHCN", "Sở Khoa học và Công nghệ", UnitKind.DEPARTMENT, province, short_name="Sở KH&CN")
    unit = make_unit("CCTĐC", "Chi cục Tiêu chuẩn Đo lường Chất lượng", UnitKind.SUB_DEPARTMENT, department)
    sibling = make_unit("TTTTUD", "Trung tâm Thông tin và Ứng dụng KH&CN", UnitKind.CENTRE, department)
    other_department = make_unit("STP", "Sở Tư pháp", UnitKind.DEPARTMENT, province)
    other_unit = make_unit("VP", "Văn phòng Sở Tư pháp", UnitKind.DIVISION, other_department)
    return SimpleNamespace(
        province=province,
        home_affairs_dept=home_affairs_dept,
        department=department,
        unit=unit,
        sibling=sibling,
        other_department=other_department,
        other_unit=other_unit,
        admin=make_user("admin", Role.ADMIN, home_affairs_dept),
        home_affairs=make_user("noivu", Role.HOME_AFFAIRS, home_affairs_dept),
        inspector=make_user("inspector", Role.INSPECTOR, department),
        outside_inspector=make_user("outsider", Role.INSPECTOR, other_department),
        unit_head=make_user("head", Role.UNIT_HEAD, unit),
        department_head=make_user("depthead", Role.UNIT_HEAD, department),
        other_head=make_user("otherhead", Role.UNIT_HEAD, other_unit),
    )


@pytest.fixture
def setup(cast):
    """A plan, its team (leader: cast.inspector; member) and a visit to cast.unit in 2026."""
    from inspections.tests.factories import make_visit_setup

    return make_visit_setup(cast)


@pytest.fixture
def remediation(cast):
    """A directive of a concluded visit to cast.unit and cast.sibling, due 30/09/2026, with a task each."""
    from remediation.tests.factories import make_remediation_setup

    return make_remediation_setup(cast)


@pytest.fixture
def api(cast):
    """A DRF client that logs in as a member of the cast: `api.as_(cast.unit_head)`."""
    from rest_framework.test import APIClient

    class Client(APIClient):
        def as_(self, user):
            self.force_authenticate(user)
            return self

    return Client()


# --- the browser ------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"needs Chromium at {CHROMIUM}", REQUIRE_BROWSER)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"],
        )
        yield browser
        browser.close()


PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def browser_page(chromium, live_server, request):
    """A fresh browser page on the live server; a screenshot is kept after each test.

    Parametrise indirectly with "phone" or "desktop" for the viewport (phone by default).
    """
    viewport = DESKTOP if getattr(request, "param", "phone") == "desktop" else PHONE
    context = chromium.new_context(viewport=viewport, locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every browser test also checks the Content-Security-Policy: a blocked script or style fails it.
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name.encode("ascii", "ignore").decode())[:120]
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    assert violations == [], f"the page broke its Content-Security-Policy: {violations}"


def login(page, username: str, password: str):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def current_version(obj) -> int:
    """The version stored for `obj` now: what a user who just reloaded the page would send."""
    return type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)


def count_queries(action, cold: bool = True) -> int:
    """How many SQL queries `action()` runs; `cold`: with nothing kept in the cache (pickers, counts)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


# --- a real Celery worker -----------------------------------------------------


def start_worker(tmp_dir: Path, name: str = "test"):
    """Start `celery worker` in a subprocess on the test database; return (process, log path)."""
    from django.conf import settings

    from cchc_portal.celery import app

    db = settings.DATABASES["default"]
    credentials = f"{db['USER']}:{db.get('PASSWORD') or ''}"
    url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    node = f"{name}-{uuid.uuid4().hex[:8]}@localhost"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(tmp_dir / "mail"),
        DJANGO_MEDIA_ROOT=str(tmp_dir / "media"),
    )
    log = tmp_dir / f"{node.split('@')[0]}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cchc_portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "-n",
            node,
        ],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).parent,
    )

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited: {log.read_text()[-2000:]}")
        if app.control.ping(destination=[node], timeout=0.5):
            return process, log
        time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"the worker did not answer: {log.read_text()[-2000:]}")


@pytest.fixture
def celery_worker(transactional_db, tmp_path, settings):
    """A real worker process for one test; the test's data must be committed (transactional_db)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    process, log = start_worker(tmp_path)
    yield SimpleNamespace(process=process, log=log, dir=tmp_path)
    process.terminate()
    try:
        process.wait(timeout=20)
    except Exception:
        process.kill()
