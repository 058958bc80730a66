"""The targeted-training contract (типовая форма, ПП РФ № 555 от 27.04.2024). (Being written.)"""

from ..models import ContractType
from . import Kind

KINDS = {
    ContractType.TARGETED_TRAINING: Kind(
        title="ДОГОВОР О ЦЕЛЕВОМ ОБУЧЕНИИ ПО ОБРАЗОВАТЕЛЬНОЙ ПРОГРАММЕ СРЕДНЕГО ПРОФЕССИОНАЛЬНОГО ОБРАЗОВАНИЯ",
        short_title="Договор о целевом обучении",
        roles={"organisation": "Заказчик", "student": "Гражданин", "college": "Образовательная организация"},
    )
}
