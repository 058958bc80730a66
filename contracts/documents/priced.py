"""Priced contracts: consulting, contract work, research (НИОКР), and donation (sponsorship).
(Being written: see issue 8.)"""

from ..models import ContractType
from . import Kind

KINDS = {
    contract_type: Kind(
        title=title,
        short_title=short,
        roles={"college": "Исполнитель", "organisation": "Заказчик"},
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
