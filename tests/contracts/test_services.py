"""Contract services: drafts with their parties, the lifecycle with freezing, signatures up to a
signed contract, batches, obligations, and the daily expiry work. (Numbering under concurrency
is in test_concurrency.py.)"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from contracts import services
from contracts.models import (
    Contract,
    ContractBatch,
    ContractState,
    ContractType,
    ObligationStatus,
    Party,
    SignatureKind,
)
from partners.models import Partner
from practice.models import PlacementState
from tests.contracts import contract_of, placement_at, sent, signatory_of, today
from tests.factories import PlacementFactory, PracticePeriodFactory, StudentFactory


def sign(contract, staff, *parties):
    for party in parties:
        services.signature_record(contract=contract, party=party, signer_name="Подписант", signed_on=today(),
                                  kind=SignatureKind.PAPER, recorded_by=staff)  # fmt: skip
    contract.refresh_from_db()
    return contract


# --- Drafts ---------------------------------------------------------------------------------


def test_a_draft_takes_the_basis_from_the_signatory_and_the_student_from_the_placement(partner_a, staff):
    signatory = signatory_of(partner_a, authority_basis="доверенности № 12 от 01.02.2026")
    placement = placement_at(partner_a)
    contract = services.contract_create(
        type=ContractType.TRIPARTITE_PRACTICE, partner=partner_a, created_by=staff, placement=placement,
        partner_signatory=signatory, start_date=placement.start_date, end_date=placement.end_date,
    )  # fmt: skip
    assert (contract.state, contract.partner_basis, contract.student) == (
        ContractState.DRAFT,
        "доверенности № 12 от 01.02.2026",
        placement.student,
    )
    assert Partner.objects.get(pk=partner_a.pk).last_activity_on == today()
    assert contract.history.get().history_user == staff


@pytest.mark.parametrize(
    ("contract_type", "field"),
    [(ContractType.TRIPARTITE_PRACTICE, "student"), (ContractType.TARGETED_TRAINING, "student"),
     (ContractType.AMENDMENT, "parent")],
)  # fmt: skip
def test_a_type_refuses_a_draft_without_its_party(contract_type, field, partner_a, staff):
    with pytest.raises(ValidationError) as error:
        services.contract_create(type=contract_type, partner=partner_a, created_by=staff, start_date=today(),
                                 end_date=today())  # fmt: skip
    assert field in error.value.error_dict
    assert not Contract.objects.exists()


def test_a_targeted_contract_opens_the_graduates_obligation(partner_a, staff):
    contract = contract_of(ContractType.TARGETED_TRAINING, partner_a, staff)
    obligation = contract.obligation
    obligation.refresh_from_db()
    assert (obligation.status, obligation.employment_deadline.isoformat(), obligation.work_years) == (
        ObligationStatus.STUDYING,
        contract.details["employment_deadline"],
        3,
    )


# --- Lifecycle ------------------------------------------------------------------------------


def test_leaving_the_draft_freezes_the_printed_data_and_renders_after_commit(
    partner_a, staff, django_capture_on_commit_callbacks
):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        contract = sent(draft, staff)
    assert contract.snapshot["parties"][1]["name"] == partner_a.name
    assert contract.snapshot_hash and not contract.pdf_ready
    assert len(callbacks) == 1  # the render task is published only after the commit
    callbacks[0]()
    contract.refresh_from_db()
    assert contract.pdf_ready


def test_a_frozen_contract_is_not_edited_until_returned_to_draft(partner_a, staff):
    contract = services.contract_transition(
        contract=contract_of(ContractType.COOPERATION, partner_a, staff), to_state=ContractState.ON_APPROVAL, by=staff
    )
    with pytest.raises(ValidationError):
        services.contract_update(contract=contract, updated_by=staff, subject="Иначе")
    contract = services.contract_transition(contract=contract, to_state=ContractState.DRAFT, by=staff)
    assert (contract.snapshot, contract.snapshot_hash) == ({}, "")
    services.contract_update(contract=contract, updated_by=staff, subject="Иначе")
    assert Contract.objects.get(pk=contract.pk).subject == "Иначе"


def test_a_contract_is_signed_only_when_every_party_has_signed(partner_a, staff):
    contract = sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff), staff)
    sign(contract, staff, Party.COLLEGE, Party.ORGANISATION)
    assert services.missing_signatures(contract) == [Party.STUDENT]
    with pytest.raises(ValidationError):
        services.contract_transition(contract=contract, to_state=ContractState.SIGNED, by=staff)
    contract = sign(contract, staff, Party.STUDENT)
    assert contract.state == ContractState.ACTIVE  # its term has begun


def test_a_contract_whose_term_begins_later_is_signed_then_activated_by_the_daily_check(partner_a, staff):
    later = today() + timedelta(days=5)
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff, start_date=later), staff)
    contract = sign(contract, staff, Party.COLLEGE, Party.ORGANISATION)
    assert contract.state == ContractState.SIGNED
    assert services.contracts_activate(today=later) == 1
    contract.refresh_from_db()
    assert contract.state == ContractState.ACTIVE


def test_signatures_wait_for_the_contract_to_be_sent_and_only_its_parties_sign(partner_a, staff):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    with pytest.raises(ValidationError):
        sign(draft, staff, Party.COLLEGE)
    contract = sent(draft, staff)
    with pytest.raises(ValidationError):
        sign(contract, staff, Party.STUDENT)
    assert not contract.signatures.exists()


def test_termination_needs_a_reason(partner_a, staff):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    with pytest.raises(ValidationError):
        services.contract_transition(contract=contract, to_state=ContractState.TERMINATED, by=staff, reason=" ")
    contract = services.contract_transition(
        contract=contract, to_state=ContractState.TERMINATED, by=staff, reason="Соглашение сторон"
    )
    assert (contract.state, contract.terminated_reason) == (ContractState.TERMINATED, "Соглашение сторон")


def test_ended_contracts_expire(partner_a, staff):
    contract = sign(sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff), staff, Party.COLLEGE,
                    Party.ORGANISATION)  # fmt: skip
    assert services.contracts_expire(today=contract.end_date) == 0
    assert services.contracts_expire(today=contract.end_date + timedelta(days=1)) == 1
    contract.refresh_from_db()
    assert contract.state == ContractState.EXPIRED


def test_expiry_notices_go_30_and_7_days_before_each_once(partner_a, staff, mailoutbox):
    signatory = signatory_of(partner_a, email="director@uralmash.example")
    contract = contract_of(ContractType.COOPERATION, partner_a, staff, partner_signatory=signatory,
                           start_date=today() - timedelta(days=300), end_date=today() + timedelta(days=40))  # fmt: skip
    contract = sign(sent(contract, staff), staff, Party.COLLEGE, Party.ORGANISATION)
    end = contract.end_date
    assert services.expiry_notices_send(today=end - timedelta(days=31)) == 0
    assert services.expiry_notices_send(today=end - timedelta(days=30)) == 1
    assert services.expiry_notices_send(today=end - timedelta(days=20)) == 0
    assert services.expiry_notices_send(today=end - timedelta(days=7)) == 1
    assert services.expiry_notices_send(today=end - timedelta(days=3)) == 0
    assert len(mailoutbox) == 2
    assert set(mailoutbox[0].to) == {staff.email, "director@uralmash.example"}
    assert contract.number in mailoutbox[0].subject + mailoutbox[0].body


# --- Batches and obligations ----------------------------------------------------------------


def test_a_batch_makes_a_sent_contract_for_each_placement_without_one(partner_a, partner_b, staff):
    signatory = signatory_of(partner_a)
    signatory_b = signatory_of(partner_b, last_name="Лебедева", first_name="Ирина", middle_name="Сергеевна")
    period = PracticePeriodFactory(start_date=today(), end_date=today() + timedelta(days=20))
    placements = [PlacementFactory(period=period, student=StudentFactory(group=period.group), partner=partner)
                  for partner in (partner_a, partner_b, partner_a)]  # fmt: skip
    contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, placement=placements[0])
    PlacementFactory(period=period, student=StudentFactory(group=period.group), partner=partner_a,
                     state=PlacementState.CANCELLED, cancel_reason="Болезнь")  # fmt: skip
    batch = services.batch_create(period=period, created_by=staff)
    contracts = {contract.placement: contract for contract in batch.contracts.all()}
    assert batch.total == 2 and set(contracts) == set(placements[1:])
    assert {contract.state for contract in contracts.values()} == {ContractState.AWAITING_SIGNATURES}
    assert all(contract.snapshot_hash for contract in contracts.values())
    assert contracts[placements[2]].partner_signatory == signatory
    assert contracts[placements[1]].partner_signatory == signatory_b
    with pytest.raises(ValidationError):
        services.batch_create(period=period, created_by=staff)


def test_a_batch_with_a_blank_issues_nothing_and_names_every_student(partner_a, partner_b, staff):
    """Organisation B has no signatory and one student is a minor with no representative: the
    batch makes nothing and says what is missing for whom."""
    signatory_of(partner_a)
    period = PracticePeriodFactory(start_date=today(), end_date=today() + timedelta(days=20))
    of_b = PlacementFactory(period=period, student=StudentFactory(group=period.group), partner=partner_b)
    minor = StudentFactory(group=period.group, birth_date=today() - timedelta(days=16 * 366))
    PlacementFactory(period=period, student=minor, partner=partner_a)
    with pytest.raises(ValidationError) as error:
        services.batch_create(period=period, created_by=staff)
    assert sorted(error.value.messages) == sorted([
        f"{of_b.student.full_name}: Выберите подписанта от организации.",
        f"{minor.full_name}: {minor.full_name} на дату договора нет 18 лет: укажите ФИО законного представителя.",
    ])  # fmt: skip
    assert not Contract.objects.exists() and not ContractBatch.objects.exists()


def test_working_off_an_obligation_needs_the_employment_date(partner_a, staff):
    obligation = contract_of(ContractType.TARGETED_TRAINING, partner_a, staff).obligation
    with pytest.raises(ValidationError) as error:
        services.obligation_update(obligation=obligation, updated_by=staff, status=ObligationStatus.WORKING)
    assert "employed_on" in error.value.error_dict
    services.obligation_update(obligation=obligation, updated_by=staff, status=ObligationStatus.FULFILLED,
                               employed_on=today() - timedelta(days=1200), notes="Отработал")  # fmt: skip
    obligation.refresh_from_db()
    assert (obligation.status, obligation.notes) == (ObligationStatus.FULFILLED, "Отработал")
