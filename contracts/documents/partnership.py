"""Cooperation and joint-project agreements. (Being written.)"""

from ..models import ContractType
from . import Kind

KINDS = {
    ContractType.COOPERATION: Kind(
        title="СОГЛАШЕНИЕ О СОЦИАЛЬНОМ ПАРТНЁРСТВЕ И СОТРУДНИЧЕСТВЕ",
        short_title="Соглашение о сотрудничестве",
        roles={"college": "Техникум", "organisation": "Партнёр"},
        concluded="заключили настоящее Соглашение о нижеследующем",
    ),
    ContractType.JOINT_PROJECT: Kind(
        title="СОГЛАШЕНИЕ О СОВМЕСТНОМ ПРОЕКТЕ",
        short_title="Соглашение о совместном проекте",
        roles={"college": "Техникум", "organisation": "Партнёр"},
        concluded="заключили настоящее Соглашение о нижеследующем",
    ),
}
