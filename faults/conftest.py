"""Fixtures for fault tests: private PostgreSQL / Redis servers that a test may kill.

No Django here: fault tests run with `-p no:django` and start their own servers.
Run them with (`make test-faults`):
    .venv/bin/python -m pytest faults -q -p no:django -o addopts="-ra" -o testpaths=faults
Each test's one-line figures are printed at the end of the run and kept in
faults/results/latest.jsonl.
"""

import os
import shutil
import socket
import subprocess

import pytest

from faults import portal
from faults.harness import PrivatePostgres, PrivateRedis, pg_bindir, postgres_available, redis_available

HAVE_POSTGRES = postgres_available()
HAVE_REDIS = redis_available()
REQUIRED = os.environ.get("CCHC_REQUIRE_SERVICES") == "1"


def _skip_unless(available: bool, reason: str) -> None:
    """Skip without the binaries; under CCHC_REQUIRE_SERVICES=1 (CI) fail instead, like the root conftest."""
    if not available:
        if REQUIRED:
            pytest.fail(f"{reason} (CCHC_REQUIRE_SERVICES=1: this test must run)", pytrace=False)
        pytest.skip(reason)


def pytest_sessionstart(session):
    """latest.jsonl holds this run's figures only."""
    portal.RESULTS.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter):
    """Repeat every fault test's summary line at the end of the run, for the closing note."""
    if portal.RECORDED:
        terminalreporter.section("fault figures")
        for line in portal.RECORDED:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _test_settings():
    """Shadow the root conftest's autouse fixture of the same name, which needs pytest-django."""
    yield


@pytest.fixture
def private_postgres():
    """A started PrivatePostgres on a spare port; stopped, killed if need be, and deleted afterwards."""
    _skip_unless(HAVE_POSTGRES, "needs PostgreSQL binaries in /usr/lib/postgresql/<version>/bin")
    with PrivatePostgres() as server:
        yield server


@pytest.fixture
def private_redis():
    """A started PrivateRedis on a spare port; stopped and deleted afterwards."""
    _skip_unless(HAVE_REDIS, "needs redis-server")
    with PrivateRedis() as server:
        yield server


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """One private PostgreSQL for the session, with the migrated demo as a template database to copy."""
    _skip_unless(HAVE_POSTGRES, "needs PostgreSQL binaries in /usr/lib/postgresql/<version>/bin")
    with PrivatePostgres() as server:
        yield portal.build_demo(server, tmp_path_factory.mktemp("demo"))


@pytest.fixture
def make_portal(demo, tmp_path):
    """make_portal(redis_url, media_root=None, **settings) -> a Portal on its own copy of the demo, closed afterwards."""
    made = []

    def make(redis_url, media_root=None, **settings):
        made.append(portal.Portal(demo, tmp_path / f"portal{len(made)}", redis_url, media_root, **settings))
        return made[-1]

    yield make
    for each in reversed(made):
        each.close()


def shared_postgres_up() -> bool:
    """pg_isready against the machine's shared PostgreSQL (127.0.0.1:5432)."""
    isready = shutil.which("pg_isready") or (pg_bindir() or "") + "/pg_isready"
    try:
        return subprocess.run([isready, "-q", "-h", "127.0.0.1", "-p", "5432", "-t", "3"]).returncode == 0
    except OSError:
        return False


def shared_redis_up() -> bool:
    """A raw PING to the machine's shared Redis (127.0.0.1:6379)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=3) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _shared_services_untouched():
    """Every fault test must leave the shared services on 5432 and 6379 answering if they were before."""
    before = shared_postgres_up(), shared_redis_up()
    yield
    after = shared_postgres_up(), shared_redis_up()
    assert after[0] or not before[0], "the shared PostgreSQL on 127.0.0.1:5432 stopped answering"
    assert after[1] or not before[1], "the shared Redis on 127.0.0.1:6379 stopped answering"
