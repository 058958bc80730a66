"""Test settings: the base settings on PostgreSQL and Redis, made faster and more isolated."""

import hashlib
import os
import socket

# Celery reads CELERY_BROKER_URL from the environment before its settings: drop it, so that the
# test broker below (one Redis database per test process) is the one used.
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnership_portal")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests (and the browser tests' live server) speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

# The suite never writes to the bucket of a STORAGE_URL in the shell. A web or worker process that
# a storage test starts is handed the test's own S3 server as PORTAL_TEST_STORAGE_URL (tests/storage).
os.environ.pop("STORAGE_URL", None)
if os.environ.get("PORTAL_TEST_STORAGE_URL"):
    os.environ["STORAGE_URL"] = os.environ["PORTAL_TEST_STORAGE_URL"]

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES, TEMPLATES
from .broker import broker_kind, broker_transport_options, cancel_tasks_on_connection_loss, retry_on_channel_errors
from .env import env_bool

# Four hex digits naming this host, so that a run only ever cleans up after runs of its own host.
TEST_HOST_TAG = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:4]

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

# One test run (a pytest controller, its xdist processes and the Celery workers they start) has
# its own names: two `make test` runs on one host never share a test database or a Redis key.
# The first process to import these settings (the pytest controller) picks the run id; the
# processes it starts inherit it through the environment. The id ends with the controller's
# pid, so the next run can drop the databases of a run that was killed (tests/conftest.py).
TEST_RUN_ID = os.environ.setdefault("PORTAL_TEST_RUN", f"{TEST_HOST_TAG}_{os.getpid()}")
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{TEST_RUN_ID}"}

# Each pytest-xdist process gets its own Redis database, so parallel test processes and their
# Celery workers never take each other's tasks. (Not read from the environment: xdist workers
# inherit the controller's.) A worker started by a test runs these settings too. Redis has only
# 16 databases, so other runs are kept apart by a key prefix, which also covers the broadcast
# channels a worker answers pings on.
_xdist_index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
# The same Redis database carries what the test probes record (tests/celery_probe.py), whatever
# the broker.
TEST_PROBE_REDIS_URL = f"{os.environ.get('TEST_REDIS_URL', 'redis://127.0.0.1:6379')}/{1 + _xdist_index % 14}"
# A worker that a RabbitMQ test starts is given the URL of the test's own virtual host here
# (tests/celery_worker.py); never set it for a whole run.
CELERY_BROKER_URL = os.environ.get("PORTAL_TEST_BROKER_URL") or TEST_PROBE_REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)
if broker_kind(CELERY_BROKER_URL) == "redis":
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = f"test-{TEST_RUN_ID}:"
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = cancel_tasks_on_connection_loss(CELERY_BROKER_URL)
CELERY_BROKER_CHANNEL_ERROR_RETRY = retry_on_channel_errors(CELERY_BROKER_URL)

# Tasks run in the test process unless a test starts a real worker (tests/celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": STORAGES["default"],
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]
