"""What the benchmarks share: the bench databases, a production-like server, a signed-in client.

Everything runs on 127.0.0.1: gunicorn (and, for the load test, a Celery worker) in its own
process group, stopped with it; PostgreSQL databases named by the caller, built once.
"""

import gzip
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CELERY = str(Path(sys.executable).with_name("celery"))
PASSWORD = "cchc-demo-2026"  # the demo users' password (units/demo.py)
# Nothing from the caller's shell reaches the server: the bench sets what it needs.
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "CCHC_"))
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def production_env(workdir: Path) -> dict:
    """Production settings (DEBUG off, a fresh key) on plain HTTP, files in `workdir`, no e-mail."""
    return {
        **CLEAN_ENV,
        "DJANGO_SETTINGS_MODULE": "cchc_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        "CCHC_QUERY_COUNT_HEADER": "1",
    }


def database_options(parser, redis: str, rebuild: bool = True) -> None:
    """The options every bench takes: its two databases, the PostgreSQL server and its Redis database."""
    parser.add_argument("--demo-db", default="cchc_bench_demo")
    parser.add_argument("--province-db", default="cchc_bench_province")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--redis", default=redis, help="Redis database of the bench's own")
    if rebuild:
        parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench databases first")


def parse_local(parser):
    """The parsed options, refused unless PostgreSQL and Redis are on this machine: benches go nowhere else."""
    options = parser.parse_args()
    for name, address in (("--postgres", options.postgres), ("--redis", options.redis)):
        if "127.0.0.1" not in address and "localhost" not in address:
            parser.error(f"{name} must point at this machine (127.0.0.1): the bench goes nowhere else")
    return options


class BenchError(Exception):
    """Something the measurement cannot go on without (a database, the server, a login)."""


# --- databases --------------------------------------------------------------------


