"""Demo contracts: a cooperation agreement with most active partners, practical-training and
tripartite contracts for placements, targeted-training contracts, in every state; numbered
per type and year like real ones. PDFs are rendered when first downloaded."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from partners.models import Contact, Partner, PartnerStatus
from partnership_portal.demo_bulk import copy_insert, reserve_ids
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
                          subject="Стороны проводят совместные профориентационные мероприятия для школьников."))  # fmt: skip
    placements = list(
        Placement.objects.exclude(state=PlacementState.CANCELLED)
        .select_related("student__group__specialty", "partner", "period")
        .order_by("pk")[: scale.partners]
    )
    # One object per partner, so that what ``_priced_plans`` fills in is what every contract prints.
    by_pk = {partner.pk: partner for partner in partners}
    for placement in placements:
        placement.partner = by_pk.setdefault(placement.partner_id, placement.partner)
        plans.append(dict(type=ContractType.TRIPARTITE_PRACTICE, partner=placement.partner, placement=placement,
                          student=placement.student, signed_on=min(placement.start_date - dt.timedelta(days=14), today),
                          start_date=placement.start_date, end_date=placement.end_date))  # fmt: skip
    students = list(
        Student.objects.filter(status=StudentStatus.STUDYING)
        .select_related("group__specialty")
        .order_by("pk")[: max(3, scale.partners // 50)]
    )
    for student, partner in zip(students, partners, strict=False):
        signed = today - dt.timedelta(days=rnd.randint(30, 300))
        # The contract says «3 months after graduation»; the obligation tracks the estimate from the end of June.
        deadline = dt.date(student.group.graduation_year, 9, 30)
        minor = student.age_on(signed) is not None and student.age_on(signed) < 18
        plans.append(dict(
            type=ContractType.TARGETED_TRAINING, partner=partner, student=student, signed_on=signed, start_date=signed,
            end_date=deadline.replace(year=deadline.year + 3), guardian_name=student.guardian_name if minor else "",
            details={"support_measures": "ежемесячная стипендия 5 000 руб.; оплачиваемая производственная практика",
                     "future_place": partner.actual_address or partner.legal_address,
                     "future_position": "техник-технолог", "employment_deadline": deadline.isoformat(), "work_years": 3,
                     "portal_offer_number": f"{rnd.randint(10**7, 10**8 - 1)}",
                     "passport": f"65{student.pk % 90 + 10:02d} {100000 + student.pk * 7919 % 900000}, "
                                 "выдан ГУ МВД России по Свердловской области",
                     "address": f"г. Екатеринбург, ул. Студенческая, д. {student.pk % 90 + 1}, кв. {student.pk % 200 + 1}",
                     "form_of_study": "full_time", "education_base": "basic",
                     "okved": "28.41 Производство металлообрабатывающего оборудования",
                     "pay_conditions": "оклад не ниже 55 000 руб. в месяц по штатному расписанию заказчика",
                     "employment_months": 3},
        ))  # fmt: skip
    for partner in first_two:
        signed = today - dt.timedelta(days=60)
        plans.append(dict(
            type=ContractType.JOINT_PROJECT, partner=partner, signed_on=signed, start_date=signed,
            end_date=signed + dt.timedelta(days=365), subject="«Участок станков с ЧПУ для учебных целей»",
            details={"college_contribution": "учебная мастерская, преподаватели и обучающиеся специальности 15.02.16",
                     "partner_contribution": "заготовки, режущий инструмент и два инженера-наставника",
                     "plan": f"Техническое задание; {signed:%d.%m.%Y}–{signed + dt.timedelta(days=30):%d.%m.%Y}; Партнёр\n"
                             f"Монтаж и наладка станков; до {signed + dt.timedelta(days=150):%d.%m.%Y}; Партнёр и Техникум\n"
                             f"Учебные занятия на участке; до {signed + dt.timedelta(days=365):%d.%m.%Y}; Техникум"},
        ))  # fmt: skip
    plans += _priced_plans(first_two + partners[2:6], today)
    training = _training_plans(placements, today)
    plans += training
    _create(plans, signatories, staff, today, rnd, batch_size)
    _link_training_placements(training)
    _amendments(signatories, staff, today)
    _no_blanks()


# Practical-training contracts (885/390): one per organisation with placements, its students in
# appendix 1 and its workshops in appendix 2.
_PREMISES = (
    "Механический цех № 3: токарные и фрезерные станки с ЧПУ, измерительный инструмент\n"
    "Участок слесарной сборки: верстаки, сборочная оснастка\n"
    "Учебный класс службы главного технолога: компьютеры с САПР «Компас-3D»"
)


def _training_plans(placements, today):
    by_partner = {}
    for placement in placements:
        by_partner.setdefault(placement.partner, []).append(placement)
    plans = []
    for partner, own in list(by_partner.items())[:6]:
        start = min(placement.start_date for placement in own)
        signed = min(start - dt.timedelta(days=30), today)
        plans.append(dict(type=ContractType.PRACTICAL_TRAINING, partner=partner, signed_on=signed, start_date=signed,
                          end_date=max(signed + dt.timedelta(days=365 * 3), today + dt.timedelta(days=90)),
                          details={"premises": _PREMISES}, _placements=own))  # fmt: skip
    return plans


def _link_training_placements(plans):
    """Appendix 1 is the contract's placements: linked after the bulk insert, then frozen again."""
    for contract in Contract.objects.filter(type=ContractType.PRACTICAL_TRAINING).order_by("pk"):
        own = next((plan["_placements"] for plan in plans if plan["partner"].pk == contract.partner_id), [])
        contract.placements.set(own)
        if contract.state != ContractState.DRAFT:
            contract.snapshot = documents.contract_snapshot(contract)
            contract.snapshot_hash = documents.snapshot_hash(contract.snapshot)
            Contract.objects.filter(pk=contract.pk).update(
                snapshot=contract.snapshot, snapshot_hash=contract.snapshot_hash
            )


