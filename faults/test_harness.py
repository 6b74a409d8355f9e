"""The harness itself: private servers start, crash, come back, and leave nothing behind.

.venv/bin/python -m pytest faults/test_harness.py -q -p no:django -o addopts="" -o testpaths=faults
"""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg2
import pytest
import redis

from faults.harness import (
    SHARED_PORTS,
    ManagedProcess,
    PrivatePostgres,
    PrivateRedis,
    _subreaper,
    descendants,
    free_port,
    http_get,
    http_post,
    postgres_available,
    wait_until,
)

needs_postgres = pytest.mark.skipif(not postgres_available(), reason="needs PostgreSQL server binaries")


def _connect(url: str):
    """A psycopg2 connection that gives up quickly."""
    return psycopg2.connect(url, connect_timeout=3)


def _pids_under(directory: str) -> list:
    """Live pids whose working directory is inside directory."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{entry}/cwd").startswith(directory):
                found.append(int(entry))
        except OSError:
            pass
    return found


def test_free_port_is_bindable_and_not_shared():
    port = free_port()
    assert port not in SHARED_PORTS
    with pytest.raises(ValueError):
        PrivateRedis(port=6379)


def test_wait_until_explains_a_timeout():
    assert wait_until(lambda: 7, timeout=1) == 7
    with pytest.raises(AssertionError, match="timed out after 0.2s waiting for: the moon"):
        wait_until(lambda: False, timeout=0.2, interval=0.05, message="the moon")


def test_postgres_is_private_and_accepts_connections(private_postgres):
    assert private_postgres.port != 5432
    assert private_postgres.url("x") == f"postgres://postgres@127.0.0.1:{private_postgres.port}/x"
    url = private_postgres.create_database("faults_demo")
    with _connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT inet_server_port(), current_database(), current_setting('listen_addresses')")
        assert cur.fetchone() == (private_postgres.port, "faults_demo", "127.0.0.1")
        cur.execute("SHOW data_directory")
        assert cur.fetchone()[0].startswith(private_postgres.dir)
    conn.close()


def test_postgres_kill_breaks_connections_and_restart_keeps_committed_rows(private_postgres):
    url = private_postgres.create_database("crashy")
    conn = _connect(url)
    conn.autocommit = True
    conn.cursor().execute("CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)")
    port, data = private_postgres.port, private_postgres.data

    private_postgres.kill()

    assert not private_postgres.running and not private_postgres.is_ready()
    assert _pids_under(data) == []  # the postmaster and every backend are gone
    with pytest.raises(psycopg2.OperationalError):
        conn.cursor().execute("SELECT 1")
    with pytest.raises(psycopg2.OperationalError):
        _connect(url)

    private_postgres.restart()  # crash recovery replays the WAL still in the page cache

    assert (
        private_postgres.port == port
        and "database system was interrupted" in Path(private_postgres.log_path).read_text()
    )
    with _connect(url) as again, again.cursor() as cur:
        cur.execute("SELECT array_agg(n ORDER BY n) FROM t")
        assert cur.fetchone()[0] == [1, 2]
    again.close()


@needs_postgres
def test_postgres_stop_start_and_close_leave_nothing_behind():
    with PrivatePostgres() as server:
        directory, postmaster = server.dir, server.pid
        server.stop()
        assert not server.is_ready() and _pids_under(directory) == []
        server.start()
        assert server.is_ready() and server.pid != postmaster
        server.kill()  # close() after a crash must still clean up
        postmaster = server.pid
    assert not os.path.exists(directory) and _pids_under(directory) == []
    assert not os.path.exists(f"/proc/{postmaster}")
    assert f" {postmaster} " not in Path("/proc/sysvipc/shm").read_text()  # the killed server's segment went too


def _reap_zombie_children() -> None:
    """waitpid() every child that has already exited (orphans re-parented to us as subreaper)."""
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                return
        except ChildProcessError:
            return


@needs_postgres
def test_postgres_dies_with_a_test_process_that_is_killed():
    script = textwrap.dedent(
        """
        import os, signal
        from faults.harness import PrivatePostgres
        server = PrivatePostgres().start()
        print(server.pid, server.dir, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no atexit, no finally: only PR_SET_PDEATHSIG can help
        """
    )
    was_subreaper = _subreaper(True)  # the orphans become our zombies, not PID 1's, and we reap them
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
        pid, directory = done.stdout.split()
        wait_until(lambda: not _pids_under(directory), timeout=10, message="orphaned postgres to exit")
        _reap_zombie_children()
    finally:
        _subreaper(was_subreaper)
    assert not os.path.exists(f"/proc/{pid}")
    leftover = PrivatePostgres()  # adopt what the dead process could not delete: its dir and SysV segment
    leftover.dir, leftover.data = directory, os.path.join(directory, "data")
    leftover.close()
    assert not os.path.exists(directory)


def test_redis_kill_and_restart_on_the_same_port(private_redis):
    assert private_redis.port != 6379
    client = redis.Redis.from_url(private_redis.url(3), socket_timeout=2, socket_connect_timeout=2)
    assert client.ping() and client.set("k", "v")

    private_redis.kill()

    assert not private_redis.running and not private_redis.is_ready()
    with pytest.raises(redis.ConnectionError):
        client.ping()

    port = private_redis.port
    private_redis.restart()

    assert private_redis.port == port and client.ping()
    assert client.get("k") is None  # no persistence: a crash loses everything


def test_redis_stop_is_a_clean_shutdown():
    with PrivateRedis() as server:
        directory = server.dir
        server.stop()
        assert server._proc.returncode == 0 and not server.is_ready()
        server.start()
        assert server.is_ready()
    assert not os.path.exists(directory)


def test_managed_process_children_log_and_group_cleanup(tmp_path):
    script = "import subprocess, time; subprocess.Popen(['sleep', '60']); print('ready', flush=True); time.sleep(60)"
    with ManagedProcess([sys.executable, "-c", script], cwd=tmp_path, log_path=tmp_path / "p.log") as proc:
        proc.wait_for("ready", timeout=10)
        (child,) = proc.children_pids()
        proc.kill(signal.SIGKILL)  # the leader crashes; its child is orphaned but still in the group
        wait_until(lambda: not proc.running, timeout=5)
        assert proc.returncode == -signal.SIGKILL and os.path.exists(f"/proc/{child}")
    wait_until(lambda: not os.path.exists(f"/proc/{child}/cwd"), timeout=5, message="orphan killed by close()")


def test_managed_process_wait_for_fails_fast_when_it_exits(tmp_path):
    with ManagedProcess([sys.executable, "-c", "print('boom'); raise SystemExit(3)"]) as proc:
        with pytest.raises(AssertionError, match="exited \\(3\\)"):
            proc.wait_for("never printed", timeout=10)
        assert "boom" in proc.log_text()


def test_http_helpers_report_statuses_not_exceptions(tmp_path):
    (tmp_path / "hello.txt").write_text("hi")
    port = free_port()
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(tmp_path)]
    with ManagedProcess(argv) as server:
        wait_until(lambda: http_get(f"http://127.0.0.1:{port}/", timeout=1)[0], timeout=10)
        status, elapsed, body = http_get(f"http://127.0.0.1:{port}/hello.txt")
        assert (status, body) == (200, "hi") and 0 <= elapsed < 5
        assert http_get(f"http://127.0.0.1:{port}/missing")[0] == 404
        assert http_post(f"http://127.0.0.1:{port}/", data={"a": 1})[0] == 501  # http.server has no POST
        assert server.children_pids() == descendants(server.pid) == []
    status, _, body = http_get(f"http://127.0.0.1:{port}/", timeout=1)
    assert status == 0 and "refused" in body.lower()
    with pytest.raises(ValueError):
        http_get("http://example.com/")
