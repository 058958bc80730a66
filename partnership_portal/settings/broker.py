"""The Celery settings that depend on the broker: Redis (``redis://``, ``rediss://``) or
RabbitMQ (``amqp://``, ``amqps://``).

Both brokers run the same tasks with the same guarantees: a task is acknowledged only once it
has run (``acks_late``), a worker takes one task at a time per process, and a task whose worker
died is handed out again. They differ in *how* such a task comes back:

- Redis keeps the tasks a worker has taken in an "unacked" hash; a live worker puts back the ones
  older than ``visibility_timeout`` (``CELERY_VISIBILITY_TIMEOUT``, checked every
  ``CELERY_RESTORE_INTERVAL`` seconds). A task may not run longer, or be scheduled further ahead
  (retries with a countdown), than the visibility timeout, or it is handed out twice.
- RabbitMQ ties each unacknowledged task to the consumer's connection: when the connection dies
  (worker killed, host lost: seen at once, or after the heartbeat on a silent network) the task
  goes back to its queue at once. No visibility timeout; the Redis-only options are not sent.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .env import env_int

REDIS_SCHEMES = frozenset({"redis", "rediss"})
AMQP_SCHEMES = frozenset({"amqp", "amqps", "pyamqp"})


def broker_kind(url):
    """``"redis"``, ``"rabbitmq"``, or ``None`` with no broker (tasks run in-process)."""
    if not url:
        return None
    scheme = urlsplit(url).scheme
    if scheme in REDIS_SCHEMES:
        return "redis"
    if scheme in AMQP_SCHEMES:
        return "rabbitmq"
    raise ImproperlyConfigured(
        f"Unsupported broker URL scheme {scheme!r}: use redis://, rediss://, amqp:// or amqps://."
    )


def broker_transport_options(url):
    """``CELERY_BROKER_TRANSPORT_OPTIONS`` for the broker at ``url`` (only the options it knows)."""
    if broker_kind(url) == "rabbitmq":
        # The publisher waits for RabbitMQ to confirm each task is stored before .delay() returns,
        # so a task is never lost between a commit and a broker that went down.
        return {"confirm_publish": True}
    return {
        # Seconds before a task taken by a worker that vanished is handed to another worker...
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
        # ...checked every this many seconds (each check is one cheap Redis range query).
        "unacked_restore_interval": env_int("CELERY_RESTORE_INTERVAL", 10, minimum=1),
        "unacked_restore_throttle": 1,
    }


def cancel_tasks_on_connection_loss(url):
    """``CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS``: on RabbitMQ a task running
    when the worker's connection drops has already gone back to the queue (and its ack can no
    longer reach the broker), so the worker stops it rather than run it twice at once. On Redis
    the ack still lands after a reconnect, so the task is left to finish."""
    return broker_kind(url) == "rabbitmq"


def retry_on_channel_errors(url):
    """``CELERY_BROKER_CHANNEL_ERROR_RETRY``: RabbitMQ closes a channel on some errors, e.g. a task
    held unacknowledged longer than its ``consumer_timeout`` (README); the worker then reconnects
    (its unacknowledged tasks are back in the queue) instead of stopping. Redis: Celery's default."""
    return broker_kind(url) == "rabbitmq"
