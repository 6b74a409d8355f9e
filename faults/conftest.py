"""Fixtures for fault tests: private PostgreSQL / Redis servers that a test may kill.

No Django here: fault tests run with `-p no:django` and start their own servers.
Run them with:
    .venv/bin/python -m pytest faults -q -p no:django -o addopts="" -o testpaths=faults
"""

import os
import shutil
import socket
import subprocess

import pytest

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
