"""What the worker-kill tests share (tests/test_celery.py, tests/faults/test_worker_kills.py): a
batch of contract PDFs to render, the state of one PDF, and a worker run until it kills itself.

The PDF is read through the storage API (the file's bytes and the storage's modified time), so
the same checks hold whether files live in ``MEDIA_ROOT`` or in object storage."""

from django.db.models import F

from contracts import services
from contracts.models import Contract
from tests.celery_worker import running_worker
from tests.contracts import signatory_of
from tests.factories import PartnerFactory, PlacementFactory, PracticePeriodFactory, StaffFactory, StudentFactory

RENDER = "contracts.render_contract_pdf"


def batch_queued(size, partners=3):
    """A batch of ``size`` contracts (one per placed student) made by the real service, whose
    render tasks go to the broker this process publishes to."""
    staff = StaffFactory()
    period = PracticePeriodFactory()
    organisations = PartnerFactory.create_batch(min(partners, size))
    for partner in organisations:
        signatory_of(partner)
    for number in range(size):
        partner = organisations[number % len(organisations)]
        PlacementFactory(student=StudentFactory(group=period.group), period=period, partner=partner)
    batch = services.batch_create(period=period, created_by=staff)
    assert batch.total == size
    return batch


def rendered():
    """Contracts whose PDF shows their frozen data."""
    return Contract.objects.exclude(pdf="").filter(pdf_hash=F("snapshot_hash")).count()


def pdf_state(contract_id):
    """(render count, bytes, modified time) of the contract's PDF: a render that ran again would
    change the count and the time, even with the very same bytes."""
    contract = Contract.objects.get(pk=contract_id)
    with contract.pdf.open("rb") as file:
        data = file.read()
    return contract.render_count, data, contract.pdf.storage.get_modified_time(contract.pdf.name)


def pdfs_of(batch):
    """The bytes of every PDF of the batch, through the storage."""
    pdfs = []
    for contract in Contract.objects.filter(batch=batch).order_by("pk"):
        with contract.pdf.open("rb") as file:
            pdfs.append(file.read())
    return pdfs


def run_until_killed(env, log_path, timeout=180):
    """Runs a worker until it exits; returns its exit code. A worker that dies before it answers
    the start-up ping (its solo pool busy with the task it killed itself after) counts too."""
    try:
        with running_worker(extra_env=env, log_path=log_path) as doomed:
            return doomed.wait(timeout=timeout)
    except RuntimeError as error:
        if str(error).endswith("exited with -9"):
            return -9
        raise
