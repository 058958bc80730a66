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
        }
    if contract_type in (ContractType.CONSULTING, ContractType.CONTRACT_WORK, ContractType.RESEARCH,
                         ContractType.SPONSORSHIP):  # fmt: skip
        values["amount"] = "150000.00"
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
