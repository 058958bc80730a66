"""Tasks enqueued inside a transaction run after commit on a real worker, never after rollback."""

import uuid

import pytest
from celery.signals import after_task_publish
from django.db import transaction

from tests.celery_probe import record_user_visible, redis_client
from tests.celery_worker import tasks_sent_to_broker, wait_for
from tests.factories import StaffFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(celery_worker):
    return celery_worker


@pytest.fixture
def published():
    """The ids of the tasks this process hands to the broker, in order (Celery's own signal, sent
    once the message is on its way: no waiting on a worker needed to see whether it was sent)."""
    ids = []

    def record(headers=None, **_ignored):
        ids.append(headers["id"])

    after_task_publish.connect(record, weak=False)
    yield ids
    after_task_publish.disconnect(record)


def test_task_enqueued_in_a_transaction_runs_after_commit(worker, published):
    key, email = f"probe:{uuid.uuid4()}", f"{uuid.uuid4().hex[:8]}@college.example"
    redis = redis_client()
    with tasks_sent_to_broker():
        with transaction.atomic():
            StaffFactory(email=email)
            result = record_user_visible.delay(email=email, key=key)
            assert published == [], "the task went to the broker before the commit"
        assert published == [result.id]
        assert wait_for(lambda: redis.get(key)) == "visible"


def test_task_enqueued_in_a_rolled_back_transaction_never_runs(worker, published):
    key, email = f"probe:{uuid.uuid4()}", f"{uuid.uuid4().hex[:8]}@college.example"
    sentinel = f"probe:{uuid.uuid4()}"
    redis = redis_client()
    with tasks_sent_to_broker():
        with pytest.raises(RuntimeError), transaction.atomic():
            StaffFactory(email=email)
            record_user_visible.delay(email=email, key=key)
            raise RuntimeError("roll back")
        # The worker runs tasks in order, one at a time: once a later task has run, the
        # rolled-back one would have run too if it had ever been sent.
        later = record_user_visible.delay(email="nobody@college.example", key=sentinel)
        assert wait_for(lambda: redis.get(sentinel)) == "missing"
    assert published == [later.id]
    assert redis.get(key) is None


def test_task_outside_a_transaction_is_sent_at_once(worker):
    key = f"probe:{uuid.uuid4()}"
    staff = StaffFactory()
    with tasks_sent_to_broker():
        record_user_visible.delay(email=staff.email, key=key)
        assert wait_for(lambda: redis_client().get(key)) == "visible"
