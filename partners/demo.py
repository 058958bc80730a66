"""Demo partners: plausible Russian organisations with valid ИНН/ОГРН, their people, the
college's interactions with them, and employer accounts.

Everything about the n-th partner comes from a random source seeded with n, so a run creates
only what is missing and gives the same data on every machine.
"""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from faker import Faker

from partnership_portal.accounts.models import Role, User
from partnership_portal.demo import DEMO_PASSWORD
from partnership_portal.demo_bulk import bulk_update_values
from partnership_portal.validators import inn_with_check_digits

from .models import Contact, Interaction, InteractionKind, Partner, PartnerStatus, PartnerType, Specialty
from .services import normalize_search, partners_refresh_search_text

_FORMS = ["ООО", "АО", "ПАО", "ООО", "АО", "ГБУ", "МУП", "ФГУП"]
_FULL_FORMS = {
    "ООО": "Общество с ограниченной ответственностью",
    "АО": "Акционерное общество",
    "ПАО": "Публичное акционерное общество",
    "ГБУ": "Государственное бюджетное учреждение",
    "МУП": "Муниципальное унитарное предприятие",
    "ФГУП": "Федеральное государственное унитарное предприятие",
}
_ROOTS = [
    "Урал", "Сибирь", "Волга", "Север", "Кама", "Дон", "Ока", "Байкал", "Енисей", "Алтай",
    "Техно", "Энерго", "Агро", "Нефте", "Газо", "Авто", "Электро", "Тепло", "Хим", "Мед",
    "Исеть", "Чусовая", "Тагил", "Ирбит", "Ревда", "Сысерть", "Полевской", "Шарташ",
]  # fmt: skip
_STEMS = [
    "маш", "строй", "монтаж", "сервис", "прибор", "комплект", "пром", "транс", "энерго",
    "сталь", "лес", "мет", "электро", "систем", "проект", "автоматика", "ресурс", "инвест",
]  # fmt: skip
_ENDINGS = ["", "", "", "-Сервис", "-Инжиниринг", "-Групп", " Плюс", "-Холдинг"]
_CITIES = [
    ("Екатеринбург", "620"), ("Нижний Тагил", "622"), ("Каменск-Уральский", "623"), ("Первоуральск", "623"),
    ("Верхняя Пышма", "624"), ("Серов", "624"), ("Асбест", "624"), ("Ревда", "623"),
]  # fmt: skip
_STREETS = ["ул. Ленина", "ул. Мира", "пр. Космонавтов", "ул. Заводская", "ул. Промышленная", "ул. Строителей",
            "ул. Машиностроителей", "ул. Фронтовых бригад", "ул. Кирова", "ул. Малышева"]  # fmt: skip
_INDUSTRIES = ["Машиностроение", "Металлургия", "Энергетика", "Строительство", "Информационные технологии",
               "Химическая промышленность", "Транспорт и логистика", "Общественное питание", "Сельское хозяйство",
               "Государственное управление", "Образование", "Торговля"]  # fmt: skip
_POSITIONS = {
    "signatory": ["Генеральный директор", "Директор", "Исполнительный директор"],
    "hr": ["Начальник отдела кадров", "Специалист по персоналу", "Менеджер по подбору персонала"],
    "practice_supervisor": ["Главный инженер", "Мастер участка", "Начальник цеха", "Ведущий инженер-технолог"],
    "thesis_reviewer": ["Главный технолог", "Начальник конструкторского бюро", "Ведущий специалист"],
}
_SUMMARIES = [
    "Обсудили количество мест для производственной практики на следующий семестр.",
    "Согласовали график экскурсии студентов на производство.",
    "Предприятие готово предоставить специалистов для рецензирования дипломных проектов.",
    "Договорились о стажировке преподавателей спецдисциплин на новом оборудовании.",
    "Направлено письмо с проектом договора о практической подготовке.",
    "Обсудили потребность предприятия в выпускниках на следующий год.",
    "Приглашение на конкурс профессионального мастерства на базе предприятия.",
    "Встреча по вопросу передачи оборудования для учебной мастерской.",
]
_FOLLOW_UPS = ["Отправить проект договора", "Согласовать список студентов", "Позвонить по итогам встречи",
               "Подготовить письмо-приглашение", "Уточнить количество мест практики"]  # fmt: skip
_KIND_CYCLE = [InteractionKind.MEETING, InteractionKind.CALL, InteractionKind.LETTER, InteractionKind.VISIT]
_TYPES = [PartnerType.BASE, PartnerType.EMPLOYER, PartnerType.EMPLOYER, PartnerType.EMPLOYER, PartnerType.PATRON,
          PartnerType.EMPLOYMENT_CENTRE, PartnerType.UNIVERSITY, PartnerType.OTHER]  # fmt: skip