def _amendments(signatories, staff, today):
    """The yearly 885/390 step — an amendment giving Appendix 1 a new wording — and an amendment
    to a cooperation agreement, both issued."""
    from . import services

    targets = [
        Contract.objects.filter(type=ContractType.PRACTICAL_TRAINING).exclude(state=ContractState.DRAFT).first(),
        Contract.objects.filter(type=ContractType.COOPERATION, state=ContractState.ACTIVE).first(),
    ]
    for parent in filter(None, targets):
        training = parent.type == ContractType.PRACTICAL_TRAINING
        subject = ("Пункт 3.1 Договора изложить в следующей редакции: «3.1. Настоящий Договор вступает в силу после его "
                   "подписания и действует до полного исполнения Сторонами обязательств»."
                   if training else "Дополнить раздел 4 Соглашения пунктом 4.4: «Стороны ежегодно проводят совместный "
                   "день карьеры для выпускников Техникума».")  # fmt: skip
        amendment = services.contract_create(
            type=ContractType.AMENDMENT, partner=parent.partner, created_by=staff[0], parent=parent, subject=subject,
            signed_on=today, start_date=today, end_date=max(parent.end_date, today),
            partner_signatory=signatories.get(parent.partner_id),
            details={"replace_appendix_1": True} if training else {},
            placements=list(parent.placements.all()) if training else (),
        )  # fmt: skip
        if not documents.problems(amendment):
            services.contract_transition(contract=amendment, to_state=ContractState.AWAITING_SIGNATURES, by=staff[0])


def _no_blanks():
    """A demo contract that would print a blank (a partner without a signatory, a student
    without a representative) stays a draft, as the portal would keep it; its signatures go.
    The other types were checked as they were made (``_create``)."""
    issued = (
        Contract.objects.filter(type__in=[ContractType.PRACTICAL_TRAINING, ContractType.AMENDMENT])
        .exclude(state=ContractState.DRAFT)
        .select_related("partner", "partner_signatory", "student__group", "parent", "placement")
    )
    blank = [contract.pk for contract in issued if documents.problems(contract)]
    Signature.objects.filter(contract_id__in=blank).delete()
    Contract.objects.filter(pk__in=blank).update(state=ContractState.DRAFT, snapshot={}, snapshot_hash="")


# Priced contracts and donations (issue 8): one of each type past the draft, filled as staff
# would fill them, so each renders cleanly with its acceptance act.
_STATEMENT = (
    "Цель работы: {what}.\n"
    "Объём работы: по спецификации Заказчика (12 позиций).\n"
    "Требования к результату: соответствие конструкторской документации Заказчика и ГОСТ 2.102-2013.\n"
    "Отчётная документация: отчёт о выполненной работе, акт сдачи-приёмки."
)
_PRICED = [
    (ContractType.CONSULTING, "по внедрению системы бережливого производства на участке механической обработки",
     "240000.00", {"direction": "college_performs", "vat": "22", "payment_days": 10}),
    (ContractType.CONTRACT_WORK, "изготовление технологической оснастки (кондукторов) для участка сборки",
     "486500.00", {"direction": "college_performs", "vat": "22", "payment_days": 15}),
    (ContractType.RESEARCH, "Разработка технологии восстановления изношенных валов методом наплавки",
     "1200000.00", {"direction": "college_performs", "vat": "research", "payment_days": 20, "rights_holder": "customer"}),
    (ContractType.SPONSORSHIP, "Сварочный инвертор REAL ARC 200, 4 шт.\nВытяжная установка ФВУ-1200, 2 шт.",
     "356000.00", {"donation_kind": "property", "purpose": "оснащение лаборатории сварочных технологий",
                   "payment_days": 15}),
    (ContractType.SPONSORSHIP, "", "150000.00",
     {"donation_kind": "money", "purpose": "ремонт учебной мастерской слесарного дела", "payment_days": 10}),
    (ContractType.CONTRACT_WORK, "ремонт и наладка токарного станка 16К20 учебной мастерской",
     "95000.00", {"direction": "partner_performs", "vat": "22", "payment_days": 10}),
]  # fmt: skip
_BANK = "р/с 40702810{inn}0 в ПАО «Уральский банк», БИК 046577964, к/с 30101810500000000964"


