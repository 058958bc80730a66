"""Factories of the indicator dashboard: contracts, events, contributions and reviews, and a varied
world of rows spread over the last three years (dates relative to today) that the reconciliation
tests count twice: once by ``monitoring.indicators``, once in plain Python."""

import datetime as dt
import itertools
import random
from decimal import Decimal

import factory
from django.utils import timezone

from contracts.models import Contract, ContractState, ContractType
from events.models import Contribution, ContributionKind, Event, EventStatus, EventType, Participant, Programme
from monitoring.models import DemandDeclaration, DemandSource, EmploymentRecord, EmploymentStatus
from partners.models import Partner, PartnerStatus
from practice.models import (
    DocumentStatus,
    OfferStatus,
    Placement,
    PlacementState,
    Review,
    StudentStatus,
)
from tests.factories import (
    ContactFactory,
    OfferFactory,
    PartnerFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)

_seq = itertools.count(1)


def today():
    return timezone.localdate()


def days(n):
    return today() + dt.timedelta(days=n)


def at(day, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    type = ContractType.COOPERATION
    seq = factory.LazyFunction(lambda: next(_seq))
    year = factory.LazyFunction(lambda: today().year)
    number = factory.LazyAttribute(lambda o: f"{o.seq}/{o.year}-СП")
    state = ContractState.ACTIVE
    partner = factory.SubFactory(PartnerFactory)
    signed_on = factory.LazyFunction(lambda: days(-100))
    start_date = factory.LazyAttribute(lambda o: o.signed_on)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=365))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    type = EventType.EXCURSION
    title = factory.Sequence(lambda n: f"Экскурсия на производство {n}")
    starts_at = factory.LazyFunction(lambda: at(days(-10)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    status = EventStatus.HELD


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    partner = factory.SubFactory(PartnerFactory)
    kind = ContributionKind.MONEY
    value = Decimal("10000.00")
    date = factory.LazyFunction(lambda: days(-20))
    description = "Пожертвование на оборудование мастерской"


def submitted_review(thesis, reviewer):
    return Review.objects.create(thesis=thesis, reviewer=reviewer, status=DocumentStatus.SUBMITTED, grade=5)


def build_world(seed=7, scale=1):
    """A varied set of rows of every source over the last three years and the next half-year,
    in two specialties; ``scale`` multiplies the rows. Returns the two specialties."""
    rng = random.Random(seed)
    s1 = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    s2 = SpecialtyFactory(code="13.02.11", name="Техническая эксплуатация электрооборудования")
    specialties = [s1, s2]

    def spread():  # a day in the last three years or the next half-year
        return days(rng.randint(-3 * 365, 180))

    partners = []
    for _index in range(4 * scale):
        partner = PartnerFactory(status=rng.choice(list(PartnerStatus)))
        partner.specialties.set(rng.sample(specialties, rng.randint(0, 2)))
        Partner.objects.filter(pk=partner.pk).update(created_at=at(days(-rng.randint(0, 3 * 365))))
        partners.append(partner)
    contacts = [ContactFactory(partner=partner, is_thesis_reviewer=True) for partner in partners]

    students = []
    groups = []
    for specialty in specialties:
        group = StudyGroupFactory(specialty=specialty)
        groups.append(group)
        for index in range(3 * scale):
            status = StudentStatus.EXPELLED if index == 0 else StudentStatus.STUDYING
            students.append(StudentFactory(group=group, status=status))
        for _n in range(2):
            start = spread()
            PracticePeriodFactory(group=group, start_date=start, end_date=start + dt.timedelta(days=28))
    for period_group in groups:
        for period in period_group.periods.all():
            for student in period_group.students.all():
                if rng.random() < 0.7:
                    state = rng.choice(list(PlacementState))
                    Placement.objects.create(
                        student=student,
                        period=period,
                        partner=rng.choice(partners),
                        start_date=period.start_date,
                        end_date=period.end_date,
                        state=state,
                        cancel_reason="Болезнь" if state == PlacementState.CANCELLED else "",
                    )
    for _n in range(3 * scale):
        start = spread()
        OfferFactory(
            partner=rng.choice(partners),
            specialty=rng.choice(specialties),
            places=rng.randint(1, 9),
            start_date=start,
            end_date=start + dt.timedelta(days=40),
            status=rng.choice(list(OfferStatus)),
        )

    for _n in range(4 * scale):
        state = rng.choice(list(ContractState))
        kind = rng.choice(
            [ContractType.COOPERATION, ContractType.PRACTICAL_TRAINING, ContractType.CONSULTING, ContractType.RESEARCH]
        )
        signed = spread()
        ContractFactory(
            type=kind,
            state=state,
            partner=rng.choice(partners),
            signed_on=signed,
            start_date=signed,
            end_date=signed + dt.timedelta(days=rng.choice([60, 200, 400])),
            amount=Decimal(rng.randint(1, 500) * 1000)
            if kind in (ContractType.CONSULTING, ContractType.RESEARCH)
            else None,
            details={"direction": rng.choice(["college_performs", "partner_performs"])},
        )
    student = students[1]
    signed = days(-rng.randint(1, 300))
    parent = ContractFactory(
        type=ContractType.TRIPARTITE_PRACTICE, student=student, partner=partners[0], signed_on=signed,
        start_date=signed, end_date=signed + dt.timedelta(days=200),
    )  # fmt: skip
    ContractFactory(type=ContractType.AMENDMENT, parent=parent, partner=partners[0], signed_on=signed)

    for index, thesis_student in enumerate(students):
        thesis = ThesisFactory(student=thesis_student, defence_date=spread() if index % 4 else None)
        if rng.random() < 0.5:
            submitted_review(thesis, rng.choice(contacts))
        elif rng.random() < 0.5:
            Review.objects.create(thesis=thesis, reviewer=rng.choice(contacts), status=DocumentStatus.DRAFT)

    for index in range(3 * scale):
        teacher = TeacherFactory(is_active=index != 0)
        for _n in range(rng.randint(0, 2)):
            start = days(rng.randint(-5 * 365, 120))
            TeacherInternshipFactory(
                teacher=teacher, partner=rng.choice(partners), start_date=start, end_date=start + dt.timedelta(days=14)
            )

    for _n in range(4 * scale):
        status = rng.choice(list(EventStatus))
        event = EventFactory(
            type=rng.choice([EventType.EXCURSION, EventType.CAREER_DAY, EventType.FAIR]),
            starts_at=at(spread(), rng.choice([0, 12, 23])),
            status=status,
            status_reason="Перенос" if status in (EventStatus.CANCELLED, EventStatus.DECLINED) else "",
            visitors=rng.choice([None, 50, 200]),
        )
        for participant in rng.sample(students, rng.randint(0, 3)):
            Participant.objects.create(event=event, student=participant)
        for contact in rng.sample(contacts, rng.randint(0, 2)):
            Participant.objects.create(event=event, contact=contact)

    programme = Programme.objects.create(
        name="Лаборатория ЧПУ", specialty=s2, budget=Decimal("1000000.00"), start_year=today().year - 3,
        end_year=today().year + 1,
    )  # fmt: skip
    for _n in range(4 * scale):
        ContributionFactory(
            partner=rng.choice(partners),
            kind=rng.choice(list(ContributionKind)),
            value=Decimal(rng.randint(1, 90000)) / 100,
            date=spread(),
            specialty=rng.choice([None, s1, s2]),
            programme=rng.choice([None, programme]),
            inventory_number="ИН-1",
        )

    for years_ago in (1, 2, 3):
        year = today().year - years_ago
        for specialty in specialties:
            group = StudyGroupFactory(specialty=specialty, admission_year=year - 4, graduation_year=year)
            for _index in range(3 * scale):
                graduate = StudentFactory(group=group, status=StudentStatus.GRADUATED)
                for checkpoint in (12, 24):
                    status = rng.choice(list(EmploymentStatus))
                    working = status in (EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED)
                    EmploymentRecord.objects.create(
                        student=graduate,
                        checkpoint=checkpoint,
                        status=status,
                        employer=rng.choice([None, *partners]) if working else None,
                        employer_name="",
                        in_specialty=rng.choice([True, False]) if working else None,
                    )
    for years_ago in (0, 1, 2):
        _certain_rows(today().year - years_ago, s1, partners[0], contacts[0])
    for year in (today().year - 1, today().year, today().year + 1):
        for specialty in specialties:
            if rng.random() < 0.8:
                DemandDeclaration.objects.create(
                    specialty=specialty, year=year, people=rng.randint(1, 12), source=DemandSource.PARTNER,
                    partner=rng.choice(partners),
                )  # fmt: skip
    return s1, s2


def _day_in(year):
    """A day of ``year`` that is not in the future: mid-June of a past year, or the middle of the
    part of this year that has passed."""
    first = dt.date(year, 1, 1)
    last = min(dt.date(year, 12, 31), today())
    return first + (last - first) / 2


def _certain_rows(year, specialty, partner, contact):
    """One row of every source on a day of ``year``, so that each figure of the year has data."""
    day = _day_in(year)
    ContractFactory(
        type=ContractType.CONSULTING, partner=partner, signed_on=day, start_date=day,
        end_date=max(day, today()) + dt.timedelta(days=30), amount=Decimal("150000.00"),
        details={"direction": "college_performs"},
    )  # fmt: skip
    group = StudyGroupFactory(specialty=specialty, admission_year=year - 4, graduation_year=year)
    student = StudentFactory(group=group)
    StudentFactory(group=group)
    period = PracticePeriodFactory(group=group, start_date=day, end_date=day)
    Placement.objects.create(
        student=student, period=period, partner=partner, start_date=day, end_date=day, state=PlacementState.EVALUATED
    )
    OfferFactory(partner=partner, specialty=specialty, places=4, start_date=day, end_date=day)
    thesis = ThesisFactory(student=student, defence_date=day)
    submitted_review(thesis, contact)
    TeacherInternshipFactory(teacher=TeacherFactory(), partner=partner, start_date=day, end_date=day)
    event = EventFactory(starts_at=at(day), status=EventStatus.HELD, visitors=30)
    Participant.objects.create(event=event, student=student)
    Participant.objects.create(event=event, contact=contact)
    ContributionFactory(partner=partner, date=day, specialty=specialty, value=Decimal("2500.50"))
    DemandDeclaration.objects.create(
        specialty=specialty, year=year, people=5, source=DemandSource.PARTNER, partner=partner
    )
