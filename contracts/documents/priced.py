"""Priced contracts — consulting (гл. 39 ГК РФ), contract work (подряд, гл. 37), research (НИОКР,
гл. 38) — and the donation a «sponsorship» of a state college really is (пожертвование, ст. 582).

Who performs and who pays is a choice (``details["direction"]``): usually the college performs
for the partner, sometimes the partner performs for the college; the defined names follow it.
The price prints in figures and words with a VAT line. The acceptance act (or, for a donation,
the act of transfer) is its own PDF, rendered on request from the contract's frozen snapshot.

What each type keeps in ``Contract.details``:

- every priced type: ``direction``, ``vat`` (a rate or a ground of exemption), ``vat_ground``
  (the ground typed in when it is «other»), ``payment_days``;
- contract work: ``work_start``, ``work_end`` (ст. 708), ``statement_of_work`` (Приложение № 1);
- research: ``statement_of_work``, ``rights_holder`` (ст. 772);
- donation: ``donation_kind`` (money or property), ``purpose``, ``payment_days`` (days to transfer).
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from num2words import num2words

from partnership_portal import russian
from partnership_portal.pdf import render_pdf

from ..models import ContractType
from . import Kind, money
from .parties import day

COLLEGE_PERFORMS = "college_performs"
PARTNER_PERFORMS = "partner_performs"
DIRECTIONS = (COLLEGE_PERFORMS, PARTNER_PERFORMS)

PERFORMER = {
    ContractType.CONSULTING: "Исполнитель",
    ContractType.CONTRACT_WORK: "Подрядчик",
    ContractType.RESEARCH: "Исполнитель",
}
CUSTOMER = "Заказчик"
DONOR, DONEE = "Жертвователь", "Одаряемый"

# VAT: a rate included in the price, or a ground of exemption as the contract words it.
VAT_RATES = {"22": 22, "20": 20, "10": 10, "0": 0}
VAT_EXEMPTIONS = {
    "usn": "в связи с применением упрощённой системы налогообложения (п. 2 ст. 346.11 НК РФ)",
    "education": "на основании пп. 14 п. 2 ст. 149 НК РФ",
    "research": "на основании пп. 16 п. 3 ст. 149 НК РФ",
}
VAT_OTHER = "other"
VAT_CHOICES = (*VAT_RATES, *VAT_EXEMPTIONS, VAT_OTHER)

RIGHTS_HOLDERS = ("customer", "performer", "joint")
MONEY, PROPERTY = "money", "property"
DEFAULT_PAYMENT_DAYS = 10


def _details(contract):
    return contract.details or {}


def direction_of(contract):
    return _details(contract).get("direction")


def _roles(contract):
    contract_type = ContractType(contract.type)
    if contract_type == ContractType.SPONSORSHIP:
        return {"organisation": DONOR, "college": DONEE}
    performer = PERFORMER[contract_type]
    if direction_of(contract) == PARTNER_PERFORMS:
        return {"college": CUSTOMER, "organisation": performer}
    # The usual case, and what a draft without a direction shows until it is chosen.
    return {"organisation": CUSTOMER, "college": performer}


def _amount(contract):
    try:
        return Decimal(contract.amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (TypeError, InvalidOperation):
        return None


def vat_line(details, amount):
    """«в том числе НДС 22 % — 216 393,44 руб.» or «НДС не облагается на основании … .»: the
    end of the price sentence, with its own full stop (so a figure never gets «руб..»)."""
    choice = str((details or {}).get("vat", ""))
    if choice in VAT_RATES:
        rate = VAT_RATES[choice]
        if rate == 0:
            return "НДС исчисляется по ставке 0 %."
        tax = (amount * rate / (100 + rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"в том числе НДС {rate} % — {money(tax)}"
    if choice in VAT_EXEMPTIONS:
        return f"НДС не облагается {VAT_EXEMPTIONS[choice]}."
    if choice == VAT_OTHER:
        ground = str(details.get("vat_ground", "")).strip().rstrip(".")
        return f"НДС не облагается на основании {ground}." if ground else ""
    return ""


def _lines(text):
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


_LAST_WORD = re.compile(r"(\w+)\.$")


def _without_full_stop(line):
    """«… оборудования.» → «… оборудования»; an abbreviation keeps its dot («4 шт.», «кв. м.»)."""
    line = line.rstrip(";, ")
    match = _LAST_WORD.search(line)
    return line[:-1] if match and len(match.group(1)) > 5 else line


def _inline(text):
    """A user's text inside a sentence: its lines joined, no full stop of its own at the end."""
    return "; ".join(_without_full_stop(line) for line in _lines(text))


def _days(details):
    try:
        days = int(details.get("payment_days") or DEFAULT_PAYMENT_DAYS)
    except (TypeError, ValueError):
        days = DEFAULT_PAYMENT_DAYS
    return f"{days} ({num2words(days, lang='ru', case='genitive')})"


