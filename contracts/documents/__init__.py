"""The printed contract: what each type prints (its ``Kind``), the frozen data (snapshot) and its PDF.

``contract_snapshot`` copies everything the document prints — parties with requisites and
declined signatories, the student, the appendices, the clause texts of ``contracts/texts`` —
when the contract leaves the draft; ``render_contract_pdf`` renders only from that copy, so a
partner editing its address later changes nothing in an issued contract, and rendering again
gives the same bytes. ``problems`` lists what must be filled before a contract may be issued:
a document never leaves the draft with a blank where a name, a requisite or a basis belongs.

Each type's module (``practice``, ``priced``, ``targeted``, ``partnership``, ``amendment``)
declares its ``Kind``: title, the defined names of the parties, the values its clause file uses
and the checks of its own data.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import override

from partnership_portal.files import replace_file
from partnership_portal.pdf import render_pdf

from .. import clauses
from ..models import PRICED_TYPES, Contract, ContractType
from . import parties
from .parties import day

COPIES_IN_WORDS = {2: "двух", 3: "трёх"}
SNAPSHOT_VERSION = 2


def _none(contract):
    return {}


def _no_problems(contract):
    return []


@dataclass(frozen=True)
class Kind:
    """How one contract type prints.

    ``roles`` maps each party (``college``, ``organisation``, ``student``) to its defined name in
    the clauses, in the order the preamble names them; it may be a function of the contract
    (who performs a priced contract is a choice). ``values`` gives the type's own placeholders and
    template data; ``problems`` what the type needs before it is issued; ``preamble`` builds the
    opening paragraph from the parties when the default one does not fit."""

    title: str
    short_title: str
    roles: Any
    concluded: str = "заключили настоящий Договор о нижеследующем"
    values: Any = _none
    problems: Any = _no_problems
    preamble: Any = None
    priced: bool = False
    extra: dict = field(default_factory=dict)

    def roles_for(self, contract):
        return self.roles(contract) if callable(self.roles) else self.roles


def _kinds():
    from . import amendment, partnership, practice, priced, targeted

    registry = {}
    for module in (practice, priced, targeted, partnership, amendment):
        registry.update(module.KINDS)
    return registry


_REGISTRY = {}


def kind_of(contract_type):
    if not _REGISTRY:
        _REGISTRY.update(_kinds())
    return _REGISTRY[ContractType(contract_type)]


class _Titles(dict):
    def __missing__(self, key):
        return kind_of(key).title


TITLES = _Titles()


def day_in_words(value):
    return f"«{value.day:02d}» {date_format(value, 'E')} {value.year} г." if value else ""


def money(amount):
    """«1 200 000,00 руб.» (figures only; ``russian.money_in_words`` adds the words)."""
    if amount is None:
        return ""
    whole = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{whole} руб."


def build_parties(contract, roles):
    """The party dicts in the order of ``roles``."""
    result = []
    for key, role in roles.items():
        if key == "college":
            result.append(parties.college_party(role))
        elif key == "organisation":
            result.append(parties.organisation_party(contract, role))
        elif key == "student":
            student = contract.student or (contract.parent.student if contract.parent_id else None)
            party = parties.student_party(contract, role, student=student)
            if party:
                result.append(party)
    return result


def default_preamble(party_list, concluded):
    if len(party_list) == 2:
        first, second = party_list
        return (
            f"{first['intro']}, с одной стороны, и {second['intro']}, с другой стороны, именуемые по отдельности "
            f"«Сторона», а вместе — «Стороны», {concluded}:"
        )
    *head, last = party_list
    return f"{', '.join(p['intro'] for p in head)} и {last['intro']}, совместно именуемые «Стороны», {concluded}:"


def base_values(contract, party_list):
    by_key = {party["key"]: party for party in party_list}
    student = by_key.get("student")
    parent = contract.parent
    return {
        "college": by_key["college"]["name"] if "college" in by_key else "",
        "organisation": by_key["organisation"]["name"] if "organisation" in by_key else "",
        "student": student["name"] if student else "",
        "specialty": student["specialty"] if student else "",
        "start": day(contract.start_date),
        "end": day(contract.end_date),
        "number": contract.number,
        "date": day(contract.signed_on),
        "copies": COPIES_IN_WORDS[len(party_list)],
        "subject": contract.subject.strip(),
        "parent_number": parent.number if parent else "",
        "parent_date": day(parent.signed_on) if parent else "",
        **{f"role_{party['key']}": party["role"] for party in party_list},
    }


def problems(contract):
    """What must be filled before the contract may leave the draft, as messages that name the
    missing field; empty when the document can be printed without a blank."""
    kind = kind_of(contract.type)
    roles = kind.roles_for(contract)
    priced = kind.priced or bool(contract.parent_id and kind_of(contract.parent.type).priced)
    missing = []
    if "college" in roles:
        missing += parties.college_problems(priced=priced)
    if "organisation" in roles:
        missing += parties.organisation_problems(contract, priced=priced)
    if "student" in roles:
        student = contract.student or (contract.parent.student if contract.parent_id else None)
        missing += parties.student_problems(contract, student=student)
    missing += kind.problems(contract)
    return missing


def contract_snapshot(contract):
    """What the contract prints, as a JSON-ready dict (see the module doc)."""
    with override("ru"):
        kind = kind_of(contract.type)
        roles = kind.roles_for(contract)
        party_list = build_parties(contract, roles)
        values = base_values(contract, party_list)
        own = kind.values(contract)
        values.update({key: value for key, value in own.items() if not isinstance(value, (dict, list))})
        preamble = (kind.preamble or default_preamble)(party_list, kind.concluded)
        college = next((p for p in party_list if p["key"] == "college"), parties.college_party(""))
        return {
            "version": SNAPSHOT_VERSION,
            "type": contract.type,
            "title": kind.title,
            "short_title": kind.short_title,
            "number": contract.number,
            "city": college["city"],
            "college_short_name": college["short_name"],
            "date": day(contract.signed_on),
            "date_words": day_in_words(contract.signed_on),
            "parties": party_list,
            "preamble": preamble,
            "parent": {"number": contract.parent.number, "date": day(contract.parent.signed_on)}
            if contract.parent
            else None,
            "clauses": clauses.clauses_for(contract.type, values),
            "start": day(contract.start_date),
            "end": day(contract.end_date),
            "data": {key: value for key, value in own.items() if isinstance(value, (dict, list))},
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


def placeholders_of(contract_type):
    """The names a clause text of ``contract_type`` may use (for the admin's check)."""
    return set(BASE_PLACEHOLDERS) | clauses.names_used(contract_type)


BASE_PLACEHOLDERS = {
    "college": "полное наименование техникума",
    "organisation": "полное наименование организации",
    "student": "ФИО обучающегося",
    "specialty": "код и наименование специальности",
    "start": "дата начала действия",
    "end": "дата окончания действия",
    "number": "номер договора",
    "date": "дата договора",
    "copies": "число экземпляров (прописью)",
    "subject": "предмет, как он записан в договоре",
    "parent_number": "номер изменяемого договора",
    "parent_date": "дата изменяемого договора",
}

__all__ = ["PRICED_TYPES", "TITLES", "Kind", "contract_snapshot", "problems", "render_contract_pdf", "snapshot_hash"]
