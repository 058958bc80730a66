"""Tasks enqueued inside a transaction run after commit on a real worker, never after rollback;
and a task whose worker is killed before it acknowledges is delivered again, on Redis and on
RabbitMQ, and renders nothing the second time."""

import uuid

import pytest
from celery.signals import after_task_publish
from django.db import transaction

from contracts.models import Contract
from tests.celery_probe import DELIVERY_LOG, DIE_AFTER, deliveries, record_user_visible, redis_client
from tests.celery_worker import broker_for_test, running_worker, tasks_sent_to_broker, wait_for
from tests.factories import StaffFactory
from tests.helpers import wait_until
from tests.render_kills import RENDER, batch_queued, pdf_state, pdfs_of, rendered, run_until_killed

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


@pytest.fixture(params=["redis", "rabbitmq"])
def broker(request):
    """Each kill test runs on both brokers: this process's Redis database (its shared worker
    paused), and a RabbitMQ virtual host made for the test alone. No RabbitMQ: the test fails."""
    with broker_for_test(request.param, request) as broker:
        yield broker


def test_a_render_delivered_again_after_a_kill_9_before_its_ack_renders_nothing(broker, tmp_path):
    """The worker kills itself (SIGKILL) right after its first render has committed and before it
    acknowledges the task: the broker hands the task to the next worker (RabbitMQ at once, Redis
    after its visibility timeout), which finds the PDF done and leaves it alone, and renders the
    batch's other contract."""
    log_key = f"deliveries:{uuid.uuid4()}"
    env = {**broker.worker_env, DELIVERY_LOG: log_key}
    batch = batch_queued(2)

    died = run_until_killed({**env, DIE_AFTER: f"{RENDER}:1"}, tmp_path / "killed.log", timeout=120)
    assert died == -9, "the worker was not killed"
    [first] = [entry for entry in deliveries(log_key) if entry["task"] == RENDER]
    contract_id = first["kwargs"]["contract_id"]
    state = pdf_state(contract_id)
    assert state[0] == 1, "the killed worker's render did not commit its PDF"
    assert rendered() == 1

    with running_worker(extra_env=env, log_path=tmp_path / "second.log"):
        wait_until(
            lambda: rendered() == 2 and broker.idle(),
            timeout=120,
            message=f"{rendered()} of 2 PDFs on {broker.kind} after the kill, or tasks still with the broker",
        )
    runs = [entry for entry in deliveries(log_key) if entry["id"] == first["id"]]
    assert len(runs) == 2, f"the task the dead worker had not acknowledged was not delivered again on {broker.kind}"
    assert pdf_state(contract_id) == state, "the second delivery rendered the PDF again"
    contracts = Contract.objects.filter(batch=batch).order_by("pk")
    assert [contract.render_count for contract in contracts] == [1, 1]
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs_of(batch))
