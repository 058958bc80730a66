"""The render sweeper (``contracts.requeue_stuck_renders``) queues again only the contracts whose
PDF is overdue: frozen, without a PDF of their frozen data, unchanged for longer than
``CONTRACT_RENDER_REQUEUE_AFTER``. The queued render makes the PDF once. (With a real Redis that
restarts empty: ``test_redis_lost.py``.)"""

from datetime import timedelta

from django.utils import timezone

from contracts import services
from contracts.models import Contract, ContractType
from contracts.tasks import requeue_stuck_renders
from tests.contracts import contract_of, rendered, sent

BOUND = 900


def test_the_sweeper_requeues_only_contracts_whose_pdf_is_overdue_and_each_renders_once(
    staff, partner_a, settings, django_capture_on_commit_callbacks
):
    settings.CONTRACT_RENDER_REQUEUE_AFTER = BOUND
    stuck = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    recent = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    done = rendered(sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff))
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    # Their render tasks were lost (these test transactions never commit, so never sent).
    Contract.objects.filter(pk__in=[stuck.pk, done.pk, draft.pk]).update(
        updated_at=timezone.now() - timedelta(seconds=BOUND + 60)
    )
    Contract.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(seconds=BOUND - 60))

    with django_capture_on_commit_callbacks(execute=True) as published:
        assert requeue_stuck_renders.apply().get() == 1

    assert [callback.__qualname__ for callback in published] == ["publish contracts.render_contract_pdf"]
    states = {
        contract.pk: (contract.pdf_ready, contract.render_count)
        for contract in Contract.objects.filter(pk__in=[stuck.pk, recent.pk, done.pk, draft.pk])
    }
    assert states == {stuck.pk: (True, 1), recent.pk: (False, 0), done.pk: (True, 1), draft.pk: (False, 0)}

    # Nothing overdue is left: the next sweep queues nothing.
    with django_capture_on_commit_callbacks(execute=True) as published:
        assert services.stuck_renders_requeue() == 0
    assert published == []
