"""Huanjie settings, all from the environment (one file, as in DESIGN.md).

HUANJIE_ENV      development (default) | demo | production. In production the secrets below must be given
                 (strong, distinct), so a production server never runs with a key from the repository;
                 development and the demo use fixed demo keys. docs/security.md lists what to configure.
DATABASE_URL     default: SQLite under var/ (WAL mode). PostgreSQL: postgres://user@host:5432/name
SECRET_KEY       required in production: at least 50 characters, 5 distinct, not a demo key.
DEBUG            "1"/"true" to turn on; off unless asked for.
ALLOWED_HOSTS    comma-separated; default localhost names.
ID_NUMBER_KEY    master secret of resident ID numbers' sealing and lookup keys (HKDF); required in production.
AUDIT_KEY        master secret of the audit chain's HMAC key (HKDF); required in production.
CRYPTO_SUITE     aes (default: AES-SIV, AES-CMAC, HMAC-SHA256) | sm (SM4-GCM, HMAC-SM3; GB/T 39786).
BULLETIN_URL     the bulletin's public https address; required in production.
SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_PRELOAD, SECURE_PROXY_SSL_HEADER  HTTPS, on by
                 default in production (docs/security.md).
REQUIRE_TWO_FACTOR  district administrators and street officers must pass a one-time code; default on in
                 production, off in development and the demo.
REDIS_URL        redis://host:6379/0: the cache (the bulletin's pages) and the sessions in Redis, shared by every
                 application server; unset: per-process memory and database sessions (docs/deployment.md).
JOBS_BROKER_URL  redis://host:6379/1: background jobs on Celery workers; unset: in the web process.
DATABASE_REPLICA_URL  postgres://user@replica:5432/name: a streaming replica that serves the public bulletin,
                 open data, statistics and reports (huanjie/core/replica.py); REPLICA_PIN_SECONDS (5) is
                 how long a browser that wrote reads the primary. Unset: every read on the primary.
SHARED_FILES_DIR where uploaded evidence and generated files live (a directory every server mounts);
                 FILE_STORAGE=s3 puts them in S3-compatible storage through django-storages instead.
MAIL_BACKEND     the mailer for the digest: console outside production, SMTP (MAIL_HOST, MAIL_PORT, …) in it.
LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES   failed logins before an account or an address is locked
                 out (default 5), and for how long (default 30; an administrator lifts it sooner).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HUANJIE_VAR", BASE_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


HUANJIE_ENV = os.environ.get("HUANJIE_ENV", "development")
if HUANJIE_ENV not in {"development", "demo", "production"}:
    raise ImproperlyConfigured(f"HUANJIE_ENV must be development, demo or production, not {HUANJIE_ENV!r}")

DEBUG = _flag("DEBUG")

PRODUCTION = HUANJIE_ENV == "production"
# Development and the demo only: fixed, well-known keys. Production refuses each of them (below).
DEMO_KEYS = {
    "SECRET_KEY": "huanjie-development-key-not-for-production-use-0123456789",
    "ID_NUMBER_KEY": "huanjie-demo-id-number-key-not-for-production-use-0123456789",
    "AUDIT_KEY": "huanjie-demo-audit-key-not-for-production-use-0123456789",
}


def _secret_setting(name: str, min_length: int) -> str:
    """A secret from the environment; in production it must be given, long, varied and not a demo key."""
    value = os.environ.get(name, "")
    if not PRODUCTION:
        return value or DEMO_KEYS[name]
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when HUANJIE_ENV=production (docs/security.md)")
    if len(value) < min_length or len(set(value)) < 5 or value in DEMO_KEYS.values():
        raise ImproperlyConfigured(
            f"{name} is weak: give at least {min_length} random characters (docs/security.md)"
        )
    return value


SECRET_KEY = _secret_setting("SECRET_KEY", 50)
# Each secret has its own job; one leaked key must not open the others' data.
ID_NUMBER_KEY = _secret_setting("ID_NUMBER_KEY", 32)
AUDIT_KEY = _secret_setting("AUDIT_KEY", 32)
if PRODUCTION and len({SECRET_KEY, ID_NUMBER_KEY, AUDIT_KEY}) < 3:
    raise ImproperlyConfigured("SECRET_KEY, ID_NUMBER_KEY and AUDIT_KEY must be three different secrets")
CRYPTO_SUITE = os.environ.get("CRYPTO_SUITE", "aes")
if CRYPTO_SUITE not in {"aes", "sm"}:
    raise ImproperlyConfigured(f"CRYPTO_SUITE must be aes or sm, not {CRYPTO_SUITE!r}")
if PRODUCTION and not os.environ.get("BULLETIN_URL", "").startswith("https://"):
    raise ImproperlyConfigured(
        "BULLETIN_URL must be the bulletin's https:// address when HUANJIE_ENV=production"
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")]
if "testserver" not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append("testserver")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",  # login throttling: lockouts per account and per address (huanjie/accounts/lockouts.py)
    "huanjie.auditlog",
    "huanjie.units",
    "huanjie.accounts",
    "huanjie.voters",
    "huanjie.elections",
    "huanjie.candidates",
    "huanjie.polling",
    "huanjie.party",
    "huanjie.handover",
    "huanjie.reports",
    "huanjie.supervision",
    "huanjie.web",
    "huanjie.office",
    "huanjie.bulletin",
    "huanjie.jobs",
    "huanjie.demo",
]

MIDDLEWARE = [
    "huanjie.bulletin.cache.CachedPageMiddleware",  # repeat public pages answered before everything else
    "huanjie.core.replica.ReplicaMiddleware",  # public and statistical reads to the replica, if there is one
    "huanjie.core.metrics.MetricsMiddleware",  # request latency for /metrics
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "huanjie.core.sessions.SessionMiddleware",  # Django's, the idle expiry saved once a minute (not per request)
    "huanjie.core.language.LanguageMiddleware",
    "huanjie.core.input.InputCheckMiddleware",  # NUL and non-ASCII numbers refused with a 400, located
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "huanjie.accounts.twofactor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "huanjie.core.uploads.UploadLimitMiddleware",  # before any view reads the body
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "huanjie.core.security.PersonalDataMiddleware",
    "huanjie.auditlog.access.AccessLogMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into the lockout page (last, as axes asks)
]

ROOT_URLCONF = "huanjie.urls"
WSGI_APPLICATION = "huanjie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "huanjie" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huanjie.office.context.office",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'huanjie.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the bulletin read while a clerk writes; see DESIGN.md conventions. read_uncommitted acts only
    # on a shared-cache database — the test run's in-memory one, where the server's job thread and a page
    # share one cache and a page's read of a table the job is writing failed at once with "database table
    # is locked" (shared-cache locks ignore busy_timeout); a file database, the demo's, is not affected.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
        "PRAGMA read_uncommitted=1;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica (PostgreSQL streaming replication): the public bulletin, open data, statistics and
# reports read from it, everything else from the primary; a browser that just wrote reads the primary
# for REPLICA_PIN_SECONDS (huanjie/core/replica.py, docs/deployment.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["huanjie.core.replica.ReplicaRouter"]
REPLICA_PIN_SECONDS = float(os.environ.get("REPLICA_PIN_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Login throttling (django-axes). The first backend refuses a locked-out account or address before the
# password is checked; failures count per account (summed over addresses) and per address (summed over
# accounts); a lockout ends after LOGIN_LOCKOUT_MINUTES or when a district administrator lifts it on the
# Accounts page. Lockouts and lifts are audit events (huanjie/accounts/lockouts.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False  # an insider's own successful login must not wipe an address's failures
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit log already; axes keeps only failures
AXES_LOCKOUT_CALLABLE = "huanjie.accounts.lockouts.lockout_response"
AXES_VERBOSE = False
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "office:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sessions end after 8 idle hours and when the browser closes: offices share computers. The expiry
# slides with each request, saved at most every SESSION_TOUCH_SECONDS (huanjie/core/sessions.py) rather
# than on every request (SESSION_SAVE_EVERY_REQUEST: a database write per page).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_TOUCH_SECONDS = int(os.environ.get("SESSION_TOUCH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: on by default in production, each settable (a TLS-terminating proxy sets X-Forwarded-Proto).
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(31536000 if PRODUCTION else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", PRODUCTION)
if _flag("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content Security Policy (Django's own middleware): scripts only from our static files, never inline;
# inline style attributes stay allowed (bar widths in the reports).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
REQUIRE_TWO_FACTOR = _flag("REQUIRE_TWO_FACTOR", PRODUCTION)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Huanjie")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "huanjie" / "locale"]
LANGUAGE_COOKIE_NAME = "huanjie_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
# Uploaded evidence and generated files (jobs' results): a directory every application server and worker
# reads — on several machines a shared mount (NFS, a cluster filesystem) named by SHARED_FILES_DIR — or,
# with FILE_STORAGE=s3, an S3-compatible object store through django-storages (docs/deployment.md).
MEDIA_ROOT = Path(os.environ.get("SHARED_FILES_DIR", VAR_DIR / "media"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_STORAGE = os.environ.get("FILE_STORAGE", "filesystem")
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", "huanjie"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY", ""),
            "secret_key": os.environ.get("S3_SECRET_KEY", ""),
            "region_name": os.environ.get("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,  # evidence is personal data: never a public object
            "file_overwrite": False,
        },
    }
elif FILE_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"FILE_STORAGE must be filesystem or s3, not {FILE_STORAGE!r}")
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The public bulletin serves repeat requests from this cache (huanjie/bulletin/cache.py). Local memory,
# per process, by default; several server processes share one cache with CACHE_URL=redis://host:6379/0
# (needs the `redis` package) — see docs/bulletin.md.
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "huanjie",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
    }
}
# REDIS_URL (or the older CACHE_URL) puts the cache in Redis, shared by every application server: a page
# cached by one is served by all, and a publication (the edition moving on) is seen by all within
# BULLETIN_FRESHNESS. Sessions then live in that cache, backed by the database (cached_db): a user is
# not logged out when a request lands on another server, nor when Redis restarts.
REDIS_URL = os.environ.get("REDIS_URL", "") or os.environ.get("CACHE_URL", "")
if REDIS_URL.startswith("redis"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "huanjie"),
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background jobs (huanjie/jobs, docs/deployment.md). With JOBS_BROKER_URL they go to Celery workers
# (`celery -A huanjie.jobs.worker worker`); without, a small pool of threads in the web process runs them
# (JOBS_THREADS), so a single district needs nothing more. JOBS_MODE=sync runs them at once (tests).
JOBS_BROKER_URL = os.environ.get("JOBS_BROKER_URL", "")
JOBS_MODE = os.environ.get("JOBS_MODE", "")
if JOBS_MODE not in {"", "celery", "thread", "sync"}:
    raise ImproperlyConfigured(f"JOBS_MODE must be celery, thread or sync, not {JOBS_MODE!r}")
JOBS_THREADS = int(os.environ.get("JOBS_THREADS", "2"))
# A running job's heartbeat moves every quarter of this; a job whose heartbeat is older was left by a
# dead worker and is taken over.
JOBS_LEASE_SECONDS = float(os.environ.get("JOBS_LEASE_SECONDS", "60"))
# How often beat queues again the jobs whose message was lost (huanjie/jobs/runner.py `sweep`).
JOBS_SWEEP_SECONDS = float(os.environ.get("JOBS_SWEEP_SECONDS", "30"))
# A voter file uploaded through the office larger than this is imported by a background job.
VOTER_UPLOAD_JOB_BYTES = int(os.environ.get("VOTER_UPLOAD_JOB_BYTES", str(512 * 1024)))
# Where the publish job writes the static bulletin (the web server's root for it).
PUBLISH_DIR = Path(os.environ.get("PUBLISH_DIR", VAR_DIR / "site"))
CELERY_BROKER_URL = JOBS_BROKER_URL
CELERY_TASK_ACKS_LATE = True  # acknowledged after the job, so a worker's death gives it back to the queue
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a child killed mid-job: its message is requeued, not acknowledged
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # reserve one message at a time: nothing waits behind a long job
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_IGNORE_RESULT = True  # the Job row is the result store
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("JOBS_QUEUE", "huanjie-jobs")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged message after this many seconds: longer than any one job runs, or a
# live job is offered twice (harmless — the second finds it running and waits — but wasted).
# Each worker sweeps for such messages every JOBS_RESTORE_INTERVAL seconds.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, int | str] = {
    "visibility_timeout": int(os.environ.get("JOBS_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": int(os.environ.get("JOBS_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": 1,
}
if os.environ.get("JOBS_KEY_PREFIX"):  # several deployments (or test runs) on one Redis database
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = os.environ["JOBS_KEY_PREFIX"]
CELERY_TIMEZONE = "Asia/Shanghai"
# The daily progress snapshot is scheduled by Celery beat at SNAPSHOT_AT (huanjie/jobs/worker.py).
SNAPSHOT_AT = os.environ.get("SNAPSHOT_AT", "06:00")
DIGEST_AT = os.environ.get("DIGEST_AT", "07:00")  # and the digest's mails

# Limits on uploads and imported tables (huanjie/core/uploads.py; README "Limits"). A request over the
# upload limit is refused before its body is read; a file is cut at it as it arrives.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))  # data rows of a table uploaded in a page
IMPORT_MAX_RATIO = int(os.environ.get("IMPORT_MAX_RATIO", "100"))  # an XLSX's expanded size / its size
IMPORT_MAX_EXPANDED_BYTES = int(os.environ.get("IMPORT_MAX_EXPANDED_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_ERRORS = int(os.environ.get("IMPORT_MAX_ERRORS", "10000"))  # kept for the error file
IMPORT_ERRORS_SHOWN = int(os.environ.get("IMPORT_ERRORS_SHOWN", "200"))  # shown in the page
FILE_UPLOAD_HANDLERS = [
    "huanjie.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The demo and training may fix "today" (huanjie/core/clock.py); production always runs on the real date.
HUANJIE_TODAY = os.environ.get("HUANJIE_TODAY", "") if not PRODUCTION else ""


# Mail (the digest of overdue and due-soon stages). The console in development and the demo; SMTP in
# production, configured by MAIL_HOST, MAIL_PORT, MAIL_USER, MAIL_PASSWORD, MAIL_TLS.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get(
            "MAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("MAIL_HOST", "localhost"),
        "port": int(os.environ.get("MAIL_PORT", "25")),
        "username": os.environ.get("MAIL_USER", ""),
        "password": os.environ.get("MAIL_PASSWORD", ""),
        "use_tls": _flag("MAIL_TLS"),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "huanjie@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")  # /metrics also answers a request bearing it
