"""The Celery application.

Settings live in Django settings under the ``CELERY_`` prefix (JSON only, time limits,
late acknowledgement, prefetch 1, database beat scheduler). Every task class here is an
``OnCommitTask``: calling ``.delay()`` inside a transaction enqueues the task only once the
transaction commits, and never if it rolls back, so a worker never sees rows that do not
exist yet.
"""

import os

from celery import Celery, Task
from celery.utils import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership_portal.settings.base")


class OnCommitTask(Task):
    """Defers publishing to ``transaction.on_commit``; returns the future result at once.

    In-process mode (no broker) defers the same way, so development behaves like production.
    """

    def apply_async(self, args=None, kwargs=None, task_id=None, **options):
        from django.db import transaction

        task_id = task_id or uuid()
        apply_async = super().apply_async

        def publish():
            return apply_async(args, kwargs, task_id=task_id, **options)

        publish.__qualname__ = f"publish {self.name}"  # named in the log if publishing fails
        if not transaction.get_connection().in_atomic_block:
            return publish()
        # robust: a broker outage after commit is logged, it does not turn a saved form into a 500.
        transaction.on_commit(publish, robust=True)
        return self.AsyncResult(task_id)


app = Celery("partnership_portal", task_cls=OnCommitTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
