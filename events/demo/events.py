"""Demo data: joint events of every type over the past year and the coming three months.

Past events are held (competitions with their winners, each with a short report) or now and
then cancelled; future ones are planned, and each demo employer has proposed one. The first two
partners (the demo employers' organisations) take part in every eighth event each, so the employer
logins see a full calendar. Participants: a study group on excursions and competitions, a staff
organiser, and the partners' own people. Everything is bulk-created.
"""

import datetime as dt

from django.utils import timezone

from partners.models import Contact, Partner, PartnerStatus
from partnership_portal.accounts.models import User
from partnership_portal.demo import rng
from practice.models import Student, StudentStatus

from ..models import CompetitionResult, Event, EventPlace, EventStatus, EventType, Participant

EventPartner = Event.partners.through

# (type, titles, hours, visitors): what a college and its partners typically do together.
_KINDS = [
    (EventType.COMPETITION, ["Чемпионат «Профессионалы»: региональный этап, компетенция «Токарные работы на станках с ЧПУ»",
                             "Конкурс профессионального мастерства «Лучший сварщик»"], 8, None),
    (EventType.VETERANS_MEETING, ["Встреча с ветеранами завода «Трудовая слава Урала»"], 2, None),
    (EventType.SPORTS, ["Турнир по мини-футболу среди студентов и молодых специалистов"], 4, 120),
    (EventType.CULTURAL, ["Праздничный концерт ко Дню машиностроителя"], 3, 250),
    (EventType.EXCURSION, ["Экскурсия на производство: механосборочный цех", "Экскурсия в литейный цех"], 3, None),
    (EventType.FAIR, ["Ярмарка вакансий «Твоя карьера на Урале»"], 5, 400),
    (EventType.CAREER_DAY, ["День карьеры: стажировки и целевое обучение"], 4, 200),
    (EventType.MASTER_CLASS, ["Мастер-класс «Настройка станка с ЧПУ»", "Мастер-класс по аддитивным технологиям"], 2, None),
    (EventType.OPEN_DAY, ["День открытых дверей с участием работодателей"], 4, 300),
    (EventType.OTHER, ["Круглый стол «Кадры для промышленности региона»"], 3, None),
]  # fmt: skip
_REPORT = (
    "Мероприятие проведено в запланированные сроки. Приняли участие студенты техникума, преподаватели и "
    "специалисты предприятия. Отмечена высокая вовлечённость участников; договорились о следующей встрече."
)


