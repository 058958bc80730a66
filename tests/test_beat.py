"""Every task the beat schedule names exists: the application and a real worker know it by that
name, and it runs on an empty database (a misspelt name would be sent daily and never run)."""

import pytest
from django.conf import settings

from partnership_portal.celery import app

SCHEDULED = sorted({entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()})


def test_the_beat_schedule_is_not_empty():
    assert len(SCHEDULED) >= 5, SCHEDULED


@pytest.mark.parametrize("name", SCHEDULED)
def test_a_scheduled_task_is_registered_and_runs(name, db):
    app.loader.import_default_modules()
    assert name in app.tasks, f"the beat schedule names {name}, which no module defines"
    result = app.tasks[name].apply()
    assert result.successful(), result.traceback


@pytest.mark.celery_worker
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_registers_every_scheduled_task(celery_worker):
    replies = app.control.inspect(destination=[celery_worker.node], timeout=5).registered() or {}
    registered = {name.split(" ")[0] for name in replies.get(celery_worker.node, [])}
    assert set(SCHEDULED) <= registered, sorted(set(SCHEDULED) - registered)
