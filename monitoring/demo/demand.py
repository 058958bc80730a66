"""Demo data: hiring demand for this year and the next four.

The first two partners (the demo employers' organisations) declare needs every year, so the
employer logins see their own; a fifth of the other active partners declare some too, and the
employment centre's vacancy data adds rows for employers outside the register. Everything is
bulk-created: the region scale adds some 10,000 rows in a few seconds.
"""

from django.utils import timezone

from partners.models import Partner, PartnerStatus, Specialty
from partnership_portal.demo import rng

from ..models import DemandDeclaration, DemandSource

_COMMENTS = (
    "Нужны выпускники с допуском к работе на станках с ЧПУ",
    "Готовы взять на практику с последующим трудоустройством",
    "Наставник закрепляется на первый год работы",
    "Сменный график, доставка служебным транспортом",
    "",
    "",
)
_CENTRE_EMPLOYERS = (
    "ООО «Уральский завод металлоконструкций»",
    "ИП Соколов А. В.",
    "МУП «Водоканал»",
    "ООО «Стройкомплекс»",
    "АО «Среднеуральский трубопрокатный завод»",
    "ООО «Логистик-Урал»",
)


def _conditions(rnd):
    salary_from = rnd.choice((35, 40, 45, 50, 55, 60, 70)) * 1000
    targeted = rnd.random() < 0.2
    return {
        "salary_from": salary_from if rnd.random() < 0.8 else None,
        "salary_to": salary_from + rnd.choice((10, 15, 20, 30)) * 1000 if rnd.random() < 0.6 else None,
        "housing": rnd.random() < 0.15,
        "targeted_training": targeted,
        "offer_number": f"{rnd.randint(100000, 999999)}" if targeted and rnd.random() < 0.7 else "",
        "comment": rnd.choice(_COMMENTS),
    }


def seed(scale, *, staff):
    """Creates the demo demand if there is none yet."""
    if DemandDeclaration.objects.exists():
        return
    specialties = list(Specialty.objects.order_by("code").values_list("pk", flat=True))
    if not specialties:
        return
    year = timezone.localdate().year
    rnd = rng("demand")
    first_two = list(Partner.objects.order_by("pk").values_list("pk", flat=True)[:2])
    others = list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE)
        .exclude(pk__in=first_two)
        .order_by("pk")
        .values_list("pk", flat=True)[: max(5, scale.partners // 5)]
    )
    rows = []
    for partner_id in first_two:
        for offset in range(5):
            rows.append(
                DemandDeclaration(
                    partner_id=partner_id,
                    specialty_id=rnd.choice(specialties[:4]),
                    year=year + offset,
                    people=rnd.randint(2, 8),
                    source=DemandSource.PARTNER,
                    created_by=None,
                    **_conditions(rnd),
                )  # fmt: skip
            )
    for partner_id in others:
        rows.append(
            DemandDeclaration(
                partner_id=partner_id,
                specialty_id=rnd.choice(specialties),
                year=year + rnd.randint(0, 3),
                people=rnd.randint(1, 6),
                source=DemandSource.PARTNER,
                **_conditions(rnd),
            )  # fmt: skip
        )
    for _ in range(max(6, scale.partners // 10)):
        conditions = _conditions(rnd) | {"targeted_training": False, "offer_number": "", "housing": False}
        rows.append(
            DemandDeclaration(
                specialty_id=rnd.choice(specialties),
                year=year + rnd.randint(0, 1),
                people=rnd.randint(1, 4),
                source=DemandSource.EMPLOYMENT_CENTRE,
                employer_name=rnd.choice(_CENTRE_EMPLOYERS),
                created_by=staff,
                **conditions,
            )  # fmt: skip
        )
    rows.append(
        DemandDeclaration(
            specialty_id=specialties[0],
            year=year + 1,
            people=12,
            source=DemandSource.OTHER,
            source_name="Ярмарка вакансий Минпромторга Свердловской области",
            created_by=staff,
            comment="Сводная потребность предприятий отрасли",
        )  # fmt: skip
    )
    DemandDeclaration.objects.bulk_create(rows, batch_size=1000)