def _priced_plans(partners, today):
    plans = []
    for index, (contract_type, subject, amount, details) in enumerate(_PRICED):
        if index >= len(partners):
            break
        partner = partners[index]
        if not partner.bank_details:  # a priced contract prints both parties' bank details
            partner.bank_details = _BANK.format(inn=partner.inn[:11].ljust(11, "0"))
            Partner.objects.filter(pk=partner.pk).update(bank_details=partner.bank_details)
        signed = today - dt.timedelta(days=20 + 15 * index)
        details = dict(details)
        if contract_type in (ContractType.CONTRACT_WORK, ContractType.RESEARCH):
            details["statement_of_work"] = _STATEMENT.format(what=subject)
        if contract_type == ContractType.CONTRACT_WORK:
            details["work_start"] = (signed + dt.timedelta(days=10)).isoformat()
            details["work_end"] = (signed + dt.timedelta(days=120)).isoformat()
        plans.append(dict(type=contract_type, partner=partner, signed_on=signed, start_date=signed,
                          end_date=signed + dt.timedelta(days=365), subject=subject, amount=Decimal(amount),
                          details=details, state=ContractState.AWAITING_SIGNATURES if index % 2 else ContractState.ACTIVE))  # fmt: skip
    return plans


def _create(plans, signatories, staff, today, rnd, batch_size):
    counters, patterns = {}, {}
    contracts = []
    for plan in plans:
        plan = {key: value for key, value in plan.items() if not key.startswith("_")}
        key = (plan["type"], plan["signed_on"].year)
        counters[key] = counters.get(key, 0) + 1
        pattern = patterns.get(plan["type"]) or patterns.setdefault(plan["type"], numbering.pattern_for(plan["type"]))
        signatory = signatories.get(plan["partner"].pk)
        state = plan.pop("state", None) or _state(plan, today, rnd)
        contracts.append(
            Contract(
                **plan, year=key[1], seq=counters[key], number=numbering.format_number(pattern, seq=counters[key], year=key[1]),
                partner_signatory=signatory, partner_basis=signatory.authority_basis if signatory else "",
                state=state, created_by=staff[0],
            )
        )  # fmt: skip
    NumberCounter.objects.bulk_create(
        [NumberCounter(type=contract_type, year=year, last=last) for (contract_type, year), last in counters.items()]
    )
    # Frozen before they are written, so each row is written once, snapshot included; with their ids
    # taken first, as the documents read the contract's own placements. A batch at a time: the
    # snapshots of 13,000 contracts are never all in memory.
    for contract, pk in zip(contracts, reserve_ids(Contract, len(contracts)), strict=True):
        contract.pk = pk
    signatures = []
    _freeze_and_write(contracts, signatures, staff)
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


def _freeze_and_write(contracts, signatures, staff):
    """Freezes the contracts past the draft and writes them, 500 at a time; appends the paper
    signatures of the signed ones to ``signatures``."""
    for start in range(0, len(contracts), 500):
        batch = contracts[start : start + 500]
        for contract in batch:
            if contract.state == ContractState.DRAFT:
                continue
            # Appendix 1 of a practical-training contract is linked after the insert: it is frozen
            # then (``_link_training_placements``) and checked for blanks at the end (``_no_blanks``).
            if contract.type != ContractType.PRACTICAL_TRAINING:
                if documents.problems(contract):  # it would print a blank: it stays a draft
                    contract.state = ContractState.DRAFT
                    continue
                contract.snapshot = documents.contract_snapshot(contract)
                contract.snapshot_hash = documents.snapshot_hash(contract.snapshot)
            if contract.state in (ContractState.SIGNED, ContractState.ACTIVE, ContractState.EXPIRED):
                parties = [Party.COLLEGE, Party.ORGANISATION] + ([Party.STUDENT] if contract.student_id else [])
                for party in parties:
                    signatures.append(Signature(contract_id=contract.pk, party=party, signer_name=_signer(contract, party),
                                                signed_on=contract.signed_on, kind=SignatureKind.PAPER, recorded_by=staff[0]))  # fmt: skip
        copy_insert(Contract, batch)
        for contract in batch:
            contract.snapshot = {}


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