_STATUSES = (
    [PartnerStatus.ACTIVE] * 12 + [PartnerStatus.PROSPECT] * 3 + [PartnerStatus.DORMANT] * 3 + [PartnerStatus.ENDED] * 2
)


def demo_inn(index):
    """A unique, valid 10-digit ИНН for the n-th demo partner (region code 66, Sverdlovsk)."""
    return inn_with_check_digits(f"66{index:07d}")


def demo_ogrn(index):
    """A valid 13-digit ОГРН for the n-th demo partner."""
    body = f"1026600{index:05d}"
    return body + str(int(body) % 11 % 10)


def _partner(index, specialty_ids, today):
    rnd = random.Random(f"partner-{index}")
    form = _FORMS[index % len(_FORMS)]
    city, postcode = rnd.choice(_CITIES)
    stem = rnd.choice(_STEMS)
    core = rnd.choice(_ROOTS) + stem + rnd.choice([e for e in _ENDINGS if stem not in e.lower()])
    if form in {"ГБУ", "МУП", "ФГУП"}:
        core = f"{core} {city}"
    short = f"{form} «{core}»"
    address = f"{postcode}{rnd.randint(0, 999):03d}, Свердловская обл., г. {city}, {rnd.choice(_STREETS)}, д. {rnd.randint(1, 120)}"
    slug = f"p{index}"
    partner = Partner(
        name=f"{_FULL_FORMS[form]} «{core}»",
        short_name=short,
        type=rnd.choice(_TYPES),
        status=rnd.choice(_STATUSES),
        inn=demo_inn(index),
        kpp=f"66{rnd.randint(1, 99):02d}01001",
        ogrn=demo_ogrn(index),
        legal_address=address,
        actual_address=address if rnd.random() < 0.7 else "",
        industry=rnd.choice(_INDUSTRIES),
        website=f"https://{slug}.example.ru",
        phone=f"+7 343 {rnd.randint(200, 399)}-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}",
        email=f"info@{slug}.example.ru",
        partner_since=today - dt.timedelta(days=rnd.randint(60, 3650)),
        description="",
    )
    return partner, rnd.sample(specialty_ids, k=min(len(specialty_ids), rnd.randint(1, 3)))


def _person(fake, rnd):
    if rnd.random() < 0.5:
        return fake.last_name_male(), fake.first_name_male(), fake.middle_name_male()
    return fake.last_name_female(), fake.first_name_female(), fake.middle_name_female()


def _contacts(index, partner_id, fake):
    rnd = random.Random(f"contacts-{index}")
    roles = ["signatory", "hr", "practice_supervisor"]
    if rnd.random() < 0.6:
        roles.append("thesis_reviewer")
    contacts = []
    for number, role in enumerate(roles):
        last, first, middle = _person(fake, rnd)
        contacts.append(
            Contact(
                partner_id=partner_id,
                last_name=last,
                first_name=first,
                middle_name=middle,
                position=rnd.choice(_POSITIONS[role]),
                phone=f"+7 9{rnd.randint(10, 99)} {rnd.randint(100, 999)}-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}",
                email=f"{role.split('_')[0]}{number}@p{index}.example.ru",
                is_signatory=role == "signatory",
                authority_basis="Устава" if role == "signatory" else "",
                is_hr=role == "hr",
                is_practice_supervisor=role == "practice_supervisor",
                is_thesis_reviewer=role == "thesis_reviewer" or (role == "practice_supervisor" and rnd.random() < 0.3),
            )
        )
    return contacts


def _interactions(index, partner, staff_ids, today):
    rnd = random.Random(f"interactions-{index}")
    if partner.status == PartnerStatus.DORMANT:
        days = [rnd.randint(200, 700) for _ in range(rnd.randint(0, 2))]
    elif partner.status == PartnerStatus.PROSPECT:
        days = [rnd.randint(0, 90) for _ in range(rnd.randint(0, 2))]
    else:
        days = [rnd.randint(0, 400) for _ in range(rnd.randint(1, 5))]
    interactions = []
    for day in sorted(days, reverse=True):
        follow_up = day < 20 and rnd.random() < 0.5
        interactions.append(
            Interaction(
                partner_id=partner.pk,
                kind=rnd.choice(_KIND_CYCLE),
                date=today - dt.timedelta(days=day),
                author_id=rnd.choice(staff_ids),
                summary=rnd.choice(_SUMMARIES),
                follow_up=rnd.choice(_FOLLOW_UPS) if follow_up else "",
                follow_up_due=today + dt.timedelta(days=rnd.randint(-5, 14)) if follow_up else None,
                follow_up_owner_id=staff_ids[0] if follow_up else None,
            )
        )
    return interactions


# Employer logins printed by seed_demo; further accounts (one in 20 partners) use contacts' e-mails.
DEMO_EMPLOYERS = [("employer@partner.example", 0), ("employer2@partner.example", 1)]


