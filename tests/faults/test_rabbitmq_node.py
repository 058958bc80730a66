"""RabbitMQ faults on a private node (tests/faults/rabbitmq_node.py), never the shared broker:
a countdown held past the consumer timeout, and the broker killed with queued tasks.

A task with a countdown waits in the worker unacknowledged (``acks_late``). RabbitMQ closes the
channel of a consumer that holds a task longer than its ``consumer_timeout`` (30 minutes by
default; a letter's retry may wait an hour): the worker must reconnect and run the task once,
not stop (which Celery does unless ``broker_channel_error_retry`` is on: see settings/broker.py)."""

import uuid

import pytest

from contracts.models import Contract
from tests.celery_probe import DELIVERY_LOG, deliveries, record_user_visible, redis_client
from tests.celery_worker import broker_switched_to, running_worker, tasks_sent_to_broker
from tests.factories import StaffFactory
from tests.faults.rabbitmq_node import private_rabbitmq
from tests.helpers import wait_until
from tests.render_kills import RENDER, batch_queued, pdfs_of, rendered

# A group of their own: they need no shared worker, so they run beside the "celery" group.
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.xdist_group("rabbitmq-node"),
    pytest.mark.django_db(transaction=True),
]

# RabbitMQ looks for overdue acknowledgements once a minute: a countdown of 90 s is held past a
# 5-second consumer_timeout before it is due.
CONSUMER_TIMEOUT_MS = 5000
COUNTDOWN = 90
BATCH = 3


def test_a_countdown_held_past_the_consumer_timeout_costs_a_reconnect_and_runs_once(tmp_path):
    staff = StaffFactory()
    key, log_key = f"probe:{uuid.uuid4()}", f"deliveries:{uuid.uuid4()}"
    worker_log = tmp_path / "worker.log"
    with (
        private_rabbitmq(tmp_path / "rabbitmq", [f"consumer_timeout = {CONSUMER_TIMEOUT_MS}"]) as node,
        broker_switched_to(node.url),
        tasks_sent_to_broker(),
    ):
        env = {"PORTAL_TEST_BROKER_URL": node.url, DELIVERY_LOG: log_key}
        with running_worker(extra_env=env, log_path=worker_log) as worker:
            result = record_user_visible.apply_async(kwargs={"email": staff.email, "key": key}, countdown=COUNTDOWN)
            wait_until(
                lambda: "delivery acknowledgement on channel" in worker_log.read_text(),
                timeout=COUNTDOWN,
                message="RabbitMQ did not close the channel of the worker holding the countdown task",
            )
            assert redis_client().get(key) is None, "the task ran before its countdown"
            assert wait_until(lambda: redis_client().get(key), timeout=COUNTDOWN + 60) == "visible"
            assert worker.poll() is None, "the worker stopped after RabbitMQ closed its channel"
    runs = [entry for entry in deliveries(log_key) if entry["id"] == result.id]
    assert len(runs) == 1, runs


def test_renders_queued_in_rabbitmq_survive_a_kill_9_of_the_broker_and_each_render_once(tmp_path):
    """Unlike a Redis without persistence, RabbitMQ keeps what it confirmed: the portal's queue is
    durable, its tasks persistent, and publishing waits for the broker's confirmation. Killed
    with ``kill -9`` and started again, it still holds every render; no sweeper is needed."""
    log_key = f"deliveries:{uuid.uuid4()}"
    with private_rabbitmq(tmp_path / "rabbitmq") as node:
        with broker_switched_to(node.url), tasks_sent_to_broker():
            batch = batch_queued(BATCH)
        assert node.queued() == BATCH, "the batch did not queue one render per contract"
        node.kill()
        node.start()
        assert node.queued() == BATCH, "RabbitMQ lost tasks it had confirmed"
        env = {"PORTAL_TEST_BROKER_URL": node.url, DELIVERY_LOG: log_key}
        # Fresh connections for this process too (the worker start-up ping goes through it).
        with broker_switched_to(node.url), running_worker(extra_env=env, log_path=tmp_path / "worker.log"):
            wait_until(
                lambda: rendered() == BATCH and node.queued() == 0,
                timeout=180,
                message=f"{rendered()} of {BATCH} PDFs after RabbitMQ came back",
            )
    renders = [entry for entry in deliveries(log_key) if entry["task"] == RENDER]
    assert len(renders) == BATCH, renders
    contracts = Contract.objects.filter(batch=batch).order_by("pk")
    assert [contract.render_count for contract in contracts] == [1] * BATCH, "a PDF was rendered twice"
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs_of(batch))
