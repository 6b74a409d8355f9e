"""A harness for fault tests: private PostgreSQL, Redis and app processes that a test may crash.

Every server started here is the test's own: a fresh temporary directory, a spare
port on 127.0.0.1, and a process that this module started and therefore may kill.
The machine's shared services (PostgreSQL on 5432, Redis on 6379) are never
signalled: the classes refuse those ports and only ever kill pids they started
(or processes descended from / working inside their own temporary directory).

No psutil: process trees are read from /proc (this kernel has no
/proc/<pid>/task/<tid>/children, so /proc/*/stat is scanned for parent pids).
"""

import atexit
import contextlib
import ctypes
import glob
import json as jsonlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException
from pathlib import Path

LOOPBACK = "127.0.0.1"
SHARED_PORTS = frozenset({5432, 6379})
PG_OS_USER = "postgres"
_LIVE = set()  # started objects not yet closed; the atexit backstop closes them


# --- small helpers -----------------------------------------------------------


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now (and never a shared service's)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((LOOPBACK, 0))
            port = sock.getsockname()[1]
        if port not in SHARED_PORTS:
            return port


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.1, message: str = ""):
    """Poll predicate() until it is truthy and return its value; AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            what = message or getattr(predicate, "__name__", repr(predicate))
            raise AssertionError(f"timed out after {timeout:g}s waiting for: {what}")
        time.sleep(interval)


def _check_port(port: int) -> int:
    """Refuse the shared services' ports, so nothing here can ever signal or shadow them."""
    if port in SHARED_PORTS:
        raise ValueError(f"port {port} belongs to a shared service; fault tests use free_port()")
    return port


def _proc_table() -> list:
    """(pid, ppid, pgrp) of every live, non-zombie process, read from /proc/*/stat."""
    rows = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] not in ("Z", "X"):
            rows.append((int(entry), int(fields[1]), int(fields[2])))
    return rows


def descendants(pid: int) -> list:
    """Live children, grandchildren, ... of pid (found via the ppid field in /proc)."""
    table = _proc_table()
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [row[0] for row in table if row[1] == parent]
        found += kids
        frontier += kids
    return found


def _group_members(pgid: int) -> list:
    """Live pids whose process group is pgid."""
    return [row[0] for row in _proc_table() if row[2] == pgid]


def _pids_with_cwd(directory) -> list:
    """Live pids whose working directory is inside directory (PostgreSQL children chdir to PGDATA)."""
    root = os.path.realpath(directory)
    found = []
    for pid, _ppid, _pgrp in _proc_table():
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if cwd == root or cwd.startswith(root + os.sep):
            found.append(pid)
    return found


def _alive(pid: int) -> bool:
    """True while pid exists and is not a zombie."""
    return any(row[0] == pid for row in _proc_table())


def _signal_pids(pids, sig) -> None:
    """Send sig to each pid, ignoring those already gone."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def _wait_gone(pids, timeout: float = 10.0, what: str = "processes") -> None:
    """Wait until none of pids is alive any more (zombies count as gone)."""
    pids = list(pids)
    wait_until(lambda: not [p for p in pids if _alive(p)], timeout, 0.05, f"{what} {pids} to exit")


_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_parent() -> None:
    """preexec_fn: the kernel SIGKILLs the child if the test process itself dies (PR_SET_PDEATHSIG)."""
    _LIBC.prctl(1, signal.SIGKILL)


def _subreaper(on: bool) -> bool:
    """Toggle PR_SET_CHILD_SUBREAPER, so orphans of a killed child are ours to reap; returns the old value."""
    old = ctypes.c_int(0)
    _LIBC.prctl(37, ctypes.byref(old))  # PR_GET_CHILD_SUBREAPER
    _LIBC.prctl(36, int(on))  # PR_SET_CHILD_SUBREAPER
    return bool(old.value)


def _reap(pids) -> None:
    """waitpid() the given orphans that became our children, so none lingers as a zombie of PID 1."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError):  # not ours: reaped, or orphaned before we subreaped
            os.waitpid(pid, 0)