def _events_per_scale(scale):
    return max(40, scale.partners // 3)


def seed(scale, *, staff):
    """Creates the demo events if there are none yet (demonstration exams are the experts' part)."""
    if Event.objects.exclude(type=EventType.DEMO_EXAM).exists():
        return
    rnd = rng("events")
    now = timezone.now()
    today = timezone.localdate()
    first_two = list(Partner.objects.order_by("pk")[:2])
    others = list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE)
        .exclude(pk__in=[p.pk for p in first_two])
        .order_by("pk")
        .values_list("pk", flat=True)[: max(20, scale.partners // 4)]
    )
    if not first_two:
        return
    organisers = [user for user in staff if user.role == "staff"] or list(staff)
    employers = {user.partner_id: user for user in User.objects.filter(partner__in=first_two, role="employer")}
    groups = {}
    for pk, group_id in (
        Student.objects.filter(status=StudentStatus.STUDYING).order_by("pk").values_list("pk", "group_id")
    ):
        groups.setdefault(group_id, []).append(pk)
    group_ids = sorted(groups)[:200]
    contacts = {}
    partner_ids = [p.pk for p in first_two] + others
    for pk, partner_id in Contact.objects.filter(partner_id__in=partner_ids, is_active=True).values_list(
        "pk", "partner_id"
    ):
        contacts.setdefault(partner_id, []).append(pk)

    plans = []
    total = _events_per_scale(scale)
    for number in range(total):
        kind, titles, hours, visitors = _KINDS[number % len(_KINDS)]
        # The demo employers' organisations take part in every fourth event.
        partner_id = first_two[number // 4 % len(first_two)].pk if number % 4 == 0 or not others else rnd.choice(others)
        offset = rnd.randint(-330, 90)
        start = timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(rnd.choice([9, 10, 11, 13, 14, 15])))
        )
        status = EventStatus.PLANNED
        reason = ""
        if start + dt.timedelta(hours=hours) < now:
            status = EventStatus.HELD
            if rnd.random() < 0.05:
                status, reason = EventStatus.CANCELLED, "Перенесено по просьбе предприятия"
        at_partner = kind in (EventType.EXCURSION, EventType.MASTER_CLASS, EventType.VETERANS_MEETING)
        plans.append(
            dict(
                event=Event(
                    type=kind, title=titles[number % len(titles)], starts_at=start,
                    ends_at=start + dt.timedelta(hours=hours),
                    place=EventPlace.PARTNER if at_partner else EventPlace.COLLEGE, site_partner_id=partner_id if at_partner else None,
                    address="" if at_partner else "г. Екатеринбург, ул. Студенческая, д. 1, актовый зал",
                    organiser=organisers[number % len(organisers)], status=status, status_reason=reason,
                    visitors=visitors, created_by=organisers[number % len(organisers)],
                    description="Совместное мероприятие техникума и социальных партнёров.",
                    report=_REPORT if status == EventStatus.HELD else "",
                ),
                partners={partner_id} | ({rnd.choice(others)} if others and rnd.random() < 0.3 else set()),
                group=group_ids[number % len(group_ids)] if group_ids and kind in (
                    EventType.EXCURSION, EventType.COMPETITION, EventType.MASTER_CLASS) else None,
            )
        )  # fmt: skip
    for index, partner in enumerate(first_two):
        start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=20 + index * 7), dt.time(11)))
        plans.append(
            dict(
                event=Event(
                    type=EventType.MASTER_CLASS, title="Мастер-класс наших наставников для студентов",
                    starts_at=start, ends_at=start + dt.timedelta(hours=2), place=EventPlace.PARTNER,
                    site_partner=partner, status=EventStatus.PROPOSED, proposed_by=employers.get(partner.pk),
                    created_by=employers.get(partner.pk),
                    description="Предлагаем провести мастер-класс на нашей площадке для студентов 3 курса.",
                ),
                partners={partner.pk},
                group=None,
            )
        )  # fmt: skip
    events = Event.objects.bulk_create([plan["event"] for plan in plans], batch_size=2000)

    through, participants, results = [], [], []
    for plan, event in zip(plans, events, strict=True):
        site = {event.site_partner_id} - {None}
        for partner_id in plan["partners"] | site:
            through.append(EventPartner(event_id=event.pk, partner_id=partner_id))
        if event.status == EventStatus.PROPOSED:
            continue
        participants.append(Participant(event=event, user=event.organiser, registered_by=event.organiser))
        students = groups.get(plan["group"], []) if plan["group"] else []
        for student_id in students:
            participants.append(Participant(event=event, student_id=student_id, registered_by=event.organiser))
        for partner_id in plan["partners"]:
            for contact_id in contacts.get(partner_id, [])[:2]:
                participants.append(Participant(event=event, contact_id=contact_id, registered_by=event.organiser))
        if event.type == EventType.COMPETITION and event.status == EventStatus.HELD and students:
            for place, student_id in enumerate(rnd.sample(students, min(3, len(students))), start=1):
                results.append(
                    CompetitionResult(event=event, place=place, student_id=student_id, nomination="Токарные работы")
                )
    EventPartner.objects.bulk_create(through, batch_size=5000)
    Participant.objects.bulk_create(participants, batch_size=5000)
    CompetitionResult.objects.bulk_create(results, batch_size=2000)
