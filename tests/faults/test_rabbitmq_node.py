"""RabbitMQ faults on a private node (tests/faults/rabbitmq_node.py), never the shared broker.

A task with a countdown waits in the worker unacknowledged (``acks_late``). RabbitMQ closes the
channel of a consumer that holds a task longer than its ``consumer_timeout`` (30 minutes by
default; a letter's retry may wait an hour): the worker must reconnect and run the task once,
not stop (which Celery does unless ``broker_channel_error_retry`` is on: see settings/broker.py)."""

import uuid

import pytest

from tests.celery_probe import DELIVERY_LOG, deliveries, record_user_visible, redis_client
from tests.celery_worker import broker_switched_to, running_worker, tasks_sent_to_broker
from tests.factories import StaffFactory
from tests.faults.rabbitmq_node import private_rabbitmq
from tests.helpers import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

# RabbitMQ looks for overdue acknowledgements once a minute: a countdown of 90 s is held past a
# 5-second consumer_timeout before it is due.
CONSUMER_TIMEOUT_MS = 5000
COUNTDOWN = 90


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
