"""Health checks of the services the portal needs: database, broker (Redis or RabbitMQ), Celery workers
and file storage."""

import uuid

import redis
from celery import Celery
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from kombu import Connection

from partnership_portal.settings.broker import broker_kind

TIMEOUT = 2.0


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_redis():
    """The broker answers: Redis a PING, RabbitMQ an AMQP login to its virtual host. Reported as
    ``redis`` or ``rabbitmq`` (``run_checks``)."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "detail": "not configured: tasks run in-process"}
    try:
        if broker_kind(url) == "rabbitmq":
            with Connection(url, connect_timeout=TIMEOUT) as broker:
                broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=TIMEOUT)
        else:
            client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
            client.ping()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_celery(redis_ok):
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "workers": 0, "detail": "not configured: tasks run in-process"}
    if not redis_ok:
        return {"ok": False, "workers": 0, "error": "broker unavailable"}
    # A throw-away app for the ping: it reads the broker from settings at each call and leaves
    # the connections and reply queues of the portal's own app alone.
    probe = Celery("healthz", broker=settings.CELERY_BROKER_URL, set_as_current=False)
    probe.conf.broker_connection_retry = False
    # The same transport options as the workers (a key prefix changes where they listen).
    probe.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    try:
        replies = probe.control.ping(timeout=TIMEOUT)
    except Exception as exc:
        return {"ok": False, "workers": 0, "error": type(exc).__name__}
    finally:
        probe.close()
    return {"ok": bool(replies), "workers": len(replies)}


PROBE_BYTES = b"healthz"


def check_storage():
    """Writes, reads back and deletes a tiny file where the portal keeps its files (MEDIA_ROOT or
    the bucket): a storage that answers but refuses writes, or a wrong key, fails too."""
    backend = "s3" if settings.STORAGES["default"]["BACKEND"].startswith("storages.") else "filesystem"
    try:
        name = default_storage.save(f"healthz/probe-{uuid.uuid4().hex}.txt", ContentFile(PROBE_BYTES))
        try:
            with default_storage.open(name, "rb") as handle:
                read_back = handle.read()
        finally:
            default_storage.delete(name)
    except Exception as exc:
        return {"ok": False, "backend": backend, "error": type(exc).__name__}
    if read_back != PROBE_BYTES:
        return {"ok": False, "backend": backend, "error": "read back other bytes"}
    return {"ok": True, "backend": backend}


def run_checks():
    """Returns (all_ok, {name: result}) for the health endpoint."""
    database = check_database()
    redis_state = check_redis()
    celery_state = check_celery(redis_state["ok"])
    broker = "rabbitmq" if broker_kind(settings.CELERY_BROKER_URL) == "rabbitmq" else "redis"
    checks = {"database": database, broker: redis_state, "celery": celery_state, "storage": check_storage()}
    return all(check["ok"] for check in checks.values()), checks
