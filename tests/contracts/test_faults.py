"""A worker killed with kill -9 in the middle of a batch: the batch still ends with exactly one
PDF per contract, and the render the dead worker had finished but not acknowledged, handed out
again by the broker, renders nothing the second time."""

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

BATCH = 30
KILLED_AFTER = BATCH // 3
RENDER = "contracts.render_contract_pdf"
# A task taken by a worker that dies goes back to the queue after this many seconds.
FAULT_ENV = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_RESTORE_INTERVAL": "1"}


def rendered():
    return Contract.objects.exclude(pdf="").filter(pdf_hash=F("snapshot_hash")).count()


def test_a_render_redelivered_after_a_kill_9_renders_nothing_and_the_batch_completes(celery_worker, tmp_path):
    staff = StaffFactory()
    period = PracticePeriodFactory()
    partners = PartnerFactory.create_batch(3)
    for partner in partners:
        signatory_of(partner)
    for number in range(BATCH):
        student = StudentFactory(group=period.group)
        PlacementFactory(student=student, period=period, partner=partners[number % 3])
    log_key = f"deliveries:{uuid.uuid4()}"
    env = {**FAULT_ENV, DELIVERY_LOG: log_key}
    logs = tmp_path / "logs"
    logs.mkdir()
    with consumer_paused(celery_worker), tasks_sent_to_broker():
        batch = services.batch_create(period=period, created_by=staff)
        assert batch.total == BATCH
        # The first worker kills itself with SIGKILL right after its 10th render has committed,
        # before it acknowledges the task: the broker must hand that task out again.
        die_env = {**env, DIE_AFTER: f"{RENDER}:{KILLED_AFTER}"}
        with running_worker(extra_env=die_env, log_path=logs / "first.log") as first:
            assert first.wait(timeout=180) == -9, "the first worker did not die by SIGKILL"
        renders = [entry for entry in deliveries(log_key) if entry["task"] == RENDER]
        assert len(renders) == KILLED_AFTER
        unacked = renders[-1]
        contract = Contract.objects.get(pk=unacked["kwargs"]["contract_id"])
        assert (contract.pdf_ready, contract.render_count) == (True, 1)
        pdf = settings.MEDIA_ROOT / contract.pdf.name
        first_bytes, first_mtime = pdf.read_bytes(), pdf.stat().st_mtime_ns

        with running_worker(extra_env=env, log_path=logs / "second.log"):
            # Done means: every PDF made, and no task left in the queue or unacknowledged.
            wait_until(
                lambda: rendered() == BATCH and broker_idle(),
                timeout=180,
                message=f"{rendered()} of {BATCH} PDFs after the restart, or tasks still with the broker",
            )
    again = [entry for entry in deliveries(log_key) if entry["id"] == unacked["id"]]
    assert len(again) == 2, "the task the dead worker had not acknowledged was not delivered again"
    contract.refresh_from_db()
    assert contract.render_count == 1, "the second delivery rendered the PDF again"
    assert (pdf.read_bytes(), pdf.stat().st_mtime_ns) == (first_bytes, first_mtime)
    contracts = list(Contract.objects.filter(batch=batch))
    assert len(contracts) == BATCH
    assert all(contract.pdf_ready for contract in contracts)
    assert [contract.render_count for contract in contracts] == [1] * BATCH, "a PDF was made twice"
    files = sorted((settings.MEDIA_ROOT / "contracts").glob("*/*.pdf"))
    assert len(files) == BATCH, files
    assert all(path.read_bytes().startswith(b"%PDF-") for path in files)
