"""Demo data: partners' contributions over three years and two co-financed development
programmes, each covered in part; one contribution rests on a demo donation agreement.

The first two partners (the demo employers' organisations) contribute every year, so the
employer logins see their own contributions; a quarter of the other active partners contribute
too. Everything is bulk-created: the region scale adds some 15,000 rows in a few seconds.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from contracts.models import Contract, ContractState, ContractType
from partners.models import Partner, PartnerStatus, Specialty
from partnership_portal.demo import rng

from ..models import Contribution, ContributionKind, Programme

# (kind, what, value range in roubles): what a partner typically gives.
_GIFTS = {
    ContributionKind.MONEY: ("Благотворительное пожертвование на развитие материальной базы", (50_000, 500_000)),
    ContributionKind.EQUIPMENT: ("Токарный станок с ЧПУ, б/у, в рабочем состоянии", (150_000, 1_200_000)),
    ContributionKind.SOFTWARE: ("Лицензии САПР для учебного класса, 15 рабочих мест", (60_000, 400_000)),
    ContributionKind.MATERIALS: ("Металлопрокат и заготовки для учебных мастерских", (20_000, 150_000)),
    ContributionKind.TRAINING: ("Стажировка преподавателей спецдисциплин на производстве", (30_000, 200_000)),
    ContributionKind.PRIZES: ("Призы победителям конкурса профессионального мастерства", (10_000, 80_000)),
}
_DOCUMENTS = {
    ContributionKind.MONEY: "Платёжное поручение № {n}",
    ContributionKind.EQUIPMENT: "Акт приёма-передачи № {n}",
    ContributionKind.SOFTWARE: "Лицензионный договор № {n}",
    ContributionKind.MATERIALS: "Накладная № {n}",
    ContributionKind.TRAINING: "Письмо о направлении № {n}",
    ContributionKind.PRIZES: "Письмо о вручении призов № {n}",
}


def seed(scale, *, staff):
    """Creates the demo programmes and contributions if there are none yet."""
    if Programme.objects.exists() or Contribution.objects.exists():
        return
    today = timezone.localdate()
    rnd = rng("contributions")
    specialties = list(Specialty.objects.order_by("code")[:6])
    first_two = list(Partner.objects.order_by("pk")[:2])
    others = list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE)
        .exclude(pk__in=[p.pk for p in first_two])
        .order_by("pk")[: max(4, scale.partners // 4)]
    )
    programmes = Programme.objects.bulk_create(
        [
            Programme(name="Лаборатория станков с ЧПУ", specialty=specialties[0] if specialties else None,
                      budget=Decimal("3000000.00"), start_year=today.year - 2, end_year=today.year + 1,
                      description="Оснащение лаборатории для демонстрационного экзамена по компетенции «Токарные работы на станках с ЧПУ»."),
            Programme(name="Мастерская сварочных технологий", specialty=specialties[1] if len(specialties) > 1 else None,
                      budget=Decimal("1500000.00"), start_year=today.year - 1, end_year=today.year + 2,
                      description="Сварочные посты, вытяжная вентиляция и расходные материалы."),
        ]
    )  # fmt: skip
    created_by = staff[0]
    contributions = []
    number = 0

    def add(partner, kind, day, value, **fields):
        nonlocal number
        number += 1
        what, _range = _GIFTS[kind]
        if kind == ContributionKind.EQUIPMENT:
            fields.setdefault("inventory_number", f"ОС-{day.year}-{number:05d}")
        if "contract" not in fields:
            fields["document"] = _DOCUMENTS[kind].format(n=number)
        contributions.append(Contribution(partner=partner, kind=kind, date=day, value=value,
                                          description=fields.pop("description", what), created_by=created_by,
                                          **fields))  # fmt: skip

    kinds = list(ContributionKind.values)
    for offset in (2, 1, 0):
        year = today.year - offset
        last_day = today if offset == 0 else dt.date(year, 12, 31)
        first_day = dt.date(year, 1, 1)
        span = (last_day - first_day).days
        # The demo employers' organisations give something of every kind over the three years.
        for index, partner in enumerate(first_two):
            for kind in (kinds[(offset * 2 + index) % 6], kinds[(offset * 2 + index + 3) % 6]):
                add(partner, kind, first_day + dt.timedelta(days=rnd.randint(0, span)), _value(rnd, kind))
        for partner in others:
            for _n in range(rnd.randint(0, 2)):
                kind = rnd.choice(kinds)
                extra = {"specialty": rnd.choice(specialties)} if specialties and rnd.random() < 0.6 else {}
                add(partner, kind, first_day + dt.timedelta(days=rnd.randint(0, span)), _value(rnd, kind), **extra)
    # The programmes, covered in part: 35 % and, with the donation below, about half.
    cnc, welding = programmes
    for partner, value, offset in ((first_two[0], "600000.00", 1), (first_two[-1], "450000.00", 0)):
        add(partner, ContributionKind.EQUIPMENT, _day_in(today, offset, 3), Decimal(value), programme=cnc,
            description="Фрезерный обрабатывающий центр для лаборатории ЧПУ")  # fmt: skip
    add(first_two[0], ContributionKind.MONEY, _day_in(today, 0, 1), Decimal("400000.00"), programme=welding,
        description="Пожертвование на сварочные посты")  # fmt: skip
    # A contribution that rests on a demo donation agreement: the same gift, as the contract names it.
    donations = Contract.objects.filter(type=ContractType.SPONSORSHIP, amount__isnull=False).order_by("pk")
    donation = (
        donations.filter(state__in=[ContractState.SIGNED, ContractState.ACTIVE, ContractState.EXPIRED]).first()
        or donations.exclude(state__in=[ContractState.DRAFT, ContractState.TERMINATED]).first()
    )
    if donation is not None:
        kind = (
            ContributionKind.EQUIPMENT
            if donation.details.get("donation_kind") == "property"
            else ContributionKind.MONEY
        )
        add(donation.partner, kind, min(donation.signed_on, today), donation.amount, contract=donation, programme=welding,
            description=(donation.subject.splitlines() or ["Пожертвование по договору"])[0],
            specialty=welding.specialty)  # fmt: skip
    Contribution.objects.bulk_create(contributions, batch_size=2000)


def _value(rnd, kind):
    low, high = _GIFTS[kind][1]
    return Decimal(rnd.randint(low // 1000, high // 1000) * 1000)


def _day_in(today, years_ago, month):
    """A day in ``month`` of the year ``years_ago`` back, never after today."""
    return min(dt.date(today.year - years_ago, month, 15), today)
