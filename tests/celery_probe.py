"""What only the tests load into a worker (``--include tests.celery_probe``): a task that records
in Redis whether a user row was visible to the worker, and, when the worker's environment asks
for them, a log of deliveries and a kill switch. The records go to this test process's Redis
database (``TEST_PROBE_REDIS_URL``) whatever the broker, Redis or RabbitMQ.

- ``PORTAL_TEST_DELIVERY_LOG=<key>``: every task the worker starts and finishes is appended, as
  ``task-name contract/kwargs task-id``, to the Redis lists ``<key>:started`` and ``<key>:finished``.
- ``PORTAL_TEST_DIE_AFTER=<task name>:<n>``: the worker kills itself (SIGKILL) once the n-th run
  of that task has returned, before the broker is told (``acks_late``), so that the broker hands
  the same task out again: a forced redelivery.
"""

import json
import os
import signal

import redis
from celery import shared_task
from celery.signals import task_postrun, task_prerun
from django.conf import settings

from partnership_portal.accounts.models import User


def redis_client():
    return redis.Redis.from_url(settings.TEST_PROBE_REDIS_URL, decode_responses=True)


@shared_task(name="tests.record_user_visible")
def record_user_visible(*, email, key):
    visible = User.objects.filter(email=email).exists()
    redis_client().set(key, "visible" if visible else "missing", ex=600)


DELIVERY_LOG = "PORTAL_TEST_DELIVERY_LOG"
DIE_AFTER = "PORTAL_TEST_DIE_AFTER"
_finished = {}


def delivery_entry(task_name, task_id, kwargs):
    return json.dumps({"task": task_name, "id": task_id, "kwargs": kwargs or {}}, sort_keys=True)


def deliveries(key, stage="finished"):
    """The entries the workers logged under ``key`` (see the module docstring), in order."""
    return [json.loads(entry) for entry in redis_client().lrange(f"{key}:{stage}", 0, -1)]


@task_prerun.connect
def _log_start(task_id=None, task=None, kwargs=None, **_ignored):
    if os.environ.get(DELIVERY_LOG):
        redis_client().rpush(f"{os.environ[DELIVERY_LOG]}:started", delivery_entry(task.name, task_id, kwargs))


@task_postrun.connect
def _log_finish_and_maybe_die(task_id=None, task=None, kwargs=None, **_ignored):
    # task_postrun runs after the task body, before a late acknowledgement.
    if os.environ.get(DELIVERY_LOG):
        redis_client().rpush(f"{os.environ[DELIVERY_LOG]}:finished", delivery_entry(task.name, task_id, kwargs))
    if os.environ.get(DIE_AFTER):
        name, count = os.environ[DIE_AFTER].rsplit(":", 1)
        if task.name == name:
            _finished[name] = _finished.get(name, 0) + 1
            if _finished[name] == int(count):
                os.kill(os.getpid(), signal.SIGKILL)
