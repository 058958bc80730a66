"""Redis or RabbitMQ: each broker gets only the options it knows, the health check asks the one in
use, and a web process and a worker meet on a RabbitMQ virtual host as they do on Redis.

The RabbitMQ tests use the local RabbitMQ (127.0.0.1:5672, guest/guest; ``make services`` starts
it) with a virtual host of their own, deleted afterwards; without RabbitMQ they fail."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnership_portal.settings import broker

RABBITMQ = "amqp://portal:secret@mq.college.example:5672/portal"
REDIS = "redis://127.0.0.1:6379/0"


def test_redis_gets_a_visibility_timeout_and_rabbitmq_publisher_confirms(monkeypatch):
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "120")
    monkeypatch.setenv("CELERY_RESTORE_INTERVAL", "3")
    assert broker.broker_transport_options(REDIS) == {
        "visibility_timeout": 120,
        "unacked_restore_interval": 3,
        "unacked_restore_throttle": 1,
    }
    # No visibility timeout on RabbitMQ: a dead worker's task comes back when its connection closes.
    assert broker.broker_transport_options(RABBITMQ) == {"confirm_publish": True}
    assert broker.broker_transport_options("amqps://portal:secret@mq.college.example:5671/portal") == {
        "confirm_publish": True
    }
    assert broker.cancel_tasks_on_connection_loss(RABBITMQ) is True
    assert broker.cancel_tasks_on_connection_loss(REDIS) is False
    assert broker.retry_on_channel_errors(RABBITMQ) is True
    assert broker.retry_on_channel_errors(REDIS) is False


@pytest.mark.parametrize(
    ("url", "kind"), [(REDIS, "redis"), ("rediss://h:6380/1", "redis"), (RABBITMQ, "rabbitmq"), (None, None)]
)
def test_broker_kind(url, kind):
    assert broker.broker_kind(url) == kind


def test_an_unknown_broker_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="'sqs'"):
        broker.broker_kind("sqs://queue.example")


def test_health_fails_when_rabbitmq_does_not_answer(client, settings, db):
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:1/portal"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = broker.broker_transport_options(settings.CELERY_BROKER_URL)
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert "redis" not in checks
    assert checks["rabbitmq"] == {"ok": False, "error": "OperationalError"}
    assert checks["celery"] == {"ok": False, "workers": 0, "error": "broker unavailable"}


@pytest.mark.celery_worker
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_health_and_a_task_through_a_worker_on_rabbitmq(client, settings):
    """The web side (health check, ``.delay()``) and a worker on a RabbitMQ virtual host: the
    health check finds the broker and the worker, and a task sent after commit runs."""
    import uuid

    from tests.celery_probe import record_user_visible, redis_client
    from tests.celery_worker import broker_for_test, running_worker, wait_for
    from tests.factories import StaffFactory

    with broker_for_test("rabbitmq", None) as rabbitmq:
        settings.CELERY_BROKER_URL = rabbitmq.worker_env["PORTAL_TEST_BROKER_URL"]
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = broker.broker_transport_options(settings.CELERY_BROKER_URL)
        assert client.get("/healthz").json()["checks"]["celery"] == {"ok": False, "workers": 0}
        with running_worker(extra_env=rabbitmq.worker_env):
            # A busy machine may delay one ping reply past the 2-second limit: read it again, as a
            # load balancer would.
            for _attempt in range(3):
                response = client.get("/healthz")
                if response.status_code == 200:
                    break
            checks = response.json()["checks"]
            assert checks["rabbitmq"] == {"ok": True}
            assert checks["celery"] == {"ok": True, "workers": 1}
            key, staff = f"probe:{uuid.uuid4()}", StaffFactory()
            record_user_visible.delay(email=staff.email, key=key)
            assert wait_for(lambda: redis_client().get(key)) == "visible"


@pytest.mark.celery_worker
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_beat_sends_scheduled_tasks_through_rabbitmq_to_a_worker(tmp_path):
    """Beat (the database scheduler) publishes a periodic task to a RabbitMQ virtual host and a
    worker on that host runs it: the three processes of ``make up`` on RabbitMQ."""
    import json
    import uuid

    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from tests.celery_probe import redis_client
    from tests.celery_worker import broker_for_test, running_beat, running_worker, wait_for
    from tests.factories import StaffFactory

    key, staff = f"probe:{uuid.uuid4()}", StaffFactory()
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name=f"probe {key}", task="tests.record_user_visible", interval=every_second,
        kwargs=json.dumps({"email": staff.email, "key": key}),
    )  # fmt: skip
    with (
        broker_for_test("rabbitmq", None) as rabbitmq,
        running_beat(extra_env=rabbitmq.worker_env, log_path=tmp_path / "beat.log"),
    ):
        # Beat alone: its task waits in the virtual host's queue.
        assert wait_for(lambda: rabbitmq.queued() > 0, timeout=60), (tmp_path / "beat.log").read_text()
        with running_worker(extra_env=rabbitmq.worker_env, log_path=tmp_path / "worker.log"):
            assert wait_for(lambda: redis_client().get(key), timeout=60) == "visible"


def test_virtual_hosts_of_a_killed_run_are_deleted_and_a_live_runs_kept(settings):
    """A test run killed before its teardown leaves its virtual host behind; the next run deletes
    it (named after a controller pid that is gone), and never one of a run still going."""
    import subprocess
    import sys

    from tests.celery_worker import VHOST_PREFIX, rabbitmqctl, sweep_dead_vhosts

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = f"{VHOST_PREFIX}{settings.TEST_HOST_TAG}_{int(gone.stdout)}-left0ver"
    live = f"{VHOST_PREFIX}{settings.TEST_RUN_ID}-stillused"
    for name in (dead, live):
        rabbitmqctl("add_vhost", name)
    try:
        sweep_dead_vhosts()
        left = rabbitmqctl("list_vhosts", "--no-table-headers", "name").split()
        assert dead not in left
        assert live in left
    finally:
        for name in (dead, live):
            if name in rabbitmqctl("list_vhosts", "--no-table-headers", "name").split():
                rabbitmqctl("delete_vhost", name)