def _preexec():
    """_die_with_parent, but only from the main thread: the death signal follows the spawning thread."""
    return _die_with_parent if threading.current_thread() is threading.main_thread() else None


def _crash(proc, extra=lambda: ()) -> None:
    """SIGKILL proc (a Popen or None), its descendants and extra() pids, freezing proc first so it cannot fork."""
    victims = set(extra())
    was_subreaper = _subreaper(True)
    try:
        if proc is not None and proc.poll() is None:  # still our unreaped child, so its pid cannot be reused
            os.kill(proc.pid, signal.SIGSTOP)
            victims |= {proc.pid, *descendants(proc.pid)}
        _signal_pids(victims, signal.SIGKILL)
        if proc is not None:
            proc.wait(timeout=10)  # once it is gone, its orphans have been re-parented to us
            victims.discard(proc.pid)
        _reap(victims)
    finally:
        _subreaper(was_subreaper)
    _wait_gone(victims, what="killed processes")


def _tail(path, chars: int = 3000) -> str:
    """The end of a log file, for error messages."""
    try:
        return Path(path).read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def _close_all() -> None:
    """atexit backstop: close whatever a test left running."""
    for thing in list(_LIVE):
        with contextlib.suppress(Exception):  # keep closing the others
            thing.close()


atexit.register(_close_all)


class _Closing:
    """Context-manager plumbing shared by the classes below: enter starts, exit always closes."""

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# --- PostgreSQL --------------------------------------------------------------


