"""The printed contract: frozen data (snapshot) and its PDF.

``contract_snapshot`` copies everything the document prints — parties with requisites and
signatories, the student, the appendices, the clause texts — when the contract leaves the
draft; ``render_contract_pdf`` renders only from that copy, so a partner editing its address
later changes nothing in an issued contract, and rendering again gives the same bytes.
"""

import hashlib
import json

from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import override

from partners.models import College
from partnership_portal.files import replace_file
from partnership_portal.pdf import render_pdf

from . import clauses
from .models import PLACEHOLDERS, Contract, ContractType

COPIES_IN_WORDS = {2: "двух", 3: "трёх"}


def _day(value):
    return value.strftime("%d.%m.%Y") if value else ""


def _day_in_words(value):
    return f"«{value.day:02d}» {date_format(value, 'E')} {value.year} г." if value else ""


def _college():
    college = College.current()
    return {
        "name": college.name,
        "short_name": college.short_name,
        "inn": college.inn,
        "kpp": college.kpp,
        "ogrn": college.ogrn,
        "address": college.legal_address,
        "phone": college.phone,
        "email": college.email,
        "bank_details": college.bank_details,
        "signatory": college.director_name,
        "position": college.director_position,
        "basis": college.director_basis,
        "in_person": college.director_in_person,
        "city": college.city,
    }


def _organisation(contract):
    partner, signatory = contract.partner, contract.partner_signatory
    return {
        "name": partner.name,
        "short_name": partner.display_name,
        "inn": partner.inn,
        "kpp": partner.kpp,
        "ogrn": partner.ogrn,
        "address": partner.legal_address,
        "actual_address": partner.actual_address,
        "phone": partner.phone,
        "email": partner.email,
        "signatory": signatory.full_name if signatory else "",
        "position": signatory.position if signatory else "",
        "basis": contract.partner_basis,
        "in_person": contract.partner_in_person
        or " ".join(p for p in (signatory.position.lower(), signatory.full_name) if p)
        if signatory
        else "",
    }


def _student(contract):
    student = contract.student
    if student is None:
        return None
    age = student.age_on(contract.signed_on)
    return {
        "name": student.full_name,
        "birth_date": _day(student.birth_date),
        "group": student.group.name,
        "specialty": f"{student.group.specialty.code} {student.group.specialty.name}",
        "specialty_code": student.group.specialty.code,
        "is_minor": age is not None and age < 18,
        "guardian": contract.guardian_name,
    }


def _appendix_students(contract):
    """Appendix 1 of a practical-training contract: components, counts, dates, names."""
    placements = list(contract.placements.select_related("student__group__specialty", "period").order_by(
        "period__start_date", "student__last_name"
    ))  # fmt: skip
    if contract.placement_id and not placements:
        placements = [contract.placement]
    components = {}
    for placement in placements:
        period = placement.period
        key = (period.pk, placement.start_date, placement.end_date)
        component = components.setdefault(key, {
            "programme": f"{placement.student.group.specialty.code} {placement.student.group.specialty.name}",
            "component": f"{period.get_kind_display()}{', ' + period.module if period.module else ''}",
            "hours": period.hours, "start": _day(placement.start_date), "end": _day(placement.end_date), "students": [],
        })  # fmt: skip
        component["students"].append({"name": placement.student.full_name, "group": placement.student.group.name})
    return list(components.values())


