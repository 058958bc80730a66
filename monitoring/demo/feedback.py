"""Demo data: employers' feedback on the programmes.

Every specialty gets the competences employers rate; partners submit requirements over the last
three years (the older mostly decided: taken into a year's programme or declined with a reason,
the recent ones pending); employers rate the competences of about a third of the students whose
practice with them has ended, the averages creeping up over the years as the programmes change.
The first demo employer's organisation has requirements in each state and students still to rate.
Everything is bulk-created: the region scale adds some tens of thousands of ratings in seconds.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from partners.models import Partner, PartnerStatus, Specialty
from partnership_portal.demo import rng
from partnership_portal.demo_bulk import bulk_update_values
from practice.models import Placement, PlacementState

from ..models import Competence, CompetenceRating, Requirement, RequirementKind, RequirementStatus

# Competences employers rate, per specialty code; a specialty not listed gets the general ones.
COMPETENCES = {
    "08.02.01": [
        "Чтение строительных чертежей",
        "Работа со сметной документацией",
        "Организация строительного контроля",
        "Работа в Revit и AutoCAD",
        "Соблюдение требований охраны труда на объекте",
    ],
    "08.02.09": [
        "Чтение электрических схем",
        "Монтаж осветительных и силовых сетей",
        "Наладка электрооборудования",
        "Работа с измерительными приборами",
        "Соблюдение правил электробезопасности",
    ],
    "09.02.01": [
        "Сборка и диагностика компьютерных систем",
        "Программирование микроконтроллеров",
        "Настройка сетевого оборудования",
        "Чтение технической документации на английском языке",
        "Работа в команде",
    ],
    "09.02.07": [
        "Разработка на Python",
        "Работа с базами данных и SQL",
        "Использование Git",
        "Тестирование программного обеспечения",
        "Работа в команде по Scrum",
    ],
    "11.02.16": [
        "Пайка и монтаж печатных плат",
        "Диагностика электронных устройств",
        "Чтение принципиальных схем",
        "Работа с осциллографом и мультиметром",
        "Соблюдение требований к защите от статического электричества",
    ],
    "13.02.03": [
        "Оперативные переключения в электроустановках",
        "Релейная защита и автоматика",
        "Чтение однолинейных схем",
        "Ведение оперативной документации",
        "Соблюдение правил электробезопасности",
    ],
    "13.02.11": [
        "Техническое обслуживание электродвигателей",
        "Чтение электрических схем",
        "Наладка систем автоматики",
        "Поиск неисправностей",
        "Соблюдение правил электробезопасности",
    ],
    "15.01.05": [
        "Ручная дуговая сварка",
        "Полуавтоматическая сварка в среде защитных газов",
        "Чтение чертежей",
        "Контроль качества сварных швов",
        "Соблюдение требований охраны труда",
    ],
    "15.01.32": [
        "Работа на станках с ЧПУ",
        "Чтение чертежей",
        "Наладка станков с ЧПУ",
        "Контроль размеров измерительным инструментом",
        "Составление управляющих программ",
    ],
    "15.02.12": [
        "Монтаж промышленного оборудования",
        "Диагностика и ремонт оборудования",
        "Чтение чертежей",
        "Работа с гидравлическими и пневматическими системами",
        "Ведение ремонтной документации",
    ],
    "15.02.16": [
        "Чтение чертежей",
        "Работа на станках с ЧПУ",
        "Разработка технологических процессов",
        "Программирование в CAM-системах",
        "Контроль качества деталей",
    ],
    "18.02.12": [
        "Химический анализ проб",
        "Работа с хроматографом и спектрофотометром",
        "Приготовление растворов",
        "Оформление протоколов испытаний",
        "Соблюдение правил работы в лаборатории",
    ],
    "20.02.04": [
        "Проверка систем пожарной сигнализации",
        "Пожарно-профилактическая работа",
        "Работа с нормативными документами",
        "Оказание первой помощи",
        "Действия при тушении пожара",
    ],
    "21.02.05": [
        "Работа с кадастровыми данными",
        "Оценка объектов недвижимости",
        "Работа в ГИС",
        "Оформление документов для регистрации прав",
        "Деловая коммуникация",
    ],
    "22.02.06": [
        "Выбор технологии сварки",
        "Контроль качества сварных соединений",
        "Чтение чертежей",
        "Работа со сварочным оборудованием",
        "Оформление технологической документации",
    ],
    "23.01.17": [
        "Диагностика автомобилей",
        "Ремонт двигателей",
        "Работа с диагностическим сканером",
        "Техническое обслуживание ходовой части",
        "Общение с клиентом",
    ],
    "23.02.07": [
        "Диагностика систем автомобиля",
        "Ремонт двигателей и агрегатов",
        "Работа с электронными системами",
        "Организация работы поста ТО",
        "Ведение технической документации",
    ],
    "27.02.07": [
        "Статистические методы контроля качества",
        "Работа с системой менеджмента качества ISO 9001",
        "Проведение внутренних аудитов",
        "Работа с измерительным оборудованием",
        "Оформление несоответствий",
    ],
    "35.02.16": [
        "Техническое обслуживание тракторов",
        "Ремонт сельскохозяйственных машин",
        "Чтение чертежей",
        "Диагностика гидравлических систем",
        "Соблюдение требований охраны труда",
    ],
    "38.02.01": [
        "Ведение бухгалтерского учёта в 1С",
        "Составление отчётности",
        "Расчёт заработной платы",
        "Работа с первичными документами",
        "Налоговый учёт",
    ],
    "38.02.04": [
        "Работа с клиентами",
        "Ведение учёта в 1С: Торговля",
        "Анализ продаж",
        "Работа с маркетплейсами",
        "Деловая переписка",
    ],
    "40.02.01": [
        "Работа с нормативными актами",
        "Назначение пенсий и пособий",
        "Приём граждан",
        "Работа с базами данных социальной защиты",
        "Деловая коммуникация",
    ],
    "43.02.15": [
        "Приготовление блюд по технологическим картам",
        "Соблюдение санитарных норм",
        "Работа на современном кухонном оборудовании",
        "Расчёт себестоимости блюд",
        "Работа в команде",
    ],
    "46.02.01": [
        "Делопроизводство в СЭД",
        "Работа с архивными документами",
        "Оформление документов по ГОСТ",
        "Деловая переписка",
        "Работа с персональными данными",
    ],
}
GENERAL = ["Чтение технической документации", "Соблюдение требований охраны труда", "Работа в команде",
           "Ответственность и дисциплина", "Владение профильным программным обеспечением"]  # fmt: skip

# (kind, requirement, justification)
REQUIREMENTS = [
    (
        RequirementKind.EQUIPMENT,
        "Обучение работе на обрабатывающих центрах с ЧПУ пятиосевой обработки",
        "С 2025 года механический цех переведён на пятиосевые центры; выпускники их не видели.",
    ),
    (
        RequirementKind.SOFTWARE,
        "Освоение «Компас-3D» вместо AutoCAD в курсовом проектировании",
        "Конструкторское бюро и технологи предприятия работают в «Компас-3D».",
    ),
    (
        RequirementKind.COMPETENCE,
        "Чтение сборочных чертежей и спецификаций",
        "Практиканты не могут самостоятельно найти деталь по спецификации сборочного чертежа.",
    ),
    (
        RequirementKind.TOPIC,
        "Бережливое производство: 5S, стандартизированная работа, канбан",
        "Предприятие участвует в национальном проекте «Производительность труда».",
    ),
    (
        RequirementKind.COMPETENCE,
        "Метрология: работа с микрометром, нутромером, индикатором",
        "На входном контроле выпускники путаются в измерительном инструменте.",
    ),
    (
        RequirementKind.SOFTWARE,
        "Работа в 1С: ERP (модуль «Управление производством»)",
        "Сменные задания и учёт выпуска ведутся в 1С: ERP.",
    ),
    (
        RequirementKind.TOPIC,
        "Охрана труда при работе на высоте и в электроустановках",
        "Молодые рабочие допускаются к работе только после дополнительного обучения.",
    ),
    (
        RequirementKind.EQUIPMENT,
        "Практика на сварочных аппаратах инверторного типа с импульсным режимом",
        "Цех металлоконструкций полностью перешёл на инверторные аппараты.",
    ),
    (
        RequirementKind.COMPETENCE,
        "Диагностика электрооборудования с помощью тепловизора",
        "Служба главного энергетика внедряет тепловизионный контроль.",
    ),
    (
        RequirementKind.TOPIC,
        "Промышленная безопасность и работа с наряд-допусками",
        "Выпускники не знакомы с порядком оформления наряд-допуска.",
    ),
    (
        RequirementKind.SOFTWARE,
        "Программирование ПЛК в среде CODESYS",
        "На новой линии установлены контроллеры ОВЕН с программированием в CODESYS.",
    ),
    (
        RequirementKind.OTHER,
        "Увеличить долю практики на предприятии в последнем семестре",
        "Готовы принять группу на преддипломную практику на 8 недель вместо 4.",
    ),
    (
        RequirementKind.COMPETENCE,
        "Деловая коммуникация и работа с заказчиком",
        "Техники сервисной службы общаются с клиентами напрямую.",
    ),
    (
        RequirementKind.EQUIPMENT,
        "Освоение координатно-измерительной машины",
        "ОТК контролирует ответственные детали на КИМ; нужны подготовленные контролёры.",
    ),
]
TAKEN_NOTES = [
    "Добавлен раздел в МДК.01.02 (12 часов), практические занятия на площадке предприятия.",
    "Тема включена в рабочую программу профессионального модуля ПМ.02, 16 часов.",
    "Учтено в вариативной части учебного плана: новая дисциплина, 36 часов.",
    "Включено в программу производственной практики; руководитель практики от предприятия проводит занятия.",
    "Курсовое проектирование переводится на указанное программное обеспечение.",
]
DECLINE_REASONS = [
    "Нет оборудования в колледже; вернёмся к вопросу при оснащении мастерской по программе развития.",
    "Требование выходит за рамки ФГОС СПО по специальности; предлагаем программу дополнительного образования.",
    "Учебный план на этот год утверждён; предлагаем подать требование повторно к пересмотру программы.",
    "Тема уже входит в МДК.03.01; передадим преподавателям замечание о глубине изучения.",
]
COMMENTS = [
    "Быстро освоился, работает самостоятельно.",
    "Знаний достаточно, не хватает практических навыков.",
    "Требуется наставник первые месяцы.",
    "Хорошая теоретическая подготовка.",
    "Рекомендуем к трудоустройству.",
    "Путается в документации, нужна дополнительная подготовка.",
]


def seed(scale, *, staff):
    """Creates the competences, requirements and ratings if there are none yet."""
    today = timezone.localdate()
    if not Competence.objects.exists():
        _seed_competences()
    if not Requirement.objects.exists():
        _seed_requirements(scale, staff, today)
    if not CompetenceRating.objects.exists():
        _seed_ratings(today)


def _seed_competences():
    Competence.objects.bulk_create(
        [
            Competence(specialty=specialty, name=name)
            for specialty in Specialty.objects.order_by("code")
            for name in COMPETENCES.get(specialty.code, GENERAL)
        ],
        ignore_conflicts=True,
    )


def _seed_requirements(scale, staff, today):
    rnd = rng("feedback-requirements")
    specialties = list(Specialty.objects.order_by("code"))
    first_two = list(Partner.objects.order_by("pk")[:2])
    others = list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE)
        .exclude(pk__in=[p.pk for p in first_two])
        .order_by("pk")[: max(8, scale.partners // 8)]
    )
    if not specialties or not first_two:
        return
    decider = staff
    own_specialties = {}
    for partner_id, specialty_id in Partner.specialties.through.objects.filter(
        partner__in=first_two + others
    ).values_list("partner_id", "specialty_id"):
        own_specialties.setdefault(partner_id, []).append(specialty_id)
    by_pk = {s.pk: s for s in specialties}
    rows, created = [], []

    def add(partner, days_ago, status):
        kind, text, justification = rnd.choice(REQUIREMENTS)
        choices = own_specialties.get(partner.pk) or [s.pk for s in specialties]
        submitted = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(9 + rnd.randint(0, 8), rnd.randint(0, 59)))
        )
        requirement = Requirement(
            partner=partner, specialty=by_pk[rnd.choice(choices)], kind=kind, text=text, justification=justification,
            status=status,
        )  # fmt: skip
        if status != RequirementStatus.PENDING:
            decided = min(submitted + dt.timedelta(days=rnd.randint(7, 45)), timezone.now())
            requirement.decided_by, requirement.decided_at, requirement.notified_at = decider, decided, decided
            if status == RequirementStatus.TAKEN:
                requirement.programme_year = min(decided.year + rnd.choice([0, 1]), today.year + 1)
                requirement.decision_note = rnd.choice(TAKEN_NOTES)
            else:
                requirement.decision_note = rnd.choice(DECLINE_REASONS)
        rows.append(requirement)
        created.append(submitted)

    # The first demo employer: one of each state, the pending one recent.
    add(first_two[0], 300, RequirementStatus.TAKEN)
    add(first_two[0], 200, RequirementStatus.DECLINED)
    add(first_two[0], 12, RequirementStatus.PENDING)
    if len(first_two) > 1:
        add(first_two[1], 150, RequirementStatus.TAKEN)
        add(first_two[1], 5, RequirementStatus.PENDING)
    for partner in others:
        for _number in range(rnd.randint(1, 3)):
            days_ago = rnd.randint(0, 3 * 365)
            if days_ago < 60:
                status = RequirementStatus.PENDING
            else:
                roll = rnd.random()
                status = (
                    RequirementStatus.TAKEN
                    if roll < 0.6
                    else RequirementStatus.DECLINED
                    if roll < 0.9
                    else RequirementStatus.PENDING
                )
            add(partner, days_ago, status)
    rows = Requirement.objects.bulk_create(rows, batch_size=2000)
    # created_at is set on insert; the demo backdates it afterwards.
    for requirement, submitted in zip(rows, created, strict=True):
        requirement.created_at = requirement.updated_at = submitted
    bulk_update_values(Requirement, rows, ["created_at", "updated_at"])


def _seed_ratings(today):
    """About a third of the placements whose practice has ended get rated (the first demo
    employer's: all but its latest, so one is left to rate), on 3 to 5 competences each."""
    rnd = rng("feedback-ratings")
    competences = {}
    for pk, specialty_id in Competence.objects.filter(is_active=True).order_by("pk").values_list("pk", "specialty_id"):
        competences.setdefault(specialty_id, []).append(pk)
    first = Partner.objects.order_by("pk").values_list("pk", flat=True).first()
    placements = (
        Placement.objects.filter(
            Q(state__in=[PlacementState.COMPLETED, PlacementState.EVALUATED]) | Q(partner_id=first),
            state__in=[PlacementState.IN_PROGRESS, PlacementState.COMPLETED, PlacementState.EVALUATED],
            end_date__lte=today + dt.timedelta(days=60),
        )
        .order_by("pk")
        .values_list("pk", "partner_id", "end_date", "student__group__specialty_id")
    )
    # The first demo employer always has its latest placement still to rate and the others rated.
    latest_of_first = placements.filter(partner_id=first).order_by("-end_date", "-pk").values_list("pk", flat=True)
    latest_of_first = latest_of_first.first()
    ratings = []
    for placement_id, partner_id, end_date, specialty_id in placements.iterator(chunk_size=5000):
        if partner_id == first:
            if placement_id == latest_of_first:
                continue
        elif rnd.random() > 0.33:
            continue
        listed = competences.get(specialty_id)
        if not listed:
            continue
        # The averages creep up by about 0.15 a year as the programmes take in the requirements.
        trend = 0.15 * (end_date.year - (today.year - 4))
        for competence_id in rnd.sample(listed, k=min(len(listed), rnd.randint(3, 5))):
            # Some competences are stronger than others, the same way every year.
            mean = 3.3 + trend + 0.15 * (competence_id % 5 - 2)
            score = max(1, min(5, round(rnd.gauss(mean, 0.8))))
            comment = rnd.choice(COMMENTS) if rnd.random() < 0.12 else ""
            ratings.append(
                CompetenceRating(placement_id=placement_id, competence_id=competence_id, score=score, comment=comment)
            )
    CompetenceRating.objects.bulk_create(ratings, batch_size=5000, ignore_conflicts=True)
