"""Demo contracts: a cooperation agreement with most active partners, practical-training and
tripartite contracts for placements, targeted-training contracts, in every state; numbered
per type and year like real ones. PDFs are rendered when first downloaded."""

import datetime as dt
import random

from django.utils import timezone

from partners.models import Contact, Partner, PartnerStatus
from practice.models import Placement, PlacementState, Student, StudentStatus

from . import documents, numbering
from .models import (
    Contract,
    ContractState,
    ContractType,
    NumberCounter,
    ObligationStatus,
    Party,
    Signature,
    SignatureKind,
    TargetedObligation,
)


def seed(scale, *, staff, batch_size=2000):
    """Creates the demo contracts if there are none yet."""
    if Contract.objects.exists():
        return
    today = timezone.localdate()
    rnd = random.Random("contracts")
    signatories = {}
    for contact in Contact.objects.filter(is_signatory=True).order_by("pk"):
        signatories.setdefault(contact.partner_id, contact)
    plans = []
    first_two = list(Partner.objects.order_by("pk")[:2])  # the printed demo employers' organisations
    partners = first_two + list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE)
        .exclude(pk__in=[p.pk for p in first_two])
        .order_by("pk")[: scale.partners // 3]
    )
    for partner in partners:
        signed = today - dt.timedelta(days=rnd.randint(20, 700))
        end = signed + dt.timedelta(days=365 * rnd.choice([1, 2, 3]))
        if rnd.random() < 0.1:
            end = today + dt.timedelta(days=rnd.randint(3, 28))  # expiring soon: the dashboard lists these
        plans.append(dict(type=ContractType.COOPERATION, partner=partner, signed_on=signed, start_date=signed, end_date=end,
                          subject="Сотрудничество в сфере подготовки кадров."))  # fmt: skip
    placements = list(
        Placement.objects.exclude(state=PlacementState.CANCELLED)
        .select_related("student", "partner", "period")
        .order_by("pk")[: scale.partners]
    )
    for placement in placements:
        plans.append(dict(type=ContractType.TRIPARTITE_PRACTICE, partner=placement.partner, placement=placement,
                          student=placement.student, signed_on=min(placement.start_date - dt.timedelta(days=14), today),
                          start_date=placement.start_date, end_date=placement.end_date))  # fmt: skip
    students = list(
        Student.objects.filter(status=StudentStatus.STUDYING).order_by("pk")[: max(3, scale.partners // 50)]
    )
    for student, partner in zip(students, partners, strict=False):
        signed = today - dt.timedelta(days=rnd.randint(30, 300))
        deadline = dt.date(student.group.graduation_year, 9, 1)
        plans.append(dict(
            type=ContractType.TARGETED_TRAINING, partner=partner, student=student, signed_on=signed, start_date=signed,
            end_date=deadline.replace(year=deadline.year + 3),
            details={"support_measures": "ежемесячная стипендия 5 000 руб.", "future_place": partner.actual_address or partner.legal_address,
                     "future_position": "техник-технолог", "employment_deadline": deadline.isoformat(), "work_years": 3,
                     "portal_offer_number": f"{rnd.randint(10**7, 10**8 - 1)}"},
        ))  # fmt: skip
    _create(plans, signatories, staff, today, rnd, batch_size)


def _create(plans, signatories, staff, today, rnd, batch_size):
    counters = {}
    contracts = []
    for plan in plans:
        key = (plan["type"], plan["signed_on"].year)
        counters[key] = counters.get(key, 0) + 1
        pattern = numbering.pattern_for(plan["type"])
        signatory = signatories.get(plan["partner"].pk)
        state = _state(plan, today, rnd)
        contracts.append(
            Contract(
                **plan, year=key[1], seq=counters[key], number=numbering.format_number(pattern, seq=counters[key], year=key[1]),
                partner_signatory=signatory, partner_basis=signatory.authority_basis if signatory else "",
                state=state, created_by=staff[0],
            )
        )  # fmt: skip
    Contract.objects.bulk_create(contracts, batch_size=batch_size)
    NumberCounter.objects.bulk_create(
        [NumberCounter(type=contract_type, year=year, last=last) for (contract_type, year), last in counters.items()]
    )
    created = list(
        Contract.objects.exclude(state=ContractState.DRAFT).select_related(
            "partner", "partner_signatory", "student__group__specialty", "placement__period", "parent"
        )
    )
    for contract in created:
        contract.snapshot = documents.contract_snapshot(contract)
        contract.snapshot_hash = documents.snapshot_hash(contract.snapshot)
    Contract.objects.bulk_update(created, ["snapshot", "snapshot_hash"], batch_size=500)
    signatures = []
    for contract in created:
        if contract.state in (ContractState.SIGNED, ContractState.ACTIVE, ContractState.EXPIRED):
            parties = [Party.COLLEGE, Party.ORGANISATION] + ([Party.STUDENT] if contract.student_id else [])
            for party in parties:
                signatures.append(Signature(contract=contract, party=party, signer_name=_signer(contract, party),
                                            signed_on=contract.signed_on, kind=SignatureKind.PAPER, recorded_by=staff[0]))  # fmt: skip
    Signature.objects.bulk_create(signatures, batch_size=batch_size)
    TargetedObligation.objects.bulk_create(
        [
            TargetedObligation(
                contract=contract,
                employment_deadline=contract.details["employment_deadline"],
                work_years=3,
                status=ObligationStatus.STUDYING,
            )  # fmt: skip
            for contract in Contract.objects.filter(type=ContractType.TARGETED_TRAINING)
        ]
    )


def _state(plan, today, rnd):
    if plan["end_date"] < today:
        return ContractState.EXPIRED
    roll = rnd.random()
    if roll < 0.08:
        return ContractState.DRAFT
    if roll < 0.18:
        return ContractState.AWAITING_SIGNATURES
    if plan["start_date"] > today:
        return ContractState.SIGNED
    return ContractState.ACTIVE


def _signer(contract, party):
    if party == Party.COLLEGE:
        return "Смирнова О. В."
    if party == Party.STUDENT:
        return contract.student.full_name
    return contract.partner_signatory.full_name if contract.partner_signatory else "—"