def _parse_day(value):
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _values(contract):
    details = _details(contract)
    contract_type = ContractType(contract.type)
    amount = _amount(contract)
    donation = contract_type == ContractType.SPONSORSHIP
    kind = details.get("donation_kind") if donation else None
    values = {
        "subject": _inline(contract.subject),
        "price": russian.money_in_words(amount) if amount is not None else "",
        "vat": "" if donation else vat_line(details, amount),
        "payment_days": _days(details),
        "work_start": day(_parse_day(details.get("work_start"))),
        "work_end": day(_parse_day(details.get("work_end"))),
        "purpose": _inline(details.get("purpose")),
        "donation_money": "да" if kind == MONEY else "",
        "donation_property": "да" if kind == PROPERTY else "",
    }
    if contract_type in (ContractType.CONTRACT_WORK, ContractType.RESEARCH):
        values["statement"] = {"subject": values["subject"], "lines": _lines(details.get("statement_of_work"))}
    rights = details.get("rights_holder") or "customer"
    for holder in RIGHTS_HOLDERS:
        values[f"rights_{holder}"] = "да" if contract_type == ContractType.RESEARCH and rights == holder else ""
    values["act"] = _act(contract, values)
    return values


# --- The acceptance act ---------------------------------------------------------------------

ACT_TITLES = {
    ContractType.CONSULTING: "АКТ СДАЧИ-ПРИЁМКИ ОКАЗАННЫХ УСЛУГ",
    ContractType.CONTRACT_WORK: "АКТ СДАЧИ-ПРИЁМКИ ВЫПОЛНЕННЫХ РАБОТ",
    ContractType.RESEARCH: "АКТ СДАЧИ-ПРИЁМКИ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИХ И ОПЫТНО-КОНСТРУКТОРСКИХ РАБОТ",
}
CONTRACT_GENITIVE = {
    ContractType.CONSULTING: "договору возмездного оказания консультационных услуг",
    ContractType.CONTRACT_WORK: "договору подряда",
    ContractType.RESEARCH: "договору на выполнение научно-исследовательских и опытно-конструкторских работ",
    ContractType.SPONSORSHIP: "договору пожертвования",
}


def _act(contract, values):
    """What the act prints (title, numbered paragraphs, the table of what is handed over),
    frozen with the contract; the template takes the parties from the snapshot."""
    contract_type = ContractType(contract.type)
    price, vat, amount = values["price"], values["vat"], _amount(contract)
    if contract_type == ContractType.SPONSORSHIP:
        purpose = f"Пожертвование подлежит использованию Одаряемым по назначению: {values['purpose']}".rstrip(".") + "."
        if values["donation_property"]:
            title = "АКТ ПРИЁМА-ПЕРЕДАЧИ ИМУЩЕСТВА (ПОЖЕРТВОВАНИЯ)"
            items = [{"name": line, "amount": ""} for line in _lines(contract.subject)]
            paragraphs = [
                "Жертвователь передал, а Одаряемый принял в качестве пожертвования имущество, указанное в таблице.",
                f"Общая стоимость переданного имущества составляет {price}.",
                "Имущество передано в исправном состоянии, в указанной комплектности, вместе с относящимися к нему "
                "документами. Одаряемый претензий к состоянию и комплектности имущества не имеет.",
                purpose,
            ]
        else:
            title, items = "АКТ ПРИЁМА-ПЕРЕДАЧИ ПОЖЕРТВОВАНИЯ", []
            paragraphs = [
                f"Жертвователь передал, а Одаряемый принял пожертвование в виде денежных средств в сумме {price}, "
                "зачисленных на счёт Одаряемого платёжным поручением № ________ от «___» ______________ 20___ г.",
                purpose,
                "Стороны претензий друг к другу по исполнению обязательства о передаче пожертвования не имеют.",
            ]
    else:
        # Figures in a narrow column do not break across lines.
        items = [{"name": values["subject"], "amount": money(amount).replace(" ", "\u00a0")}]
        title = ACT_TITLES[contract_type]
        if contract_type == ContractType.CONSULTING:
            paragraphs = [
                "Исполнитель оказал, а Заказчик принял консультационные услуги, указанные в таблице.",
                "Услуги оказаны в полном объёме, в срок и надлежащего качества. Заказчик претензий по объёму, "
                "качеству и срокам оказания услуг не имеет.",
                f"Стоимость оказанных услуг составляет {price}, {vat}",
            ]
        elif contract_type == ContractType.CONTRACT_WORK:
            paragraphs = [
                "Подрядчик выполнил и сдал, а Заказчик принял результат работы, указанной в таблице.",
                f"Работа выполнена в срок с {values['work_start']} по {values['work_end']}, в полном объёме и в "
                "соответствии с техническим заданием (приложение № 1 к Договору). Заказчик претензий по объёму, "
                "качеству и срокам выполнения работы не имеет.",
                "Подписание настоящего акта не лишает Заказчика права ссылаться на недостатки, которые не могли быть "
                "установлены при обычном способе приёмки (скрытые недостатки), в пределах гарантийного срока.",
                f"Стоимость выполненной работы составляет {price}, {vat}",
            ]
        else:
            paragraphs = [
                "Исполнитель выполнил, а Заказчик принял научно-исследовательские и опытно-конструкторские работы, "
                "указанные в таблице, и их результаты в составе, предусмотренном техническим заданием (приложение № 1 к "
                "Договору).",
                "Работы выполнены в полном объёме и в срок. Заказчик претензий по объёму, качеству и срокам выполнения "
                "работ не имеет.",
                f"Стоимость выполненных работ составляет {price}, {vat}",
            ]
        paragraphs.append("Настоящий акт является основанием для расчётов Сторон в порядке, предусмотренном Договором.")
    paragraphs.append(
        "Настоящий акт составлен в двух экземплярах, имеющих одинаковую юридическую силу, по одному для каждой из Сторон."
    )
    return {
        "title": title,
        "of": CONTRACT_GENITIVE[contract_type],
        "paragraphs": [f"{number}. {text}" for number, text in enumerate(paragraphs, start=1)],
        "items": items,
        "total": money(amount).replace(" ", "\u00a0") if items and items[0]["amount"] else "",
    }


