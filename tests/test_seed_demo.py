"""The demo freezes its documents before it writes them (each row written once) and reads what is the
same for every contract once: what it stores must be exactly what the documents give for the saved
rows, as if each had been issued in the portal."""

import io

import pytest
from django.core.management import call_command

from contracts import documents
from contracts.models import Contract, ContractState, ContractType, Signature
from practice import documents as practice_documents
from practice.models import Evaluation, Placement, PlacementState


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses a live server
    call_command("seed_demo", scale="small", stdout=io.StringIO())


def test_every_frozen_demo_contract_is_what_the_documents_give_for_its_saved_row(demo):
    issued = Contract.objects.exclude(state=ContractState.DRAFT).select_related(
        "partner", "partner_signatory", "student__group__specialty", "placement__period", "parent"
    )
    assert {contract.type for contract in issued} == set(ContractType)
    for contract in issued:
        assert contract.snapshot == documents.contract_snapshot(contract), contract.number
        assert contract.snapshot_hash == documents.snapshot_hash(contract.snapshot), contract.number


def test_demo_drafts_are_not_frozen_nor_signed(demo):
    drafts = Contract.objects.filter(state=ContractState.DRAFT)
    assert drafts.exists()
    assert not drafts.exclude(snapshot={}).exists()
    assert not drafts.exclude(snapshot_hash="").exists()
    assert not Signature.objects.filter(contract__state=ContractState.DRAFT).exists()
    signed = Contract.objects.filter(state__in=[ContractState.SIGNED, ContractState.ACTIVE, ContractState.EXPIRED])
    assert signed.exists() and not signed.filter(signatures__isnull=True).exists()


def test_every_evaluated_demo_placement_has_its_sheet_frozen_as_the_documents_give_it(demo):
    evaluated = Placement.objects.filter(state=PlacementState.EVALUATED)
    assert evaluated.exists()
    assert not evaluated.filter(evaluation__isnull=True).exists()
    sheets = Evaluation.objects.select_related(
        "placement__period", "placement__student__group__specialty", "placement__partner",
        "placement__employer_supervisor", "placement__college_supervisor",
    )  # fmt: skip
    for evaluation in sheets:
        assert evaluation.snapshot == practice_documents.evaluation_snapshot(evaluation), evaluation.pk
