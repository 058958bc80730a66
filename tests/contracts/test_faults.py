"""A worker killed with kill -9 in the middle of a batch: the batch still ends with exactly one
PDF per contract, none rendered twice."""

import os
import signal
import time

import pytest
from django.conf import settings
from django.db.models import F

from contracts import services
from contracts.models import Contract
from tests.celery_worker import consumer_paused, running_worker, tasks_sent_to_broker, wait_for
from tests.contracts import signatory_of
from tests.factories import PartnerFactory, PlacementFactory, PracticePeriodFactory, StaffFactory, StudentFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

BATCH = 30
# A task taken by a worker that dies goes back to the queue after this many seconds.
FAULT_ENV = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_RESTORE_INTERVAL": "1"}


def rendered():
    return Contract.objects.exclude(pdf="").filter(pdf_hash=F("snapshot_hash")).count()


def test_batch_survives_a_killed_worker(celery_worker, tmp_path):
    staff = StaffFactory()
    period = PracticePeriodFactory()
    partners = PartnerFactory.create_batch(3)
    for partner in partners:
        signatory_of(partner)
    for number in range(BATCH):
        student = StudentFactory(group=period.group)
        PlacementFactory(student=student, period=period, partner=partners[number % 3])
    logs = tmp_path / "logs"
    logs.mkdir()
    with consumer_paused(celery_worker), tasks_sent_to_broker():
        batch = services.batch_create(period=period, created_by=staff)
        assert batch.total == BATCH
        with running_worker(extra_env=FAULT_ENV, log_path=logs / "first.log") as first:
            assert wait_for(lambda: rendered() >= BATCH // 3, timeout=120), "the first worker rendered nothing"
            os.kill(first.pid, signal.SIGKILL)  # mid-batch, possibly mid-render
            first.wait(timeout=10)
        killed_at = rendered()
        assert killed_at < BATCH, "the batch finished before the worker could be killed"
        with running_worker(extra_env=FAULT_ENV, log_path=logs / "second.log"):
            assert wait_for(lambda: rendered() == BATCH, timeout=180, interval=0.5), (
                f"{rendered()} of {BATCH} PDFs after the restart (killed at {killed_at})"
            )
            time.sleep(6)  # a redelivered duplicate, if any, would run now
    contracts = list(Contract.objects.filter(batch=batch))
    assert len(contracts) == BATCH
    assert all(contract.pdf_ready for contract in contracts)
    assert [contract.render_count for contract in contracts] == [1] * BATCH, "a PDF was made twice"
    files = sorted((settings.MEDIA_ROOT / "contracts").glob("*/*.pdf"))
    assert len(files) == BATCH, files
    assert all(path.read_bytes().startswith(b"%PDF-") for path in files)
