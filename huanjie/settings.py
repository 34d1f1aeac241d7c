"""Huanjie settings, all from the environment (one file, as in DESIGN.md).

HUANJIE_ENV      development (default) | demo | production. Outside development and demo a SECRET_KEY
                 must be given, so a production server never runs with a key from the repository.
DATABASE_URL     default: SQLite under var/ (WAL mode). PostgreSQL: postgres://user@host:5432/name
SECRET_KEY       required in production.
DEBUG            "1"/"true" to turn on; off unless asked for.
ALLOWED_HOSTS    comma-separated; default localhost names.
ID_NUMBER_KEY    key for encrypting and hashing resident ID numbers (defaults to one derived from SECRET_KEY).
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

_secret = os.environ.get("SECRET_KEY")
if not _secret:
    if HUANJIE_ENV == "production":
        raise ImproperlyConfigured("SECRET_KEY must be set when HUANJIE_ENV=production")
    # Development and demo only: a fixed, well-known key. Never valid in production (checked above).
    _secret = "huanjie-development-key-not-for-production-use-0123456789"
SECRET_KEY = _secret

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
    "huanjie.office",
    "huanjie.bulletin",
    "huanjie.demo",
]

MIDDLEWARE = [
    "huanjie.bulletin.cache.CachedPageMiddleware",  # repeat public pages answered before everything else
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "huanjie.core.language.LanguageMiddleware",
    "huanjie.core.input.InputCheckMiddleware",  # NUL and non-ASCII numbers refused with a 400, located
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    # WAL lets the bulletin read while a clerk writes; see DESIGN.md conventions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

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

# Staff sessions end after 8 idle hours and when the browser closes: offices share computers.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HUANJIE_ENV == "production"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
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
if os.environ.get("CACHE_URL", "").startswith("redis"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }

ID_NUMBER_KEY = os.environ.get("ID_NUMBER_KEY", "")

# The demo and training may fix "today" (huanjie/core/clock.py); production always runs on the real date.
HUANJIE_TODAY = os.environ.get("HUANJIE_TODAY", "") if HUANJIE_ENV != "production" else ""


# Mail (the digest of overdue and due-soon stages). The console in development and the demo; SMTP in
# production, configured by MAIL_HOST, MAIL_PORT, MAIL_USER, MAIL_PASSWORD, MAIL_TLS.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get(
            "MAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if HUANJIE_ENV == "production"
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
