"""Test settings: the base settings on PostgreSQL and Redis, made faster and more isolated."""

import os

# Celery reads CELERY_BROKER_URL from the environment before its settings: drop it, so that the
# test broker below (one Redis database per test process) is the one used.
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnership_portal")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests (and the browser tests' live server) speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from .base import *  # noqa: F403
from .base import BASE_DIR, TEMPLATES
from .env import env_bool

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

# Each pytest-xdist process gets its own Redis database, so parallel test processes and their
# Celery workers never take each other's tasks. (Not read from the environment: xdist workers
# inherit the controller's.) A worker started by a test runs these settings too.
_xdist_index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
CELERY_BROKER_URL = f"{os.environ.get('TEST_REDIS_URL', 'redis://127.0.0.1:6379')}/{1 + _xdist_index % 14}"

# Tasks run in the test process unless a test starts a real worker (tests/celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]