def seed(scale, *, staff, batch_size=2000):
    """Creates the missing demo partners with their contacts, interactions and employer accounts.
    ``staff``: demo staff users (the first one owns the follow-ups). Returns the login lines."""
    today = timezone.localdate()
    specialty_ids = list(Specialty.objects.order_by("code").values_list("pk", flat=True))
    staff_ids = [user.pk for user in staff]
    fake = Faker("ru_RU")
    fake.seed_instance(f"portal-demo-{scale.partners}")

    wanted = {demo_inn(index): index for index in range(scale.partners)}
    existing = set(Partner.objects.filter(inn__in=wanted).values_list("inn", flat=True))
    new_indexes = [index for inn, index in wanted.items() if inn not in existing]

    partners, specialties = [], {}
    for index in new_indexes:
        partner, chosen = _partner(index, specialty_ids, today)
        partners.append(partner)
        specialties[partner.inn] = chosen
    Partner.objects.bulk_create(partners, batch_size=batch_size)
    by_inn = dict(Partner.objects.filter(inn__in=specialties).values_list("inn", "pk"))
    links = Partner.specialties.through
    links.objects.bulk_create(
        [links(partner_id=by_inn[inn], specialty_id=pk) for inn, pks in specialties.items() for pk in pks],
        batch_size=batch_size,
    )

    contacts, interactions = [], []
    for partner, index in zip(partners, new_indexes, strict=True):
        partner.pk = by_inn[partner.inn]
        contacts += _contacts(index, partner.pk, fake)
        interactions += _interactions(index, partner, staff_ids, today)
    Contact.objects.bulk_create(contacts, batch_size=batch_size)
    Interaction.objects.bulk_create(interactions, batch_size=batch_size)

    _finish_partners(partners, contacts, interactions, batch_size)
    _employer_accounts(scale, new_indexes, batch_size)
    first = Partner.objects.get(inn=demo_inn(0))
    return [("employer", f"{DEMO_EMPLOYERS[0][0]} ({first.display_name})")]


def _finish_partners(partners, contacts, interactions, batch_size):
    """Search text and last activity, computed here rather than row by row."""
    latest, people = {}, {}
    for interaction in interactions:
        if interaction.partner_id not in latest or interaction.date > latest[interaction.partner_id]:
            latest[interaction.partner_id] = interaction.date
    for contact in contacts:
        people.setdefault(contact.partner_id, []).extend([contact.full_name, contact.email])
    for partner in partners:
        partner.last_activity_on = latest.get(partner.pk)
        parts = [partner.name, partner.short_name, partner.inn, *people.get(partner.pk, [])]
        partner.search_text = normalize_search(" | ".join(parts))
    bulk_update_values(Partner, partners, ["last_activity_on", "search_text"], batch_size=batch_size)


def _employer_accounts(scale, new_indexes, batch_size):
    """Accounts for the two printed employer logins and for one partner in twenty."""
    indexes = sorted({index for _email, index in DEMO_EMPLOYERS} | set(range(2, scale.partners, 20)))
    indexes = [index for index in indexes if index in set(new_indexes)]
    if not indexes:
        return
    password = make_password(DEMO_PASSWORD)  # hashed once: the same demo password for all
    named = {index: email for email, index in DEMO_EMPLOYERS}
    contacts = {
        contact.partner.inn: contact
        for contact in Contact.objects.filter(partner__inn__in=[demo_inn(i) for i in indexes], is_signatory=True)
        .select_related("partner")
        .order_by("pk")
    }
    users, linked, named_partner_ids = [], [], []
    for index in indexes:
        contact = contacts.get(demo_inn(index))
        if contact is None:
            continue
        email = named.get(index, contact.email)
        if index in named:
            named_partner_ids.append(contact.partner_id)
            contact.email = email
            contact.is_thesis_reviewer = contact.is_practice_supervisor = True
        users.append(
            User(
                email=email,
                password=password,
                role=Role.EMPLOYER,
                partner_id=contact.partner_id,
                last_name=contact.last_name,
                first_name=contact.first_name,
                middle_name=contact.middle_name,
                position=contact.position,
            )
        )
        linked.append(contact)
    User.objects.bulk_create(users, batch_size=batch_size, ignore_conflicts=True)
    by_email = dict(User.objects.filter(email__in=[user.email for user in users]).values_list("email", "pk"))
    for contact, user in zip(linked, users, strict=True):
        contact.user_id = by_email.get(user.email)
    Contact.objects.bulk_update(
        linked, ["user", "email", "is_thesis_reviewer", "is_practice_supervisor"], batch_size=batch_size
    )
    partners_refresh_search_text(
        [contact.partner_id for index, contact in zip(indexes, linked, strict=False) if index in named]
    )