def database_url(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def maintenance(base: str):
    connection = psycopg2.connect(database_url(base, "postgres"))
    connection.autocommit = True
    return connection


def _maintenance_sql(base: str, sql: str, params=None):
    """One statement on the server's `postgres` database (autocommit: CREATE/DROP DATABASE); its first row."""
    connection = maintenance(base)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def database_exists(base: str, name: str) -> bool:
    return _maintenance_sql(base, "SELECT 1 FROM pg_database WHERE datname = %s", [name]) is not None


def database_drop(base: str, name: str) -> None:
    _maintenance_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_create(base: str, name: str) -> None:
    _maintenance_sql(base, f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


def has_make_province(env: dict) -> bool:
    return manage(env, "help", "make_province", check=False).returncode == 0


def ensure_database(base: str, name: str, loader: str, env: dict, rebuild: bool) -> None:
    """Build the database with migrate + `loader` unless it is there; a half-built one is dropped."""
    if rebuild:
        database_drop(base, name)
    elif database_exists(base, name):
        manage({**env, "DATABASE_URL": database_url(base, name)}, "migrate", "--noinput")  # the code may be newer
        return
    log(f"building {name}: migrate + {loader} (once; --rebuild to start again)")
    started = time.perf_counter()
    database_create(base, name)
    try:
        build_env = {**env, "DATABASE_URL": database_url(base, name)}
        manage(build_env, "migrate", "--noinput")
        manage(build_env, loader)
    except BaseException:
        database_drop(base, name)
        raise
    log(f"built {name} in {time.perf_counter() - started:.0f} s")


# --- the server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Background:
    """A process in its own process group, so that stopping it stops its children too."""

    def __init__(self, command: list[str], env: dict, log_path: Path):
        self.log_path = log_path
        with open(log_path, "wb") as log_file:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
            )

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


class Worker(Background):
    """`celery worker` on the queue the environment names (prefork, `concurrency` processes)."""

    def __init__(self, env: dict, workdir: Path, label: str, concurrency: int = 1):
        command = [CELERY, "-A", "cchc_portal", "worker", "--loglevel=WARNING", f"--concurrency={concurrency}"]
        command += [f"--hostname={label}@bench", "--without-mingle", "--without-gossip"]
        super().__init__(command, env, workdir / f"worker-{label}.log")


class Server(Background):
    """gunicorn (`workers` processes of `threads` threads each) on a free port of 127.0.0.1."""

    def __init__(self, env: dict, workdir: Path, label: str, workers: int = 2, threads: int = 1):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [GUNICORN, "cchc_portal.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        command += ["--worker-class", "sync" if threads == 1 else "gthread", "--threads", str(threads)]
        # Keep-alive longer than a client's pause, as a proxy in front would: gunicorn's 2 s default
        # closes connections a client is about to reuse (connection reset by peer).
        command += ["--keep-alive", "30", "--timeout", "120", "--chdir", str(ROOT)]
        super().__init__(command, env, workdir / f"gunicorn-{label}.log")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer /healthz in {timeout:.0f} s:\n{self.log_tail()}")


def markdown_table(lines: list[list[str]], numeric: set[int]) -> str:
    """`lines` (the head first) as a Markdown table, the `numeric` columns right-aligned."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]

    def render(cells):
        padded = [
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in numeric else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([render(lines[0]), rule, *map(render, lines[1:])])


# --- the client -------------------------------------------------------------------


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Send the production cookies (Secure) over plain HTTP to the local server."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer being measured, not a page to go on to."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self) -> str:
        return self.decoded().decode("utf-8", errors="replace")

    def decoded(self) -> bytes:
        return gzip.decompress(self.body) if self.headers.get("Content-Encoding") == "gzip" else self.body

    def json(self):
        return json.loads(self.decoded())


class Client:
    """One signed-in user: a cookie jar, urllib, no redirects followed."""

    def __init__(self, base: str, username: str):
        self.base, self.username = base, username
        self.jar = http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Accept-Encoding", "gzip")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as answer:
                content = answer.read()
                status, answer_headers = answer.status, answer.headers
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            content, status, answer_headers = error.read(), error.code, error.headers
        return Response(status, answer_headers, content, time.perf_counter() - started)

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def csrf(self) -> dict:
        """What a page's script sends with a write: the token, and the browser's Origin."""
        return {"Origin": self.base, "X-CSRFToken": self.cookie("csrftoken")}

    def post(self, path: str, body: bytes, content_type: str, headers: dict | None = None) -> Response:
        return self.request("POST", path, body, {"Content-Type": content_type, **self.csrf(), **(headers or {})})

    def post_form(self, path: str, fields: dict, headers: dict | None = None) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        return self.post(path, body, "application/x-www-form-urlencoded", headers)

    def post_multipart(self, path: str, fields: dict, files: dict, headers: dict | None = None) -> Response:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        for name, (filename, content, mime) in files.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(f"{head}Content-Type: {mime}\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.post(path, b"".join(parts), f"multipart/form-data; boundary={boundary}", headers)

    def post_json(self, path: str, data: dict) -> Response:
        return self.post(path, json.dumps(data).encode(), "application/json")

    def api(self, path: str):
        response = self.get(f"/api/v1/{path}")
        if response.status != 200:
            raise BenchError(f"GET /api/v1/{path} as {self.username}: HTTP {response.status}")
        return response.json()

    def login(self) -> None:
        """Through the real form: its CSRF token, then the POST that answers with a redirect."""
        form = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        if form.status != 200 or not token:
            raise BenchError(f"no login form (HTTP {form.status})")
        fields = {"csrfmiddlewaretoken": token.group(1), "username": self.username, "password": PASSWORD, "next": ""}
        answer = self.post_form("/accounts/login/", fields)
        if answer.status != 302 or not self.cookie("sessionid"):
            raise BenchError(f"login as {self.username} failed (HTTP {answer.status})")


class FormFields(HTMLParser):
    """The fields of the form whose action is `action`, with the values a browser would send."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if (kind in ("radio", "checkbox") and "checked" not in attrs) or kind in ("submit", "button", "file"):
                return
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields[self._textarea] = ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


# --- measuring --------------------------------------------------------------------
