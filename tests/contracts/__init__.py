"""Builders shared by the contracts tests: a signatory, placed students and contracts of every
type made through the real services, and reading a PDF back as text."""

import io
import re
from datetime import timedelta

from django.utils import timezone
from pypdf import PdfReader

from contracts import documents, services
from contracts.models import ContractState, ContractType
from tests.factories import ContactFactory, PlacementFactory, PracticePeriodFactory, StudentFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today():
    return timezone.localdate()


def signatory_of(partner, **fields):
    values = {"last_name": "Громов", "first_name": "Игорь", "middle_name": "Олегович",
              "position": "Генеральный директор", "authority_basis": "Устава", **fields}  # fmt: skip
    return ContactFactory(partner=partner, is_signatory=True, **values)


def placement_at(partner, *, start=None, end=None, **student_fields):
    """A student placed at ``partner`` for a period around today (or the given dates)."""
    start = start or today() - timedelta(days=3)
    end = end or today() + timedelta(days=60)
    student = StudentFactory(**student_fields)
    period = PracticePeriodFactory(group=student.group, start_date=start, end_date=end)
    return PlacementFactory(student=student, period=period, partner=partner, start_date=start, end_date=end)


STATEMENT_OF_WORK = "Изготовить 12 кондукторов по чертежам Заказчика.\nСдать отчёт и акт сдачи-приёмки."


def priced_details(contract_type):
    """What each priced type needs besides the amount, filled as staff fill it (dates from today,
    read when the contract is made)."""
    return {
        ContractType.CONSULTING: {"direction": "college_performs", "vat": "22", "payment_days": 10},
        ContractType.CONTRACT_WORK: {
            "direction": "college_performs", "vat": "22", "payment_days": 10, "statement_of_work": STATEMENT_OF_WORK,
            "work_start": (today() + timedelta(days=10)).isoformat(), "work_end": (today() + timedelta(days=90)).isoformat(),
        },
        ContractType.RESEARCH: {"direction": "college_performs", "vat": "research", "payment_days": 20,
                                "rights_holder": "customer", "statement_of_work": STATEMENT_OF_WORK},
        ContractType.SPONSORSHIP: {"donation_kind": "money", "purpose": "оснащение лаборатории сварочных технологий",
                                   "payment_days": 10},
    }.get(contract_type)  # fmt: skip


def signatory_for(partner):
    """The partner's signatory: the first one it has, else a new one."""
    return partner.contacts.filter(is_signatory=True, is_active=True).order_by("pk").first() or signatory_of(partner)


def contract_of(contract_type, partner, staff, **fields):
    """A draft of ``contract_type`` with what that type needs to be issued (a signatory, a
    student, a parent, an amount, the appendices); ``fields`` override any of it."""
    contract_type = ContractType(contract_type)
    values = {"start_date": today(), "end_date": today() + timedelta(days=365), "subject": "Сотрудничество"}
    if "partner_signatory" not in fields:
        values["partner_signatory"] = signatory_for(partner)
    if contract_type == ContractType.PRACTICAL_TRAINING:
        values["details"] = {"premises": "Механический цех № 3\nУчебный класс"}
        if "placements" not in fields:
            values["placements"] = [placement_at(partner)]
    if contract_type in (ContractType.TRIPARTITE_PRACTICE, ContractType.TARGETED_TRAINING) and "student" not in fields:
        placement = fields.pop("placement", None) or placement_at(partner)
        values.update(student=placement.student)
        if contract_type == ContractType.TRIPARTITE_PRACTICE:
            values.update(placement=placement, start_date=placement.start_date, end_date=placement.end_date)
    if contract_type == ContractType.TARGETED_TRAINING:
        values["details"] = {
            "support_measures": "ежемесячная стипендия 5 000 рублей",
            "future_place": "механический цех № 3",
            "future_position": "техник-технолог",
            "employment_deadline": (today() + timedelta(days=700)).isoformat(),
            "work_years": 3,
            "portal_offer_number": "ЦО-2026-0042",
            "passport": "6512 345678, выдан ГУ МВД России по Свердловской области 01.02.2022",
            "address": "620000, г. Екатеринбург, ул. Ленина, д. 5, кв. 12",
            "okved": "25.62 Обработка металлических изделий механическая",
            "pay_conditions": "оклад не ниже 55 000 руб. в месяц",
            "employment_months": 3,
            "form_of_study": "full_time",
        }
    if contract_type == ContractType.JOINT_PROJECT:
        values["subject"] = "Модернизация учебного участка станков с ЧПУ"
        values["details"] = {
            "college_contribution": "мастерская, преподаватели и студенты группы ТМ-23-1",
            "partner_contribution": "оборудование и материалы, инженеры-наставники",
            "plan": "Разработка технического задания; 01.09–30.09; Партнёр\nМонтаж оборудования; 01.10–30.11; Техникум",
        }
    if priced_details(contract_type):
        values["amount"] = "150000.00"
        values["details"] = priced_details(contract_type)
    if contract_type == ContractType.AMENDMENT and "parent" not in fields:
        values["parent"] = sent(contract_of(ContractType.COOPERATION, partner, staff), staff)
        values["subject"] = "Пункт 3.1 изложить в новой редакции."
    values.update(fields)
    return services.contract_create(type=contract_type, partner=partner, created_by=staff, **values)


def sent(contract, staff):
    """The contract sent for signatures: frozen, its PDF not rendered yet (the task waits for
    the commit that never comes in a test transaction)."""
    return services.contract_transition(contract=contract, to_state=ContractState.AWAITING_SIGNATURES, by=staff)


def rendered(contract):
    documents.render_contract_pdf(contract.pk)
    contract.refresh_from_db()
    return contract


def pdf_text(data):
    """The PDF's text with every run of whitespace as one space (lines wrap anywhere)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def file_bytes(field):
    with field.open("rb") as handle:
        return handle.read()


def years_ago(years, days=0):
    """A birth date ``years`` full years (and ``days``) before today; 29 February safe."""
    day = today()
    try:
        born = day.replace(year=day.year - years)
    except ValueError:
        born = day.replace(year=day.year - years, day=28)
    return born - timedelta(days=days)
