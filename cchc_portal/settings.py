"""Settings for the CCHC inspection portal.

Everything comes from the environment (see `.env.example`). Production is the
default: without `DJANGO_DEBUG=1` (which `make run` and `make test` set) the
portal needs its secret key and host names. With nothing else set it runs
embedded: SQLite, Celery tasks in-process, e-mail printed to the console, files in
`./media`. `DATABASE_URL` and `REDIS_URL` switch it to PostgreSQL and real workers.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

# Off unless asked for: a server started without its environment must not show tracebacks.
DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    # Production refuses to start on guessable defaults.
    missing = [name for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS") if not env(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            f"Production (DJANGO_DEBUG unset or 0) needs {', '.join(missing)} in the environment; "
            "for development set DJANGO_DEBUG=1 (make run and make test do)."
        )
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "core.axes_config.SignInAttemptsConfig",  # django-axes, named in Vietnamese in the admin
    "django_htmx",
    "bootstrap",
    "cchc_portal",
    "core",
    "units",
    "inspections",
    "remediation",
    "reports",
    "audit",
]

MIDDLEWARE = [
    # First, so that every log line of the request, and its error page, carries the id.
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Counts the queries of everything below it; only with CCHC_QUERY_COUNT_HEADER=1.
    "cchc_portal.middleware.QueryCountHeaderMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go compressed (the visit page is ~10x smaller on a phone's link). BREACH is mitigated:
    # Django masks the CSRF token per response and this middleware pads each gzip stream with up
    # to 100 random bytes ("Heal the Breach"); static files come compressed from WhiteNoise above.
    "core.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Decomposed Vietnamese (macOS keyboards, Word pastes) is composed before any view reads it.
    "core.middleware.UnicodeNFCMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login; DRF views opt out and answer 401 themselves.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Signed-in responses are not cached; a session idle for SESSION_COOKIE_AGE ends.
    "core.sessions.SignedInNoStoreMiddleware",
    "core.sessions.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc_portal.urls"
WSGI_APPLICATION = "cchc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc_portal.context_processors.navigation",
            ],
            # After Django's own: `date`, `truncatechars` and `url` with a fast path for the rows of lists.
            "builtins": ["core.templatetags.fast_filters", "core.templatetags.fast_tags"],
        },
    },
    {
        # The rows of long lists (core/jinja.py says why), drawn by `{% jinja %}` inside the pages above.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "core.jinja.environment"},
    },
]
# A name a row template misspells fails (development and tests) rather than printing nothing.
JINJA_STRICT = env.bool("DJANGO_JINJA_STRICT", default=DEBUG)

# Database: SQLite file by default, PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60 if not DEBUG else 0)
# A connection kept across requests is checked before use, so the first request after a
# database restart gets a new connection instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    # axes first, so that a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): five failures for one username from one
# address lock that pair out for fifteen minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# Language, time zone and formats: Vietnamese UI, dates as dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc_portal.formats"]

# Static files come from installed packages (Bootstrap, htmx) and ./static,
# served by WhiteNoise; no CDN.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded files are private: no URL serves the media folder; views that check
# permissions stream them.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    # Files appear whole or not at all; a full disk is a message, not a truncated file.
    "default": {"BACKEND": "core.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# A deleted file stays this long (a backup taken meanwhile restores rows whose files are there).
CCHC_FILE_RETENTION_DAYS = env.int("CCHC_FILE_RETENTION_DAYS", default=7)
# `manage.py backup` writes its archives here (relative to the working directory) unless --output says otherwise.
BACKUP_DIR = Path(env("DJANGO_BACKUP_DIR", default="backups"))

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    # e.g. smtp+tls://user:password@mail.example.gov.vn:587 sets EMAIL_BACKEND, EMAIL_HOST, ...
    globals().update(env.email_url("EMAIL_URL"))
# A mail server that accepts the connection and then says nothing must not hold a worker (and the
# outbox row it is sending) for ever: the send fails after this many seconds and is retried later.
EMAIL_TIMEOUT = env.int("CCHC_EMAIL_TIMEOUT", default=30)
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Cổng kiểm tra CCHC <cchc@localhost>")

# Redis: broker and cache once REDIS_URL is set.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
USES_REAL_BROKER = not CELERY_BROKER_URL.startswith("memory://")
# No result backend: nothing reads task results (the database holds every job's state), and
# an unused backend is one more Redis connection a request could wait on.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Embedded default: no broker, so tasks run in the calling process.
CELERY_TASK_ALWAYS_EAGER = not USES_REAL_BROKER
# A job that fails in-process records its failure on its row (as on a worker) and never turns the
# request that asked for it into an error page; the test suite lets failures through to see them.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="cchc")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

# A web request never waits on the broker for more than about a second: the intent is already
# in the database (a status or an outbox row), so a publish that fails is retried by the sweeper.
BROKER_TIMEOUT_SECONDS = env.float("CCHC_BROKER_TIMEOUT_SECONDS", default=1.0)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_TASK_PUBLISH_RETRY = False

# The longest job is a render of a long report: killed after RENDER_TIME_LIMIT seconds.
# A job still marked running after its lease is dead (its worker was killed or lost its
# database): the sweeper queues it again. The lease outlasts the time limit, so a job that
# is merely slow is never run twice at once; the broker's visibility timeout (how long
# Redis waits for an acknowledgement before handing an unacknowledged message to another
# worker) outlasts the lease, so the sweeper, not a surprise redelivery, restarts dead work.
RENDER_SOFT_TIME_LIMIT = env.int("CCHC_RENDER_SOFT_TIME_LIMIT", default=120)
RENDER_TIME_LIMIT = env.int("CCHC_RENDER_TIME_LIMIT", default=180)
JOB_LEASE_SECONDS = env.int("CCHC_JOB_LEASE_SECONDS", default=RENDER_TIME_LIMIT + 60)
CELERY_TASK_SOFT_TIME_LIMIT = RENDER_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = RENDER_TIME_LIMIT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": JOB_LEASE_SECONDS + 60,
    # A publish that cannot connect gives up at once: kombu would otherwise sleep 2 s before trying
    # again (the fault tests measured 2.1 s per request). Workers and beat reconnect on their own
    # terms (CELERY_BROKER_CONNECTION_MAX_RETRIES), which this does not change.
    "max_retries": 0,
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": max(BROKER_TIMEOUT_SECONDS, 5.0),
    "retry_on_timeout": False,
}
# Workers run below the web processes' CPU priority (nice 0-19; 0: the same): where both share a
# machine, a 60-page report rendering must not make the pages people are waiting for slower.
WORKER_NICENESS = env.int("CCHC_WORKER_NICENESS", default=10)
# Queued work whose message was lost (broker down at the time) is sent again after this long.
# The dashboard's figures are counted at most this often for the users who see the same (0: always).
FIGURES_CACHE_SECONDS = env.int("CCHC_FIGURES_SECONDS", default=300)
# Older figures are still shown (with the time they were counted) while a worker counts them again.
FIGURES_STALE_SECONDS = env.int("CCHC_FIGURES_STALE_SECONDS", default=3600)
# A long list's XLSX, written by a worker, is kept this many days for its download.
SPREADSHEET_DAYS = env.int("CCHC_SPREADSHEET_DAYS", default=3)
REDISPATCH_AFTER_SECONDS = env.int("CCHC_REDISPATCH_AFTER_SECONDS", default=30)
SWEEP_EVERY_SECONDS = env.int("CCHC_SWEEP_EVERY_SECONDS", default=60)
# An e-mail the mail server refused waits this long before its second attempt, twice that before
# its third, ... (at most an hour); the fault tests shorten it to see a mail server come back.
MAIL_FIRST_RETRY_SECONDS = env.int("CCHC_MAIL_FIRST_RETRY_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "remediation-reminders": {
        "task": "remediation.tasks.send_remediation_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "background-sweep": {
        "task": "cchc_portal.tasks.sweep",
        "schedule": timedelta(seconds=SWEEP_EVERY_SECONDS),
    },
    "scheduled-reorganisations": {
        "task": "units.tasks.apply_scheduled_reorganisations",
        "schedule": crontab(hour=0, minute=5),
    },
    "purge-deleted-files": {
        "task": "core.tasks.purge_deleted_files",
        "schedule": crontab(hour=3, minute=30),
    },
}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Portals sharing one Redis (a staging copy, a benchmark's two databases) keep apart:
            # a cached figure belongs to the database it was counted from.
            "KEY_PREFIX": env("CCHC_CACHE_PREFIX", default=str(DATABASES["default"]["NAME"])),
            # The cache is an optimisation: a Redis that is down costs a request a second, not a hang.
            "OPTIONS": {"socket_connect_timeout": BROKER_TIMEOUT_SECONDS, "socket_timeout": BROKER_TIMEOUT_SECONDS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content-Security-Policy (django-csp): scripts only from the portal's own static files, never
# inline, so markup slipped into a finding cannot run. Styles may be inline: the charts are
# matplotlib SVG with <style> inside, and htmx adds its indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# A signed-in session ends after this long without a request (public-sector portals use 15-30 min;
# inspectors' unsaved findings survive it as drafts in the browser).
SESSION_COOKIE_AGE = env.int("CCHC_SESSION_IDLE_MINUTES", default=30) * 60

# Password-reset e-mails to one address in an hour; more are dropped without a word.
PASSWORD_RESET_LIMIT = env.int("CCHC_PASSWORD_RESET_LIMIT", default=3)

# API tokens live this many days from when they are handed out; a password change revokes them.
CCHC_TOKEN_DAYS = env.int("CCHC_TOKEN_DAYS", default=30)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a request without credentials gets 401 (with WWW-Authenticate), not 403.
        "units.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",  # refuses JSON nested past any real body (a 400, never a RecursionError)
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCHC inspection portal API",
    "DESCRIPTION": "Public API v1. Paths and fields listed in API.md are a contract: added to, never renamed.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "units.models.organisation.UnitKind",
        "ReorganisationKindEnum": "units.models.organisation.ReorganisationKind",
        "RoleEnum": "units.models.people.Role",
        "PlanStatusEnum": "inspections.models.plans.PlanStatus",
        "PlanKindEnum": "inspections.models.plans.PlanKind",
        "VisitStatusEnum": "inspections.models.visits.VisitStatus",
        "FindingKindEnum": "inspections.models.findings.FindingKind",
        "TaskStatusEnum": "remediation.states.TaskStatus",
        "TaskEventKindEnum": "remediation.models.tasks.EventKind",
        "TeamRoleEnum": "inspections.models.plans.TeamRole",
        "DocumentStatusEnum": "reports.models.DocumentStatus",
        "DocumentKindEnum": "reports.models.DocumentKind",
        "PdfStatusEnum": "reports.models.PdfStatus",
        "AuthorityEnum": "reports.models.Authority",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.middleware.RequestIdLogFilter"},
        "chart_style_noise": {"()": "core.middleware.ChartStyleNoiseFilter"},
    },
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO" if not DEBUG else "WARNING")},
    "loggers": {"weasyprint": {"filters": ["chart_style_noise"]}},
}
CSRF_FAILURE_VIEW = "core.error_views.csrf_failure"

# Links in e-mails point here.
CCHC_SITE_URL = env("CCHC_SITE_URL", default="http://127.0.0.1:8000")

# Measurements only (bench/pages.py): the SQL query count of each request in an X-Query-Count header.
CCHC_QUERY_COUNT_HEADER = env.bool("CCHC_QUERY_COUNT_HEADER", default=False)

# Limits on uploaded evidence and imported files.
CCHC_MAX_UPLOAD_MB = env.int("CCHC_MAX_UPLOAD_MB", default=20)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
