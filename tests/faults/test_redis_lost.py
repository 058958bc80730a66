"""Redis restarted empty while contract PDFs are queued: the render tasks are gone with it, and
the sweeper (``contracts.requeue_stuck_renders``, every five minutes) queues every contract whose
PDF is overdue again. After the restart every PDF exists, each rendered once.

The broker here is a private ``redis-server`` on a port of its own, killed with ``kill -9`` (no
persistence, so it comes back empty) and started again; the shared Redis is never touched."""

import time

import pytest
from django.conf import settings
from django.db.models import F

from contracts import services
from contracts.models import Contract
from contracts.tasks import requeue_stuck_renders
from partnership_portal.celery import app
from tests.celery_worker import running_worker, tasks_sent_to_broker
from tests.contracts import signatory_of
from tests.factories import PartnerFactory, PlacementFactory, PracticePeriodFactory, StaffFactory, StudentFactory
from tests.faults.redis_server import broker_db, broker_switched_to, private_redis
from tests.helpers import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

BATCH = 4
# The worker's sweeper treats a missing PDF as overdue after this many seconds (900 by default).
REQUEUE_AFTER = 2


def rendered():
    return Contract.objects.exclude(pdf="").filter(pdf_hash=F("snapshot_hash")).count()


def queued(server):
    """Tasks waiting in the portal queue of the private Redis."""
    prefix = app.conf.broker_transport_options.get("global_keyprefix", "")
    return server.client(broker_db()).llen(f"{prefix}{settings.CELERY_TASK_DEFAULT_QUEUE}")


def broker_idle(server):
    client = server.client(broker_db())
    prefix = app.conf.broker_transport_options.get("global_keyprefix", "")
    return client.llen(f"{prefix}{settings.CELERY_TASK_DEFAULT_QUEUE}") == 0 and client.hlen(f"{prefix}unacked") == 0


def test_renders_lost_with_an_emptied_redis_are_queued_again_by_the_sweeper_and_render_once(settings, tmp_path):
    staff = StaffFactory()
    period = PracticePeriodFactory()
    partners = PartnerFactory.create_batch(2)
    for partner in partners:
        signatory_of(partner)
    for number in range(BATCH):
        PlacementFactory(student=StudentFactory(group=period.group), period=period, partner=partners[number % 2])

    with private_redis(tmp_path / "redis") as server:
        url = f"{server.base_url}/{broker_db()}"
        worker_env = {"TEST_REDIS_URL": server.base_url, "CONTRACT_RENDER_REQUEUE_AFTER": str(REQUEUE_AFTER)}
        with broker_switched_to(url), tasks_sent_to_broker():
            batch = services.batch_create(period=period, created_by=staff)
            assert batch.total == BATCH
            assert queued(server) == BATCH, "the batch did not queue one render per contract"

            # Redis dies and comes back empty before any worker took the tasks.
            server.kill()
            server.start()
            assert queued(server) == 0

            with running_worker(extra_env=worker_env, log_path=tmp_path / "worker.log"):
                # Nothing left to do for the worker: the contracts are stuck without a PDF.
                assert broker_idle(server)
                assert rendered() == 0
                # Within the bound the sweeper leaves them alone: their tasks may just be slow.
                settings.CONTRACT_RENDER_REQUEUE_AFTER = 3600
                assert services.stuck_renders_requeue() == 0
                assert queued(server) == 0

                # Past the bound, the beat's sweeper task (run by the worker) queues them again.
                time.sleep(REQUEUE_AFTER)
                requeue_stuck_renders.delay()
                wait_until(
                    lambda: rendered() == BATCH and broker_idle(server),
                    timeout=120,
                    message=f"{rendered()} of {BATCH} PDFs after the sweep, or tasks still with the broker",
                )
                # Nothing is overdue any more: a later sweep queues nothing.
                settings.CONTRACT_RENDER_REQUEUE_AFTER = 0
                assert services.stuck_renders_requeue() == 0
                assert queued(server) == 0

    contracts = list(Contract.objects.filter(batch=batch).order_by("pk"))
    assert len(contracts) == BATCH
    assert all(contract.pdf_ready for contract in contracts)
    assert [contract.render_count for contract in contracts] == [1] * BATCH, "a PDF was rendered twice"
    files = sorted((settings.MEDIA_ROOT / "contracts").glob("*/*.pdf"))
    assert len(files) == BATCH, files
    assert all(path.read_bytes().startswith(b"%PDF-") for path in files)