def pg_bindir():
    """The newest /usr/lib/postgresql/<version>/bin holding a postgres binary, or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/postgres")
    version = lambda path: tuple(int(p) for p in path.split("/")[4].split(".") if p.isdigit())  # noqa: E731
    return os.path.dirname(max(found, key=version)) if found else None


def postgres_available() -> bool:
    """Can a private cluster start here: server binaries and a postgres OS user to run them as?"""
    try:
        return pg_bindir() is not None and pwd.getpwnam(PG_OS_USER) is not None
    except KeyError:
        return False


def redis_available() -> bool:
    """Is redis-server on PATH?"""
    return shutil.which("redis-server") is not None


def _pg_user():
    """uid and gid of the postgres OS user: initdb and postgres refuse to run as root."""
    entry = pwd.getpwnam(PG_OS_USER)
    return entry.pw_uid, entry.pw_gid


class PrivatePostgres(_Closing):
    """A throw-away PostgreSQL cluster on 127.0.0.1:<spare port>, run as the postgres OS user."""

    def __init__(self, port: int = None, bindir: str = None):
        """Choose the port and binaries now; nothing runs until start()."""
        self.port = _check_port(port or free_port())
        self.bindir = bindir or pg_bindir()
        if not self.bindir:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.dir = self.data = self.log_path = None
        self._proc = None

    # paths and set-up

    def _as_postgres(self) -> dict:
        """Popen arguments that drop root for the postgres user (no runuser process in between)."""
        uid, gid = _pg_user()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "HOME": self.dir}
        return {"user": uid, "group": gid, "extra_groups": [], "cwd": self.dir, "env": env}

    def _initdb(self) -> None:
        """Create the temporary directory (owned by postgres) and a trust-auth cluster in it."""
        self.dir = tempfile.mkdtemp(prefix="faults-pg-")
        _LIVE.add(self)
        uid, gid = _pg_user()
        os.chown(self.dir, uid, gid)
        self.data, self.log_path = os.path.join(self.dir, "data"), os.path.join(self.dir, "postgres.log")
        os.mkdir(os.path.join(self.dir, "sock"))
        os.chown(os.path.join(self.dir, "sock"), uid, gid)
        argv = [f"{self.bindir}/initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]  # fmt: skip
        with open(self.log_path, "ab") as log:
            done = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, **self._as_postgres())
        if done.returncode:
            raise RuntimeError(f"initdb failed:\n{_tail(self.log_path)}")
        self._write_config()

    def _write_config(self) -> None:
        """Loopback only, a socket inside the temp dir, and fast-but-crash-honest settings."""
        settings = {
            "listen_addresses": f"'{LOOPBACK}'",
            "port": self.port,
            "unix_socket_directories": f"'{self.dir}/sock'",
            "fsync": "off",  # no disk flushes; the OS page cache still survives a SIGKILL
            "synchronous_commit": "on",  # kept on: WAL is write()n at COMMIT, so a kill loses nothing committed
            "full_page_writes": "off",
            "wal_level": "minimal",
            "max_wal_senders": 0,
            "shared_buffers": "32MB",
            "max_connections": 40,
            "dynamic_shared_memory_type": "mmap",  # segments live in PGDATA, not /dev/shm, so a kill leaks none
            "autovacuum": "off",
            "jit": "off",
            "huge_pages": "off",
            "logging_collector": "off",
        }
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write("\n# faults.harness\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))

    # lifecycle

    def start(self, timeout: float = 30.0) -> "PrivatePostgres":
        """Start the postmaster as our direct child (initdb on first start) and wait until it accepts."""
        if self.running:
            return self
        if self.dir is None:
            self._initdb()
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen([f"{self.bindir}/postgres", "-D", self.data], stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True,
                                          preexec_fn=_preexec(), **self._as_postgres())  # fmt: skip
        self.wait_ready(timeout)
        return self

    def stop(self, timeout: float = 20.0) -> None:
        """Fast shutdown (SIGINT: abort sessions, checkpoint, exit); a crash if it takes too long."""
        if not self.running:
            return
        self._proc.send_signal(signal.SIGINT)
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return self.kill()
        _wait_gone(self._leftovers(), what="postgres children")

    def kill(self) -> None:
        """Crash the server: SIGKILL the postmaster and every backend, no shutdown checkpoint."""
        _crash(self._proc, self._leftovers)

    def restart(self, timeout: float = 30.0) -> "PrivatePostgres":
        """Stop (if running) and start again on the same port and data; after kill() this runs crash recovery."""
        self.stop()
        return self.start(timeout)

    def close(self) -> None:
        """Stop everything this instance started and delete its directory; safe to call twice."""
        if self.dir is not None:
            self.stop()
            self.kill()  # no-op unless something survived the stop
            self._drop_stale_shm()
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
        _LIVE.discard(self)

    def _leftovers(self) -> list:
        """Processes still working inside our data directory (orphaned backends after a crash)."""
        return _pids_with_cwd(self.data) if self.data else []

    def _drop_stale_shm(self) -> None:
        """Remove the small SysV segment a killed postmaster leaves behind (only ours, only if unattached)."""
        try:
            key, shmid = Path(self.data, "postmaster.pid").read_text().splitlines()[6].split()
            rows = [line.split() for line in Path("/proc/sysvipc/shm").read_text().splitlines()[1:]]
        except (OSError, IndexError, ValueError):
            return
        if any(r[0] == key and r[1] == shmid and r[6] == "0" for r in rows):
            subprocess.run(["ipcrm", "-m", shmid], capture_output=True)

    # state and addresses

    @property
    def running(self) -> bool:
        """True while our postmaster process exists."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self):
        """The postmaster's pid (None before start)."""
        return self._proc.pid if self._proc else None

    def is_ready(self) -> bool:
        """pg_isready over TCP: is the server accepting connections right now?"""
        argv = [f"{self.bindir}/pg_isready", "-q", "-h", LOOPBACK, "-p", str(self.port), "-t", "1"]
        return subprocess.run(argv, capture_output=True).returncode == 0

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until the server accepts connections; fail at once, with the log, if it exits."""

        def ready():
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"postgres exited ({self._proc.returncode}):\n{_tail(self.log_path)}")
            return self.is_ready()

        wait_until(ready, timeout, 0.05, f"postgres on {LOOPBACK}:{self.port}")

    def url(self, dbname: str = "postgres") -> str:
        """A DATABASE_URL for dbname on this server."""
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{dbname}"

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        """Run SQL with psql over TCP and return its unaligned output (raises on error)."""
        argv = [f"{self.bindir}/psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", LOOPBACK, "-p", str(self.port), "-U", "postgres", "-d", dbname, "-c", sql]  # fmt: skip
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PGCONNECT_TIMEOUT": "5"}
        return subprocess.run(argv, capture_output=True, text=True, check=True, env=env).stdout.strip()

    def create_database(self, name: str) -> str:
        """CREATE DATABASE name and return its URL."""
        self.psql('CREATE DATABASE "{}"'.format(name.replace('"', '""')))
        return self.url(name)


# --- Redis -------------------------------------------------------------------


class PrivateRedis(_Closing):
    """A throw-away redis-server on 127.0.0.1:<spare port>, no persistence; restarts keep the port."""

    def __init__(self, port: int = None, binary: str = None):
        """Choose the port and binary now; nothing runs until start()."""
        self.port = _check_port(port or free_port())
        self.binary = binary or shutil.which("redis-server")
        if not self.binary:
            raise RuntimeError("redis-server is not installed")
        self.dir = self.log_path = None
        self._proc = None

    def start(self, timeout: float = 10.0) -> "PrivateRedis":
        """Start redis-server in the foreground as our child and wait for PONG."""
        if self.running:
            return self
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix="faults-redis-")
            self.log_path = os.path.join(self.dir, "redis.log")
            _LIVE.add(self)
        argv = [self.binary, "--bind", LOOPBACK, "--port", str(self.port), "--dir", self.dir,
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"]  # fmt: skip
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir,
                                          start_new_session=True, preexec_fn=_preexec())  # fmt: skip
        self.wait_ready(timeout)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (Redis' clean shutdown); SIGKILL if it does not exit in time."""
        if not self.running:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Crash it: SIGKILL redis-server (and any fork it had)."""
        _crash(self._proc)

    def restart(self, timeout: float = 10.0) -> "PrivateRedis":
        """Stop (if running) and start again on the same port; the data is gone (no persistence)."""
        self.stop()
        return self.start(timeout)

    def close(self) -> None:
        """Stop it and delete its directory; safe to call twice."""
        self.stop()
        self.kill()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
        _LIVE.discard(self)

    @property
    def running(self) -> bool:
        """True while our redis-server process exists."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self):
        """redis-server's pid (None before start)."""
        return self._proc.pid if self._proc else None

    def is_ready(self) -> bool:
        """A raw PING over TCP (no client library needed): True on +PONG."""
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Wait for PONG; fail at once, with the log, if the server exits."""

        def ready():
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"redis-server exited ({self._proc.returncode}):\n{_tail(self.log_path)}")
            return self.is_ready()

        wait_until(ready, timeout, 0.05, f"redis on {LOOPBACK}:{self.port}")

    def url(self, db: int = 0) -> str:
        """A REDIS_URL for database db on this server."""
        return f"redis://{LOOPBACK}:{self.port}/{db}"


# --- any other process (gunicorn, a celery worker, ...) -----------------------


class ManagedProcess(_Closing):
    """A command in its own session (process group) with output in a log; close() kills the whole group."""

    def __init__(self, argv, env: dict = None, cwd=None, log_path=None):
        """Remember how to run argv; env replaces os.environ when given; start() runs it."""
        self.argv, self.env, self.cwd = list(argv), env, cwd
        self._own_dir = None if log_path else tempfile.mkdtemp(prefix="faults-proc-")
        self.log_path = str(log_path or os.path.join(self._own_dir, "process.log"))
        self._proc = None

    def start(self) -> "ManagedProcess":
        """Start the command as the leader of a new session, stdout+stderr appended to the log."""
        if self.running:
            return self
        _LIVE.add(self)
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=log,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True, preexec_fn=_preexec())  # fmt: skip
        return self

    @property
    def pid(self):
        """The leader's pid (also the process-group id)."""
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        """True while the leader has not exited."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def returncode(self):
        """The leader's exit status (negative signal number), None while it runs."""
        return self._proc.poll() if self._proc else None

    def children_pids(self) -> list:
        """Live descendants of the leader (e.g. gunicorn or celery prefork workers)."""
        return descendants(self.pid) if self.running else []

    def kill(self, sig=signal.SIGKILL) -> None:
        """Send sig to the leader only (a crash of the master; its workers are left to notice)."""
        if self.running:
            self._proc.send_signal(sig)

    def kill_group(self, sig=signal.SIGKILL) -> None:
        """Send sig to every process still in the leader's process group."""
        with contextlib.suppress(ProcessLookupError, TypeError):
            os.killpg(self.pid, sig)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the group, wait for the leader, then SIGKILL the group and any escaped descendant."""
        if self._proc is None:
            return
        stray = set(self.children_pids())
        self.kill_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout)
        self._finish(stray)

    def _finish(self, stray: set) -> None:
        """SIGKILL what is left of the group and of the known descendants, reap, and wait for them."""
        stray |= set(self.children_pids()) | set(_group_members(self.pid))
        self.kill(signal.SIGKILL)
        self.kill_group(signal.SIGKILL)
        _signal_pids(stray, signal.SIGKILL)
        self._proc.wait(timeout=10)
        _wait_gone(stray | set(_group_members(self.pid)), what=f"{self.argv[0]} processes")

    def close(self) -> None:
        """Stop the group (SIGKILL of leftovers included) and delete the private log dir; idempotent."""
        self.stop()
        if self._own_dir:
            shutil.rmtree(self._own_dir, ignore_errors=True)
            self._own_dir = None
        _LIVE.discard(self)

    def log_text(self) -> str:
        """Everything the process has written so far."""
        return _tail(self.log_path, chars=10**9)

    def wait_for(self, predicate, timeout: float = 30.0) -> str:
        """Wait until predicate(log_text) is true (a str means "appears in the log"); fail fast on exit."""
        check = (lambda text: predicate in text) if isinstance(predicate, str) else predicate

        def seen():
            text = self.log_text()
            if check(text):
                return text or True
            if self._proc.poll() is not None:
                raise AssertionError(f"{self.argv[0]} exited ({self._proc.returncode}):\n{text[-3000:]}")
            return False

        return wait_until(seen, timeout, 0.1, f"{predicate!r} in the log of {self.argv[0]}")


# --- HTTP --------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report 3xx as statuses instead of following them (a login redirect is a result)."""

    def redirect_request(self, *args, **kwargs):
        """Decline every redirect."""
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def _require_loopback(url: str) -> None:
    """Fault-test traffic stays on 127.0.0.1."""
    if urllib.parse.urlsplit(url).hostname not in (LOOPBACK, "localhost"):
        raise ValueError(f"fault tests only talk to {LOOPBACK}, not {url}")


def http_request(method: str, url: str, data: bytes = None, headers: dict = None, timeout: float = 10.0):
    """One request -> (status, elapsed_seconds, body text); HTTP errors are statuses, connection failures 0."""
    _require_loopback(url)
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (urllib.error.URLError, OSError, HTTPException) as error:  # refused, reset, timed out
        status, body = 0, str(getattr(error, "reason", error)).encode()
    return status, time.monotonic() - started, body.decode("utf-8", "replace")


def http_get(url: str, timeout: float = 10.0, headers: dict = None):
    """GET url -> (status, elapsed_seconds, body); see http_request."""
    return http_request("GET", url, headers=headers, timeout=timeout)


def http_post(url: str, data=None, json=None, timeout: float = 10.0, headers: dict = None):
    """POST a form (dict), raw bytes, or JSON -> (status, elapsed_seconds, body); see http_request."""
    headers = dict(headers or {})
    if json is not None:
        data = jsonlib.dumps(json).encode()
        headers.setdefault("Content-Type", "application/json")
    elif isinstance(data, dict):
        data = urllib.parse.urlencode(data).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    return http_request("POST", url, data=data if data is not None else b"", headers=headers, timeout=timeout)
