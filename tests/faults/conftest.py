"""The fault tests with real worker processes (three kill -9s in a batch, Redis restarted empty,
the mail server down) take a minute or more together, so ``make test`` leaves them out and
``make faults`` (run by CI after ``make test``) runs them, with ``PORTAL_FAULT_TESTS=1``. The
lost-database test is fast and stays in the ordinary suite."""

import os

import pytest

SLOW = ["test_worker_kills.py", "test_redis_lost.py", "test_mail_down.py", "test_rabbitmq_node.py"]

collect_ignore = [] if os.environ.get("PORTAL_FAULT_TESTS") else SLOW


@pytest.fixture(params=["redis", "rabbitmq"])
def broker(request):
    """The broker a test runs on, each in turn: this process's Redis database (its shared worker
    paused), and a RabbitMQ virtual host made for the test alone. No RabbitMQ: the test fails."""
    from tests.celery_worker import broker_for_test

    with broker_for_test(request.param, request) as broker:
        yield broker