def act_pdf(snapshot):
    """The act's PDF bytes from a contract's frozen snapshot (rendered on request, not stored)."""
    return render_pdf("pdf/contracts/act.html", {"doc": snapshot, "act": snapshot["data"]["act"]})


def has_act(snapshot):
    return bool(snapshot) and "act" in (snapshot.get("data") or {})


# --- What must be filled before the contract is issued --------------------------------------


def _problems(contract):
    details = _details(contract)
    contract_type = ContractType(contract.type)
    missing = []
    amount = _amount(contract)
    if amount is None or amount <= 0:
        missing.append(
            _("Give the value of the donation.")
            if contract_type == ContractType.SPONSORSHIP
            else _("Give the price of the contract.")
        )
    if contract_type == ContractType.SPONSORSHIP:
        kind = details.get("donation_kind")
        if kind not in (MONEY, PROPERTY):
            missing.append(_("Choose what is donated: money or property."))
        elif kind == PROPERTY and not contract.subject.strip():
            missing.append(_("List the donated property."))
        if not str(details.get("purpose", "")).strip():
            missing.append(_("Give the purpose for which the donation is to be used (art. 582 of the Civil Code)."))
        return missing
    if direction_of(contract) not in DIRECTIONS:
        missing.append(_("Choose who performs the contract and who pays (direction)."))
    if not contract.subject.strip():
        missing.append(_("Describe the subject of the contract."))
    vat = str(details.get("vat", ""))
    if vat not in VAT_CHOICES:
        missing.append(_("Choose the VAT rate or the ground of exemption from VAT."))
    elif vat == VAT_OTHER and not str(details.get("vat_ground", "")).strip():
        missing.append(_("Give the ground of exemption from VAT."))
    if contract_type == ContractType.CONTRACT_WORK:
        start, end = _parse_day(details.get("work_start")), _parse_day(details.get("work_end"))
        if not start or not end:
            missing.append(
                _("Give the start and end dates of the work (an essential term, art. 708 of the Civil Code).")
            )
        elif end < start:
            missing.append(_("The work cannot end before it starts."))
    if contract_type in (ContractType.CONTRACT_WORK, ContractType.RESEARCH) and not _lines(
        details.get("statement_of_work")
    ):
        missing.append(_("Write the statement of work (appendix 1)."))
    return missing


KINDS = {
    contract_type: Kind(
        title=title,
        short_title=short,
        roles=_roles,
        values=_values,
        problems=_problems,
        priced=True,
    )
    for contract_type, title, short in (
        (ContractType.CONSULTING, "ДОГОВОР ВОЗМЕЗДНОГО ОКАЗАНИЯ КОНСУЛЬТАЦИОННЫХ УСЛУГ", "Договор оказания услуг"),
        (ContractType.CONTRACT_WORK, "ДОГОВОР ПОДРЯДА", "Договор подряда"),
        (
            ContractType.RESEARCH,
            "ДОГОВОР НА ВЫПОЛНЕНИЕ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИХ И ОПЫТНО-КОНСТРУКТОРСКИХ РАБОТ",
            "Договор НИОКР",
        ),
        (ContractType.SPONSORSHIP, "ДОГОВОР ПОЖЕРТВОВАНИЯ", "Договор пожертвования"),
    )
}
