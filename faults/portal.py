"""The portal as production runs it, for fault tests: gunicorn, Celery worker and beat on private servers.

A session builds one demo database (migrated, demo data, a few more documents)
as a PostgreSQL template, and collects the static files once; each test gets its
own copy of that database and of its media folder (`Portal`), starts the
processes it needs on production settings, and breaks what it came to break.
Everything here talks to 127.0.0.1 only, and every process it starts is closed
when the portal is, even when the test fails.
"""

from __future__ import annotations

import contextlib
import datetime
import http.cookies
import json as jsonlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path

from faults.harness import LOOPBACK, ManagedProcess, PrivatePostgres, descendants, free_port, wait_until

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "cchc-demo-2026"
RESULTS = ROOT / "faults" / "results" / "latest.jsonl"
TEMPLATE_DB = "demo_template"
# What production sets (README, Production), minus HTTPS: the servers are reached over plain HTTP on loopback.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "fault-tests-only-not-a-secret",
    "DJANGO_ALLOWED_HOSTS": LOOPBACK,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}
RECORDED: list[str] = []  # this session's summary lines, repeated at the end of the run by conftest

# Extra documents for the render tests: drafts copied from the demo's, some with a long body (slow to render).
EXTRA_DOCUMENTS = """
import json
from reports.models import Document, PdfStatus

PARAGRAPH = "Nội dung kiểm tra công tác cải cách hành chính của đơn vị, kết quả và tồn tại. " * 6
template = Document.objects.filter(status="draft").order_by("pk").first()

def copy(subject, body):
    document = Document.objects.get(pk=template.pk)
    document.pk = document.id = None
    document.subject, document.body, document.pdf_status = subject, body, PdfStatus.NONE
    document.save()
    return document.pk

short = [copy(f"Bản sao thử lỗi {n}", template.body) for n in range(10)]
long = [copy(f"Báo cáo dài thử lỗi {n}", "\\n".join(f"Đoạn {i}: {PARAGRAPH}" for i in range(500))) for n in range(2)]
print(json.dumps({"short": short, "long": long}))
"""


# --- results -------------------------------------------------------------------------------


def record(fault: str, summary: str, **figures) -> str:
    """Print the test's one-line summary and append it, with its figures, to faults/results/latest.jsonl."""
    line = f"FAULT {fault}: {summary}"
    print(line)
    RECORDED.append(line)
    RESULTS.parent.mkdir(exist_ok=True)
    entry = {"fault": fault, "summary": line, "at": datetime.datetime.now().isoformat(timespec="seconds"), **figures}
    with RESULTS.open("a") as results:
        results.write(jsonlib.dumps(entry, ensure_ascii=False) + "\n")
    return line


# --- subprocess environment and manage.py ----------------------------------------------------


def base_env(**extra) -> dict:
    """Only what the portal needs: nothing of the machine's DATABASE_URL, REDIS_URL or DJANGO_* leaks in."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),  # fontconfig's cache, so WeasyPrint starts quickly
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
    }
    return {**env, **{name: str(value) for name, value in extra.items()}}


def manage(*args, env: dict, expect: int | None = 0, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run manage.py in a subprocess; insist on its exit status unless expect is None."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if expect is not None:
        assert done.returncode == expect, (
            f"manage.py {' '.join(args)} -> {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


# --- the session's demo template -------------------------------------------------------------


@dataclass
class Demo:
    """The session's private PostgreSQL, its template database, demo media and collected static files."""

    server: PrivatePostgres
    media: Path
    static: Path
    documents: dict

    def clone(self) -> str:
        """A new database copied from the template (a fraction of a second); returns its name."""
        if not self.server.running:  # a test that restarted the server and failed half-way
            self.server.start()
        name = f"fault_{uuid.uuid4().hex[:10]}"
        self.server.psql(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE_DB}')
        return name