def contract_snapshot(contract):
    """What the contract prints, as a JSON-ready dict (see the module doc)."""
    with override("ru"):
        college, organisation, student = _college(), _organisation(contract), _student(contract)
        details = dict(contract.details or {})
        parties = 3 if student else 2
        values = {
            "college": college["name"],
            "organisation": organisation["name"],
            "student": student["name"] if student else "",
            "specialty": student["specialty"] if student else "",
            "start": _day(contract.start_date),
            "end": _day(contract.end_date),
            "number": contract.number,
            "copies": COPIES_IN_WORDS[parties],
            "amount": _money(contract.amount),
            "subject": contract.subject,
            "parent_number": contract.parent.number if contract.parent else "",
            "parent_date": _day(contract.parent.signed_on) if contract.parent else "",
            **{key: str(details.get(key, "")) for key in PLACEHOLDERS if key in details},
        }
        skip = () if details.get("paid_post") else ("paid_post",)
        if details.get("employment_deadline"):
            values["employment_deadline"] = _day_from_iso(details["employment_deadline"])
        return {
            "type": contract.type,
            "title": TITLES[contract.type],
            "number": contract.number,
            "city": college["city"],
            "date": _day(contract.signed_on),
            "date_words": _day_in_words(contract.signed_on),
            "college": college,
            "organisation": organisation,
            "student": student,
            "parent": {"number": contract.parent.number, "date": _day(contract.parent.signed_on)} if contract.parent else None,
            "clauses": clauses.clauses_for(contract.type, values, skip=skip),
            "appendix_students": _appendix_students(contract) if contract.type in (
                ContractType.PRACTICAL_TRAINING, ContractType.TRIPARTITE_PRACTICE) else [],
            "premises": [line.strip() for line in str(details.get("premises", "")).splitlines() if line.strip()],
            "start": _day(contract.start_date),
            "end": _day(contract.end_date),
        }  # fmt: skip


def _money(amount):
    if amount is None:
        return ""
    whole = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{whole} руб."


def _day_from_iso(value):
    import datetime as dt

    try:
        return _day(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


TITLES = {
    ContractType.COOPERATION: "СОГЛАШЕНИЕ О СОЦИАЛЬНОМ ПАРТНЁРСТВЕ И СОТРУДНИЧЕСТВЕ",
    ContractType.PRACTICAL_TRAINING: "ДОГОВОР О ПРАКТИЧЕСКОЙ ПОДГОТОВКЕ ОБУЧАЮЩИХСЯ",
    ContractType.TRIPARTITE_PRACTICE: "ТРЁХСТОРОННИЙ ДОГОВОР О ПРАКТИЧЕСКОЙ ПОДГОТОВКЕ ОБУЧАЮЩЕГОСЯ",
    ContractType.TARGETED_TRAINING: "ДОГОВОР О ЦЕЛЕВОМ ОБУЧЕНИИ ПО ОБРАЗОВАТЕЛЬНОЙ ПРОГРАММЕ СРЕДНЕГО ПРОФЕССИОНАЛЬНОГО ОБРАЗОВАНИЯ",
    ContractType.CONSULTING: "ДОГОВОР ВОЗМЕЗДНОГО ОКАЗАНИЯ КОНСУЛЬТАЦИОННЫХ УСЛУГ",
    ContractType.CONTRACT_WORK: "ДОГОВОР ПОДРЯДА",
    ContractType.RESEARCH: "ДОГОВОР НА ВЫПОЛНЕНИЕ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИХ И ОПЫТНО-КОНСТРУКТОРСКИХ РАБОТ",
    ContractType.JOINT_PROJECT: "СОГЛАШЕНИЕ О СОВМЕСТНОМ ПРОЕКТЕ",
    ContractType.SPONSORSHIP: "ДОГОВОР О СПОНСОРСТВЕ И СОВМЕСТНОМ ФИНАНСИРОВАНИИ",
    ContractType.AMENDMENT: "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ",
}


def snapshot_hash(snapshot):
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def render_contract_pdf(contract_id):
    """Renders the contract from its snapshot unless the stored PDF already shows it; saves it
    under a stable name. Safe to run twice or after an interrupted run: returns False when
    there was nothing to do."""
    contract = Contract.objects.filter(pk=contract_id).first()
    if contract is None or not contract.snapshot_hash or contract.pdf_ready:
        return False
    data = render_pdf(f"pdf/contracts/{contract.snapshot['type']}.html", {"doc": contract.snapshot})
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract_id)
        if contract.pdf_ready:
            return False
        name = replace_file(contract, "pdf", f"contract-{contract.pk}.pdf", data, commit=False)
        # A queryset update: rendering is not a change of the contract, so no history entry.
        Contract.objects.filter(pk=contract_id).update(
            pdf=name, pdf_hash=contract.snapshot_hash, render_count=F("render_count") + 1
        )
    return True
