"""Demo partners: plausible Russian organisations with valid ИНН check digits."""

from partnership_portal.demo import rng
from partnership_portal.validators import inn_with_check_digits

from .models import Partner

_FORMS = ["ООО", "АО", "ПАО", "ООО", "АО", "ГБУ", "МУП", "ФГУП"]
_ROOTS = [
    "Урал",
    "Сибирь",
    "Волга",
    "Север",
    "Кама",
    "Дон",
    "Ока",
    "Байкал",
    "Енисей",
    "Алтай",
    "Техно",
    "Энерго",
    "Агро",
    "Нефте",
    "Газо",
    "Авто",
    "Электро",
    "Тепло",
    "Хим",
    "Мед",
]
_STEMS = [
    "маш",
    "строй",
    "монтаж",
    "сервис",
    "прибор",
    "комплект",
    "пром",
    "транс",
    "энерго",
    "сталь",
    "лес",
    "мет",
    "электро",
    "систем",
    "проект",
]
_ENDINGS = ["", "", "", "-Сервис", "-Инжиниринг", "-Групп", " Плюс"]
_CITIES = ["Екатеринбург", "Пермь", "Челябинск", "Тюмень", "Уфа", "Казань", "Самара", "Омск"]


def partner_name(index, random):
    form = _FORMS[index % len(_FORMS)]
    name = random.choice(_ROOTS) + random.choice(_STEMS) + random.choice(_ENDINGS)
    if form in {"ГБУ", "МУП", "ФГУП"}:
        return f"{form} «{name} {random.choice(_CITIES)}»"
    return f"{form} «{name}»"


def demo_inn(index):
    """A unique, valid 10-digit ИНН for the n-th demo partner (region code 66, Sverdlovsk)."""
    return inn_with_check_digits(f"66{index:07d}")


def seed(scale, *, batch_size=1000):
    """Creates the demo partners that are missing; returns them in index order."""
    random = rng("partners")
    partners = [Partner(name=partner_name(i, random), inn=demo_inn(i)) for i in range(scale.partners)]
    Partner.objects.bulk_create(partners, batch_size=batch_size, ignore_conflicts=True)
    by_inn = Partner.objects.in_bulk([p.inn for p in partners[:10]], field_name="inn")
    return [by_inn[p.inn] for p in partners[:10]]