def build_demo(server: PrivatePostgres, workdir: Path) -> Demo:
    """Migrate and load the demo into the template database, add documents, collect static files."""
    server.create_database(TEMPLATE_DB)
    media, static = workdir / "media", workdir / "static"
    env = base_env(DJANGO_DEBUG="1", DATABASE_URL=server.url(TEMPLATE_DB), DJANGO_MEDIA_ROOT=media)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo", env=env)
    documents = jsonlib.loads(manage("shell", "-c", EXTRA_DOCUMENTS, env=env).stdout.strip().splitlines()[-1])
    collect = {**env, **PRODUCTION, "DJANGO_STATIC_ROOT": static, "DJANGO_SETTINGS_MODULE": "faults.static_settings"}
    manage("collectstatic", "--noinput", "-v0", env={k: str(v) for k, v in collect.items()})
    return Demo(server=server, media=media, static=static, documents=documents)


# --- one portal: its database copy, media folder and processes ---------------------------------


class Portal:
    """One test's portal: a copy of the demo database, its media, and every process started for it."""

    def __init__(self, demo: Demo, workdir: Path, redis_url: str, media_root: Path | None = None, **settings):
        """Copy the demo database and media; nothing runs until web(), worker() or beat()."""
        self.demo, self.workdir = demo, Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.database = demo.clone()
        self.media = Path(media_root or self.workdir / "media")
        shutil.copytree(demo.media, self.media, dirs_exist_ok=True)
        self.env = base_env(
            **PRODUCTION,
            DATABASE_URL=demo.server.url(self.database),
            REDIS_URL=redis_url,
            DJANGO_MEDIA_ROOT=self.media,
            DJANGO_STATIC_ROOT=demo.static,
            DJANGO_LOG_LEVEL="INFO",
            **settings,
        )
        self.base = None
        self.processes: dict[str, ManagedProcess] = {}  # the latest one started under each name
        self._stack = contextlib.ExitStack()
        self._count = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self) -> None:
        """Stop every process this portal started (latest first)."""
        self._stack.close()

    # processes

    def _start(self, name: str, argv: list) -> ManagedProcess:
        self._count += 1
        log = self.workdir / f"{self._count:02d}-{name}.log"
        self.processes[name] = self._stack.enter_context(ManagedProcess(argv, env=self.env, cwd=ROOT, log_path=log))
        return self.processes[name]

    def web(self, workers: int = 2) -> str:
        """Gunicorn on a spare port with sync workers, as the README runs it; returns its base URL."""
        port = free_port()
        argv = [str(BIN / "gunicorn"), "cchc_portal.wsgi", "--bind", f"{LOOPBACK}:{port}",
                "--workers", str(workers), "--timeout", "30", "--access-logfile", "-"]  # fmt: skip
        process = self._start("gunicorn", argv)
        self.base = f"http://{LOOPBACK}:{port}"

        def up() -> bool:
            assert process.running, f"gunicorn exited:\n{process.log_text()[-3000:]}"
            return request("GET", f"{self.base}/healthz", timeout=2).status == 200

        wait_until(up, timeout=60, interval=0.2, message="gunicorn answering /healthz")
        return self.base

    def worker(self, name: str = "w1", concurrency: int = 2, wait: bool = True) -> ManagedProcess:
        """`celery worker` (prefork pool); with wait, returns once it says it is ready."""
        argv = [str(BIN / "celery"), "-A", "cchc_portal", "worker", "--loglevel=INFO",
                f"--concurrency={concurrency}", f"--hostname={name}@faults", "--without-mingle", "--without-gossip"]  # fmt: skip
        process = self._start(f"worker-{name}", argv)
        if wait:
            process.wait_for(f"{name}@faults ready.", timeout=60)
        return process

    def beat(self) -> ManagedProcess:
        """`celery beat`, its schedule and pid files in the test's directory."""
        argv = [str(BIN / "celery"), "-A", "cchc_portal", "beat", "--loglevel=INFO",
                f"--schedule={self.workdir / 'celerybeat-schedule'}", f"--pidfile={self.workdir / 'beat.pid'}"]  # fmt: skip
        process = self._start("beat", argv)
        process.wait_for("beat: Starting", timeout=30)
        return process

    def manage(self, *args, expect: int | None = 0, timeout: float = 120) -> subprocess.CompletedProcess:
        """manage.py with this portal's production environment (as cron would run it)."""
        return manage(*args, env=self.env, expect=expect, timeout=timeout)

    def sql(self, query: str) -> str:
        """One query on this portal's database (psql, unaligned output)."""
        return self.demo.server.psql(query, dbname=self.database)

    def files(self) -> dict[str, int]:
        """Every file under the media folder: {relative path: size}."""
        return {
            path.relative_to(self.media).as_posix(): path.stat().st_size
            for path in self.media.rglob("*")
            if path.is_file()
        }


