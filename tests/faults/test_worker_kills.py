"""Workers killed with ``kill -9`` three times in one batch of contract PDFs: nothing is lost and
nothing is rendered twice.

Each worker kills itself (SIGKILL, see ``tests.celery_probe``) right after a render has
committed and before it acknowledges the task, so the broker hands that task out again to the
next worker, which must find the PDF done and leave it as it is. After the third kill a fourth
worker finishes the batch: one PDF per contract, each rendered exactly once."""

import uuid

import pytest
from django.conf import settings
from django.db.models import F

from contracts import services
from contracts.models import Contract
from tests.celery_probe import DELIVERY_LOG, DIE_AFTER, deliveries
from tests.celery_worker import broker_idle, consumer_paused, running_worker, tasks_sent_to_broker
from tests.contracts import signatory_of
from tests.factories import PartnerFactory, PlacementFactory, PracticePeriodFactory, StaffFactory, StudentFactory
from tests.helpers import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

BATCH = 9
KILLS = 3
RUNS_BEFORE_KILL = 2  # each doomed worker dies after its 2nd render task: 6 of 9, mid-batch
RENDER = "contracts.render_contract_pdf"
# A task taken by a worker that dies goes back to the queue after this many seconds.
FAULT_ENV = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_RESTORE_INTERVAL": "1"}


def rendered():
    return Contract.objects.exclude(pdf="").filter(pdf_hash=F("snapshot_hash")).count()


def pdf_state(contract_id):
    contract = Contract.objects.get(pk=contract_id)
    path = settings.MEDIA_ROOT / contract.pdf.name
    return contract.render_count, path.read_bytes(), path.stat().st_mtime_ns


def run_until_killed(env, log_path):
    """Runs a worker until it exits; returns its exit code. A worker that dies before it answers
    the start-up ping (its solo pool busy with the tasks it killed itself after) counts too."""
    try:
        with running_worker(extra_env=env, log_path=log_path) as doomed:
            return doomed.wait(timeout=180)
    except RuntimeError as error:
        if str(error).endswith("exited with -9"):
            return -9
        raise


def test_three_kill_9s_in_one_batch_lose_nothing_and_render_nothing_twice(celery_worker, tmp_path):
    staff = StaffFactory()
    period = PracticePeriodFactory()
    partners = PartnerFactory.create_batch(3)
    for partner in partners:
        signatory_of(partner)
    for number in range(BATCH):
        PlacementFactory(student=StudentFactory(group=period.group), period=period, partner=partners[number % 3])
    log_key = f"deliveries:{uuid.uuid4()}"
    env = {**FAULT_ENV, DELIVERY_LOG: log_key}

    def renders():
        return [entry for entry in deliveries(log_key) if entry["task"] == RENDER]

    unacked = {}  # task id -> (render count, bytes, mtime) of its PDF when its worker died
    with consumer_paused(celery_worker), tasks_sent_to_broker():
        batch = services.batch_create(period=period, created_by=staff)
        assert batch.total == BATCH
        for kill in range(1, KILLS + 1):
            before = len(renders())
            die_env = {**env, DIE_AFTER: f"{RENDER}:{RUNS_BEFORE_KILL}"}
            assert run_until_killed(die_env, tmp_path / f"worker-{kill}.log") == -9, f"worker {kill} was not killed"
            finished = renders()[before:]
            assert len(finished) == RUNS_BEFORE_KILL, finished
            last = finished[-1]  # finished, committed, never acknowledged
            state = pdf_state(last["kwargs"]["contract_id"])
            assert state[0] == 1, "the killed worker's last render did not commit its PDF"
            unacked[last["id"]] = (last["kwargs"]["contract_id"], state)
        assert rendered() < BATCH, "the batch was over before the third kill: not mid-batch"

        with running_worker(extra_env=env, log_path=tmp_path / "worker-last.log"):
            wait_until(
                lambda: rendered() == BATCH and broker_idle(),
                timeout=180,
                message=f"{rendered()} of {BATCH} PDFs after three kills, or tasks still with the broker",
            )

    assert len(unacked) == KILLS
    for task_id, (contract_id, state) in unacked.items():
        runs = [entry for entry in renders() if entry["id"] == task_id]
        assert len(runs) >= 2, f"the task {task_id} a dead worker held was not delivered again"
        assert pdf_state(contract_id) == state, "a redelivered render made the PDF again"
    contracts = list(Contract.objects.filter(batch=batch).order_by("pk"))
    assert len(contracts) == BATCH
    assert all(contract.pdf_ready for contract in contracts)
    assert [contract.render_count for contract in contracts] == [1] * BATCH, "a PDF was rendered twice"
    files = sorted((settings.MEDIA_ROOT / "contracts").glob("*/*.pdf"))
    assert len(files) == BATCH, files
    assert all(path.read_bytes().startswith(b"%PDF-") for path in files)
