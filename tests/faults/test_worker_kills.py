"""Workers killed with ``kill -9`` three times in one batch of contract PDFs: nothing is lost and
nothing is rendered twice, on Redis and on RabbitMQ.

Each worker kills itself (SIGKILL, see ``tests.celery_probe``) right after a render has
committed and before it acknowledges the task, so the broker hands that task out again to the
next worker (RabbitMQ as soon as the dead worker's connection closes, Redis after its visibility
timeout), which must find the PDF done and leave it as it is. After the third kill a fourth
worker finishes the batch: one PDF per contract, each rendered exactly once."""

import uuid

import pytest

from contracts.models import Contract
from tests.celery_probe import DELIVERY_LOG, DIE_AFTER, deliveries
from tests.celery_worker import running_worker
from tests.helpers import wait_until
from tests.render_kills import RENDER, batch_queued, pdf_state, pdfs_of, rendered, run_until_killed

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

BATCH = 9
KILLS = 3
RUNS_BEFORE_KILL = 2  # each doomed worker dies after its 2nd render task: 6 of 9, mid-batch


def test_three_kill_9s_in_one_batch_lose_nothing_and_render_nothing_twice(broker, tmp_path):
    log_key = f"deliveries:{uuid.uuid4()}"
    env = {**broker.worker_env, DELIVERY_LOG: log_key}

    def renders():
        return [entry for entry in deliveries(log_key) if entry["task"] == RENDER]

    unacked = {}  # task id -> (contract id, (render count, bytes, mtime) of its PDF when its worker died)
    batch = batch_queued(BATCH)
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
            lambda: rendered() == BATCH and broker.idle(),
            timeout=180,
            message=f"{rendered()} of {BATCH} PDFs on {broker.kind} after three kills, or tasks still with the broker",
        )

    assert len(unacked) == KILLS
    for task_id, (contract_id, state) in unacked.items():
        runs = [entry for entry in renders() if entry["id"] == task_id]
        assert len(runs) >= 2, f"the task {task_id} a dead worker held was not delivered again on {broker.kind}"
        assert pdf_state(contract_id) == state, "a redelivered render made the PDF again"
    contracts = list(Contract.objects.filter(batch=batch).order_by("pk"))
    assert len(contracts) == BATCH
    assert all(contract.pdf_ready for contract in contracts)
    assert [contract.render_count for contract in contracts] == [1] * BATCH, "a PDF was rendered twice"
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs_of(batch))
