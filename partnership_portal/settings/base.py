"""Settings for every environment, driven by environment variables (see README, "Settings").

Development (``make run``) works with no variables at all when ``DEBUG=true``; production
needs at least ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``CELERY_BROKER_URL``.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .broker import broker_transport_options, cancel_tasks_on_connection_loss, retry_on_channel_errors
from .env import (
    env_bool,
    env_broker_url,
    env_choice,
    env_db,
    env_email,
    env_int,
    env_list,
    env_str,
    env_timezone,
)
from .storage import default_storage_setting, env_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Core -----------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", None)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram indexes (pg_trgm) of the list searches; inert on SQLite
    # third party
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_celery_beat",
    "django_htmx",
    "simple_history",
    # project
    "partnership_portal",
    "partnership_portal.accounts",
    "partners",
    "practice",
    "contracts",
    "events",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partnership_portal.middleware.CookieLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A lost database connection: a clean 503 page, the broken connection closed (faults).
    "partnership_portal.middleware.DatabaseUnavailableMiddleware",
    "partnership_portal.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "partnership_portal.middleware.PrivacyHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns lock-outs raised by authentication into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership_portal.urls"
WSGI_APPLICATION = "partnership_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership_portal.context_processors.portal",
            ],
            # Django's {% url %} and |date, the same output, faster (loaded after Django's own).
            "builtins": ["partnership_portal.templatetags.portal_builtins"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env_db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
# PostgreSQL plans a query with many joins (a list row with its organisation, student, group,
# specialty, period, supervisors…) by trying their orders: ~10 ms to plan a query that runs in 1.
# Django writes the joins in the order they are best run for a page of rows; at 3 the planner
# still reorders each three of them. 0 leaves the server's setting (e.g. behind a pooler that
# refuses start-up options).
DATABASE_JOIN_COLLAPSE_LIMIT = env_int("DATABASE_JOIN_COLLAPSE_LIMIT", 3, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_JOIN_COLLAPSE_LIMIT:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c join_collapse_limit={DATABASE_JOIN_COLLAPSE_LIMIT}".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded default for `make run`: wait for locks instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# The indicator dashboard keeps its figures here for ten minutes. Unset: each process's own memory
# (enough for `make run`); with several web processes or hosts, a Redis database they share.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r} must be a redis:// or rediss:// URL")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Brute-force protection: lock a username from one IP after 5 failures, for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form field (it holds the e-mail)
AXES_USERNAME_CALLABLE = "partnership_portal.accounts.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after 30 minutes idle and 12 hours in all (see accounts.middleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# HTTPS flags: on by default whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: behaviour lives in static/js, looks in static/css, and
# htmx is told not to inject its indicator styles (the htmx-config meta tag in base.html).
# data: images are Bootstrap's form controls (SVG in its CSS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", {code for code, _name in LANGUAGES}, "ru")
TIME_ZONE = env_timezone("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded files are never served from a public URL: downloads go through permission-checked views.
MEDIA_URL = "/media-not-served/"
# Unset, files live under MEDIA_ROOT (one host); with STORAGE_URL, in a private S3-compatible
# bucket that every web and worker host shares (settings/storage.py, README "Several hosts").
STORAGES = {
    "default": default_storage_setting(env_storage("STORAGE_URL")),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
_email = env_email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"] or None
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@college.example")
# The portal's public address, for links in letters sent by background tasks.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's form renderer, with <select> written in Python (the same markup, a fraction of the time).
FORM_RENDERER = "partnership_portal.forms_renderer.PortalFormRenderer"
PAGINATE_BY = 25

# --- Celery ---------------------------------------------------------------------------------
# With no broker, tasks run in-process (the `make run` default); with one, a worker runs them.
# The broker is Redis (redis://, rediss://) or RabbitMQ (amqp://, amqps://): see README and
# settings/broker.py for what differs between them.
CELERY_BROKER_URL = env_broker_url("CELERY_BROKER_URL", None)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# No result backend: progress (batch PDFs, reports) is read from the database the tasks write.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# A task is acknowledged only when done; if its worker dies, the broker hands it out again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis: visibility timeout and restore interval; RabbitMQ: publisher confirms (settings/broker.py).
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)
# RabbitMQ only: seconds between heartbeats, so a worker whose host vanished without closing its
# connection is noticed (and its task handed out again) after about two of them. Redis ignores it.
CELERY_BROKER_HEARTBEAT = env_int("CELERY_BROKER_HEARTBEAT", 60, minimum=0)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = cancel_tasks_on_connection_loss(CELERY_BROKER_URL)
CELERY_BROKER_CHANNEL_ERROR_RETRY = retry_on_channel_errors(CELERY_BROKER_URL)
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "portal")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "purge-expired-sessions": {
        "task": "accounts.purge_expired_sessions",
        "schedule": timedelta(hours=24),
    },
    "refresh-partner-health": {
        "task": "partners.refresh_partner_health",
        "schedule": timedelta(hours=24),
    },
    "close-expired-offers": {
        "task": "practice.close_expired_offers",
        "schedule": timedelta(hours=24),
    },
    "daily-contract-check": {
        "task": "contracts.daily_contract_check",
        "schedule": timedelta(hours=24),
    },
    "send-review-reminders": {
        "task": "practice.send_review_reminders",
        "schedule": timedelta(hours=24),
    },
    "send-event-reminders": {
        "task": "events.send_event_reminders",
        "schedule": timedelta(hours=6),  # each person is written to once, the day before
    },
    "requeue-stuck-renders": {
        "task": "contracts.requeue_stuck_renders",
        "schedule": timedelta(minutes=5),  # contract PDFs whose task was lost (Redis emptied, say)
    },
    "remind-employment-checkpoints": {
        "task": "monitoring.remind_employment_checkpoints",
        "schedule": timedelta(hours=24),  # coordinators are written to once per group and checkpoint
    },
    "make-scheduled-reports": {
        "task": "monitoring.make_scheduled_reports",
        # Daily at 06:00 Moscow: the latest finished month's, quarter's and year's reports, each made once.
        "schedule": crontab(hour=6, minute=0),
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", {"DEBUG", "INFO", "WARNING", "ERROR"}, "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Portal ---------------------------------------------------------------------------------
PORTAL_NAME = _("College–employer partnership portal")
# A partner with no recorded activity for this many months is flagged as dormant.
PARTNER_DORMANT_AFTER_MONTHS = env_int("PARTNER_DORMANT_AFTER_MONTHS", 6, minimum=1)
# Recovery from faults (README): a frozen contract whose PDF is still missing this many seconds
# after its last change is queued again by the sweeper (contracts.requeue_stuck_renders)...
CONTRACT_RENDER_REQUEUE_AFTER = env_int("CONTRACT_RENDER_REQUEUE_AFTER", 900, minimum=1)
# ...and a letter the mail server did not take is tried again after about 1, 2, 4... times this
# many seconds (at most an hour apart, ten times: a mail outage of about five hours loses nothing).
MAIL_RETRY_BACKOFF = env_int("MAIL_RETRY_BACKOFF", 60, minimum=1)
# Uploaded import files (XLSX/CSV) larger than this are refused.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