def crash(process: ManagedProcess) -> list[int]:
    """SIGKILL a process and all its descendants at once (an OOM kill, a reboot); returns their pids."""
    victims = [process.pid, *process.children_pids()]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not process.running, timeout=10, message="the killed leader to exit")
    wait_until(lambda: not [pid for pid in victims if _alive(pid)], timeout=10, message=f"{victims} to die")
    return victims


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def worker_children(process: ManagedProcess) -> list[int]:
    """The prefork pool's processes of a worker."""
    return descendants(process.pid) if process.running else []


# --- HTTP ----------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


@dataclass
class Response:
    status: int  # 0: no HTTP answer at all (refused, reset, timed out)
    seconds: float
    text: str
    headers: dict = field(default_factory=dict)
    cookies: list = field(default_factory=list)  # Set-Cookie header values

    def json(self):
        return jsonlib.loads(self.text)


def request(method: str, url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 10):
    """One HTTP request to 127.0.0.1 -> Response; HTTP errors are statuses, connection failures status 0."""
    if urllib.parse.urlsplit(url).hostname != LOOPBACK:
        raise ValueError(f"fault tests only talk to {LOOPBACK}, not {url}")
    prepared = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    started = time.monotonic()
    try:
        with _OPENER.open(prepared, timeout=timeout) as answer:
            status, raw, head = answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as error:
        status, raw, head = error.code, error.read(), error.headers
    except (urllib.error.URLError, OSError, HTTPException) as error:
        return Response(0, time.monotonic() - started, str(getattr(error, "reason", error)))
    return Response(
        status,
        time.monotonic() - started,
        raw.decode("utf-8", "replace"),
        dict(head.items()),
        head.get_all("Set-Cookie") or [],
    )


def multipart(fields: dict, files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """Encode form fields and (field, file name, content, type) files as multipart/form-data."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content, kind in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {kind}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """A browser's session or an API token against one portal.

    Cookies are kept by hand: the portal's are `Secure` (production), which a
    cookie jar would never send over the plain HTTP of these tests.
    """

    def __init__(self, base: str):
        self.base, self.cookies, self.token = base, {}, None

    def call(self, method: str, path: str, *, form=None, json=None, files=None, timeout: float = 10) -> Response:
        """A request with this client's cookies (and CSRF token) or token."""
        headers, body = {}, None
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies and not self.token:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if files is not None:
            body, headers["Content-Type"] = multipart(form or {}, files)
        elif json is not None:
            body, headers["Content-Type"] = jsonlib.dumps(json).encode(), "application/json"
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif method != "GET":
            body = b""
        answer = request(method, self.base + path, body, headers, timeout)
        for header in answer.cookies:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return answer

    def get(self, path: str, **kwargs) -> Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.call("POST", path, **kwargs)

    def login(self, username: str) -> Client:
        """Sign in through the login page, as a browser does."""
        page = self.get("/accounts/login/")
        assert page.status == 200, (page.status, page.text[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = self.post(
            "/accounts/login/", form={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
        )
        assert answer.status == 302 and "sessionid" in self.cookies, (answer.status, answer.text[:500])
        return self

    def api_login(self, username: str) -> Client:
        """Get an API token (POST /api/v1/auth/token/)."""
        answer = request(
            "POST",
            f"{self.base}/api/v1/auth/token/",
            jsonlib.dumps({"username": username, "password": DEMO_PASSWORD}).encode(),
            {"Content-Type": "application/json"},
        )
        assert answer.status == 200, (answer.status, answer.text[:500])
        self.token = answer.json()["token"]
        return self
