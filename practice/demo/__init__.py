"""Demo data of the practice app: teachers, groups with students, practice periods, offers,
placements with evaluation sheets, theses with reviews, and teacher internships.

Everything about the n-th group comes from a random source seeded with n, so a run creates
only the groups that are missing (with everything that hangs on them).

The story a newcomer can walk: the groups study the specialties the partners offer places for
(``specialties.FEATURED`` first); each period's module and competences are the specialty's (ПК 2.x
for ПМ.02); one practice period, a few weeks ahead, is still to be placed, with an offer of the
first demo employer big enough for the whole group, so the journey «place the group → tripartite
contracts → ZIP» can be tried at once; theses have reviews submitted and reviews still in draft.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone
from faker import Faker

from partners.models import Contact, Partner, PartnerStatus, Specialty
from partnership_portal.demo_bulk import bulk_update_values, copy_insert

from .. import documents
from ..models import (
    DocumentStatus,
    Evaluation,
    Offer,
    OfferStatus,
    Placement,
    PlacementState,
    PracticeKind,
    PracticePeriod,
    Review,
    Student,
    StudentStatus,
    StudyGroup,
    Teacher,
    TeacherInternship,
    Thesis,
)
from .specialties import FEATURED, profile, things

_GROUP_PREFIX = {
    "08.02.01": "СЗ", "08.02.09": "МЭ", "09.02.01": "КС", "09.02.07": "ИС", "11.02.16": "ЭП", "13.02.03": "ЭС",
    "13.02.11": "ЭО", "15.01.05": "СВ", "15.01.32": "ЧПУ", "15.02.12": "МО", "15.02.16": "ТМ", "18.02.12": "АК",
    "20.02.04": "ПБ", "21.02.05": "ЗИ", "22.02.06": "СП", "23.01.17": "МА", "23.02.07": "ТО", "27.02.07": "УК",
    "35.02.16": "МХ", "38.02.01": "ЭБ", "38.02.04": "КМ", "40.02.01": "ПО", "43.02.15": "ПК", "46.02.01": "ДО",
}  # fmt: skip
_WORK_DONE = "Участвовал в работе производственного участка, выполнял операции по технологической карте, " \
             "оформлял техническую документацию под руководством мастера."  # fmt: skip
_QUALIFICATIONS = [
    "высшее, инженер-технолог; стаж работы по специальности {} лет",
    "высшее, инженер-механик, кандидат технических наук; стаж работы {} лет",
    "высшее, специалист; высшая квалификационная категория, стаж работы {} лет",
]
_REVIEW_TEXT = {
    "relevance": "Тема работы актуальна для предприятия и отрасли.",
    "assignment_compliance": "Работа полностью соответствует заданию.",
    "structure": "Структура работы логична, разделы взаимосвязаны.",
    "sources": "Использованы актуальные нормативные документы и литература.",
    "originality": "Предложенные решения обоснованы расчётами.",
    "economic_justification": "Приведён расчёт экономической эффективности.",
    "formatting": "Оформление соответствует ЕСКД.",
    "practical_value": "Результаты могут быть использованы на производстве.",
    "shortcomings": "Отдельные чертежи выполнены с незначительными отступлениями от стандарта.",
}


# A student under 18 signs contracts with a legal representative: the demo gives every minor one.
_FATHERS = {"Александрович": "Александр", "Сергеевич": "Сергей", "Игоревич": "Игорь", "Андреевич": "Андрей",
            "Николаевич": "Николай", "Владимирович": "Владимир", "Дмитриевич": "Дмитрий"}  # fmt: skip


def _guardian(last, middle, birth_date, today, rnd):
    if (today - birth_date).days >= 21 * 365:  # under 18 on the date of some contract of theirs
        return {}
    father = next((name for ending, name in _FATHERS.items() if middle.startswith(ending[:-3])), None)
    parent_last = last[:-1] if last.endswith("а") and not last.endswith(("ия", "ая")) else last
    parent = f"{parent_last} {father or 'Сергей'} {rnd.choice(list(_FATHERS))}"
    document = f"свидетельство о рождении серии {rnd.choice(['IV', 'V', 'VI'])}-АИ № {rnd.randint(100000, 999999)}"
    return {"guardian_name": parent, "guardian_document": document}


def _person(fake, rnd):
    if rnd.random() < 0.55:
        return fake.last_name_male(), fake.first_name_male(), fake.middle_name_male()
    return fake.last_name_female(), fake.first_name_female(), fake.middle_name_female()


def seed_teachers(count, fake):
    """Creates the missing demo teachers (matched by e-mail); returns all of them."""
    rnd = random.Random("teachers")
    ours = Teacher.objects.filter(email__endswith="@college.example").exclude(email=DEMO_TEACHER_EMAIL)
    existing = set(ours.values_list("email", flat=True))
    teachers = []
    for index in range(count):
        last, first, middle = _person(fake, rnd)
        email = f"teacher{index}@college.example"
        if email not in existing:
            position = rnd.choice(["Преподаватель", "Преподаватель спецдисциплин", "Мастер производственного обучения"])
            teachers.append(
                Teacher(last_name=last, first_name=first, middle_name=middle, email=email, position=position)
            )
    Teacher.objects.bulk_create(teachers, batch_size=1000)
    return list(ours.order_by("pk"))


def seed(scale, *, batch_size=2000):
    """Creates the missing demo groups with their students and practice (see the module doc)."""
    today = timezone.localdate()
    fake = Faker("ru_RU")
    fake.seed_instance(f"portal-demo-practice-{scale.groups}")
    teachers = seed_teachers(scale.teachers, fake)
    specialties = list(Specialty.objects.order_by("code"))
    # The demo employers' organisations (the first two partners) host practice whatever their status.
    first_two = list(Partner.objects.order_by("pk")[:2])
    partners = first_two + list(
        Partner.objects.filter(status__in=[PartnerStatus.ACTIVE, PartnerStatus.DORMANT])
        .exclude(pk__in=[p.pk for p in first_two])
        .order_by("pk")[: scale.practice_partners]
    )
    if not specialties or not partners:
        return
    supervisors = {}
    for contact in Contact.objects.filter(partner__in=partners, is_practice_supervisor=True).order_by("pk"):
        supervisors.setdefault(contact.partner_id, contact)
    reviewers = list(
        Contact.objects.filter(partner__in=partners, is_thesis_reviewer=True, user__isnull=False).order_by("pk")
    )
    _seed_internships(teachers, partners, today)

    ordered = _group_order(specialties)
    wanted = [_group(index, ordered, today) for index in range(scale.groups)]
    journey = _journey(wanted, teachers, today, _practices(scale))
    in_use = list({group.specialty.pk: group.specialty for group in wanted}.values())
    _seed_offers(partners, in_use, supervisors, today, journey=journey, group_size=scale.students_per_group)
    existing = set(StudyGroup.objects.filter(name__in=[g.name for g in wanted]).values_list("name", flat=True))
    new_groups = [g for g in wanted if g.name not in existing]
    StudyGroup.objects.bulk_create(new_groups, batch_size=batch_size)
    new_groups = list(StudyGroup.objects.filter(name__in=[g.name for g in new_groups]).select_related("specialty"))

    students = []
    for group in new_groups:
        rnd = random.Random(f"students-{group.name}")
        for number in range(scale.students_per_group):
            last, first, middle = _person(fake, rnd)
            birth_date = dt.date(group.admission_year - 15 - rnd.randint(0, 2), rnd.randint(1, 12), rnd.randint(1, 28))
            students.append(
                Student(
                    last_name=last, first_name=first, middle_name=middle, group=group, birth_date=birth_date,
                    **_guardian(last, middle, birth_date, today, rnd),
                    email=f"s{group.pk}.{number}@students.example", phone=f"+7 9{rnd.randint(10, 99)} {rnd.randint(100, 999)}-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}",
                    status=StudentStatus.GRADUATED if group.graduation_year < today.year or (group.graduation_year == today.year and today.month > 6)
                    else (StudentStatus.ACADEMIC_LEAVE if rnd.random() < 0.02 else StudentStatus.STUDYING),
                )
            )  # fmt: skip
    Student.objects.bulk_create(students, batch_size=batch_size)

    periods = [period for group in new_groups for period in _periods_of(group, teachers, today, _practices(scale))]
    to_place = None
    if journey is not None and journey.group.name in {group.name for group in new_groups}:
        # The period still to be placed: no placement is made for it below.
        to_place = journey.period(next(group for group in new_groups if group.name == journey.group.name))
        periods.append(to_place)
    PracticePeriod.objects.bulk_create(periods, batch_size=batch_size)
    # The saved periods in the model's order (which numbers the placements), held with the group and
    # supervisor they were made with: no query per period or per student below.
    created = {period.pk: period for period in periods if period is not to_place}
    periods = [created[pk] for pk in PracticePeriod.objects.filter(pk__in=created).values_list("pk", flat=True)]

    by_group = {}
    for student in students:  # saved in this order: by primary key
        by_group.setdefault(student.group_id, []).append(student)
    placements = []
    for period in periods:
        rnd = random.Random(f"placements-{period.group.name}-{period.kind}")
        for student in by_group.get(period.group_id, []):
            if student.status == StudentStatus.ACADEMIC_LEAVE:
                continue
            partner = rnd.choice(partners)
            placements.append(
                Placement(
                    student=student, period=period, partner=partner, start_date=period.start_date, end_date=period.end_date,
                    employer_supervisor=supervisors.get(partner.pk), college_supervisor=period.college_supervisor,
                    state=_placement_state(period, today, rnd),
                )
            )  # fmt: skip
    Placement.objects.bulk_create(placements, batch_size=batch_size)
    _seed_evaluations([p for p in placements if p.state == PlacementState.EVALUATED], batch_size)
    del placements
    _seed_theses(new_groups, by_group, teachers, reviewers, partners, today, batch_size)
    demo_teacher = _seed_demo_teacher(partners, supervisors, today, avoid=journey.group.name if journey else None)
    if new_groups:
        _showcase(first_two[0], supervisors, today)
    if demo_teacher is not None:  # after the showcase, which gives the demo employer theses to review
        _demo_teacher_theses(demo_teacher, today)


DEMO_TEACHER_EMAIL = "teacher@college.example"


def _seed_demo_teacher(partners, supervisors, today, *, avoid=None):
    """The teacher login's own teacher record, made once, with a home worth opening: a few theses
    whose reviews are waiting, in draft, submitted and overdue; a group on practice now and two
    finished placements whose sheets are still missing, all under this teacher; and the last
    internship about 2.7 years ago, so the next one is due within months."""
    from partnership_portal.accounts.models import User

    user = User.objects.filter(email=DEMO_TEACHER_EMAIL).first()
    if user is None or Teacher.objects.filter(user=user).exists() or not partners:
        return None
    teacher = Teacher.objects.create(
        last_name=user.last_name, first_name=user.first_name, middle_name=user.middle_name,
        position="Преподаватель спецдисциплин", email=DEMO_TEACHER_EMAIL, user=user,
    )  # fmt: skip
    start = today - dt.timedelta(days=1000)
    TeacherInternship.objects.create(
        teacher=teacher, partner=partners[min(2, len(partners) - 1)], start_date=start,
        end_date=start + dt.timedelta(days=13), hours=72,
        topic="Освоение современного оборудования и технологий предприятия",
    )  # fmt: skip
    _demo_teacher_practice(teacher, partners, supervisors, today, avoid)
    # Two finished placements whose organisation has not sent the sheet yet.
    missing = Placement.objects.filter(
        end_date__lt=today, state=PlacementState.COMPLETED, evaluation__isnull=True
    ).order_by("-end_date", "pk")[:2]
    Placement.objects.filter(pk__in=[p.pk for p in missing]).update(college_supervisor=teacher)
    return teacher


def _demo_teacher_theses(teacher, today):
    """Six theses defended from today on: two reviews submitted, one in draft, two reviewers
    still writing (one due within a week) and one review overdue."""
    pool = list(
        Thesis.objects.filter(defence_date__gt=today + dt.timedelta(days=7), reviewer__isnull=False)
        .select_related("review")
        .order_by("defence_date", "pk")[:400]
    )

    def state(thesis):
        review = getattr(thesis, "review", None)
        return "none" if review is None else review.status

    submitted = [t for t in pool if state(t) == DocumentStatus.SUBMITTED][:2]
    draft = [t for t in pool if state(t) == DocumentStatus.DRAFT][:1]
    waiting = [t for t in pool if state(t) == "none"][:3]
    for number, thesis in enumerate(waiting):
        # The last one's review is overdue: due a few days ago, the defence still ahead.
        thesis.review_due = today + dt.timedelta(days=-4 if number == 2 else 6 + 10 * number)
    for thesis in draft:
        thesis.review_due = max(thesis.review_due or today, today + dt.timedelta(days=12))
    chosen = submitted + draft + waiting
    for thesis in chosen:
        thesis.supervisor = teacher
        thesis.save(update_fields=["supervisor", "review_due", "updated_at"])
    for thesis in submitted:  # the frozen review prints its supervisor
        review = Review.objects.select_related(
            "thesis__student__group__specialty", "thesis__ordered_by", "thesis__supervisor", "reviewer__partner"
        ).get(thesis=thesis)
        review.snapshot = documents.review_snapshot(review)
        review.save(update_fields=["snapshot"])


def _demo_teacher_practice(teacher, partners, supervisors, today, avoid):
    """A practice running now (begun ten days ago, four weeks long) of the first group that studies
    on and has no practice over those dates, supervised by the teacher."""
    start, end = today - dt.timedelta(days=10), today + dt.timedelta(days=17)
    groups = (
        StudyGroup.objects.filter(graduation_year__gt=end.year, admission_year__lt=start.year)
        .exclude(name=avoid)
        .exclude(Exists(PracticePeriod.objects.filter(group=OuterRef("pk"), start_date__lte=end, end_date__gte=start)))
        .select_related("specialty")
        .order_by("pk")
    )
    group = groups.first()
    if group is None:
        return
    module, competences = _module(group.specialty, PracticeKind.WORK)
    period = PracticePeriod.objects.create(
        kind=PracticeKind.WORK, group=group, module=module, start_date=start, end_date=end, hours=144,
        college_supervisor=teacher, competences="\n".join(competences),
    )  # fmt: skip
    rnd = random.Random(f"demo-teacher-{group.name}")
    placements = []
    for student in group.students.filter(status=StudentStatus.STUDYING).order_by("pk"):
        partner = rnd.choice(partners[:20])
        placements.append(
            Placement(
                student=student, period=period, partner=partner, start_date=start, end_date=end,
                employer_supervisor=supervisors.get(partner.pk), college_supervisor=teacher,
                state=PlacementState.IN_PROGRESS,
            )
        )  # fmt: skip
    Placement.objects.bulk_create(placements)


def _group_order(specialties):
    """The specialties in the order the groups take them: the featured ones first."""
    rank = {code: index for index, code in enumerate(FEATURED)}
    return sorted(specialties, key=lambda specialty: (rank.get(specialty.code, len(rank)), specialty.code))


# Each group has three practices: (kind, course year after admission, month of the start).
_PRACTICES = ((PracticeKind.TRAINING, 1, 6), (PracticeKind.WORK, 2, 11), (PracticeKind.PRE_DIPLOMA, 3, 4))
# At region scale (the benchmark) a second training practice in the spring of the second year, as
# colleges with several modules have: about 60,000 placements for its 30,000 students.
_REGION_PRACTICES = (*_PRACTICES, (PracticeKind.TRAINING, 2, 3))


def _practices(scale):
    return _REGION_PRACTICES if scale.name == "region" else _PRACTICES


def _module(specialty, kind):
    """The period's module and competences: ПМ.01 for the training practice, ПМ.02 for the
    work practice, and for the pre-diploma practice some competences of each module."""
    modules = profile(specialty).modules
    if kind == PracticeKind.PRE_DIPLOMA:
        return "Преддипломная практика", [item for _name, items in modules for item in items[:2]]
    name, items = modules[0 if kind == PracticeKind.TRAINING else 1]
    return name, list(items)


def _periods_of(group, teachers, today, practices=_PRACTICES):
    """The group's practice periods that have begun or begin within two months (unsaved)."""
    rnd = random.Random(f"periods-{group.name}")
    periods = []
    for kind, year_offset, month in practices:
        start = dt.date(group.admission_year + year_offset, month, 1 + rnd.randint(0, 7))
        teacher = rnd.choice(teachers) if teachers else None
        if start > today + dt.timedelta(days=60) or group.admission_year + year_offset > group.graduation_year:
            continue
        module, competences = _module(group.specialty, kind)
        periods.append(
            PracticePeriod(
                kind=kind, group=group, module=module, start_date=start, end_date=start + dt.timedelta(days=27),
                hours=144 if kind == PracticeKind.PRE_DIPLOMA else 216, college_supervisor=teacher,
                competences="\n".join(competences),
            )
        )  # fmt: skip
    return periods


@dataclass(frozen=True)
class Journey:
    """The practice period left to place: a work practice of ``group`` starting on a Monday three
    to four weeks ahead, four weeks long."""

    group: StudyGroup
    start: dt.date
    end: dt.date
    teacher: Teacher | None

    def period(self, group):
        module, competences = _module(group.specialty, PracticeKind.WORK)
        return PracticePeriod(
            kind=PracticeKind.WORK, group=group, module=module, start_date=self.start, end_date=self.end, hours=144,
            college_supervisor=self.teacher, competences="\n".join(competences),
        )  # fmt: skip


def _journey(wanted, teachers, today, practices=_PRACTICES):
    """The first group past its first year that studies on past the period and has no practice
    overlapping it (a work practice comes after the first year)."""
    start = today + dt.timedelta(days=21)
    start += dt.timedelta(days=(7 - start.weekday()) % 7)
    end = start + dt.timedelta(days=25)  # four weeks, Monday to Friday
    academic_year = start.year if start.month >= 9 else start.year - 1
    for index, group in enumerate(wanted):
        if group.graduation_year <= end.year or group.admission_year >= academic_year:
            continue
        if any(p.start_date <= end and p.end_date >= start for p in _periods_of(group, teachers, today, practices)):
            continue
        return Journey(group=group, start=start, end=end, teacher=teachers[index % len(teachers)] if teachers else None)
    return None


def _showcase(partner, supervisors, today):
    """Makes sure the printed demo employer has students now, sheets to fill and theses to review."""
    current = (
        Placement.objects.filter(start_date__lte=today, end_date__gte=today, state=PlacementState.IN_PROGRESS)
        .exclude(partner=partner)
        .order_by("pk")[:4]
    )
    for placement in current:
        placement.partner, placement.employer_supervisor = partner, supervisors.get(partner.pk)
        placement.save(update_fields=["partner", "employer_supervisor", "updated_at"])
    reviewer = Contact.objects.filter(partner=partner, user__isnull=False).order_by("pk").first()
    if reviewer is None:
        return
    theses = Thesis.objects.filter(review__isnull=True).exclude(reviewer=reviewer).order_by("pk")[:3]
    for number, thesis in enumerate(theses):
        thesis.reviewer = reviewer
        thesis.review_due = today + dt.timedelta(days=5 + 4 * number)
        thesis.defence_date = thesis.review_due + dt.timedelta(days=10)
        thesis.save(update_fields=["reviewer", "review_due", "defence_date", "updated_at"])


def _group(index, specialties, today):
    rnd = random.Random(f"group-{index}")
    # Consecutive groups differ in year first, so even a few groups cover every course.
    specialty = specialties[(index // 4) % len(specialties)]
    admission = today.year - index % 4 - (0 if today.month >= 9 else 1)
    prefix = _GROUP_PREFIX.get(specialty.code, "ГР")
    number = index // (len(specialties) * 4) + 1
    name = f"{prefix}-{admission % 100:02d}-{number}"
    return StudyGroup(
        name=name, specialty=specialty, admission_year=admission, graduation_year=admission + rnd.choice([3, 4])
    )


def _placement_state(period, today, rnd):
    if period.end_date < today:
        return PlacementState.EVALUATED if rnd.random() < 0.85 else PlacementState.COMPLETED
    if period.start_date <= today:
        return PlacementState.IN_PROGRESS
    return PlacementState.CONFIRMED if rnd.random() < 0.6 else PlacementState.PLANNED


def _evaluation(placement):
    rnd = random.Random(f"evaluation-{placement.pk}")
    grade = rnd.choice([5, 5, 4, 4, 4, 3])
    return Evaluation(
        placement=placement,
        competences=[
            {"name": name, "mastered": grade > 3 or rnd.random() < 0.7} for name in placement.period.competence_list
        ],
        general_competences=[
            {"name": name, "mastered": grade > 3 or rnd.random() < 0.8}
            for name in placement.period.general_competence_list
        ],
        work_done=_WORK_DONE,
        quality="Работы выполнены качественно и в срок." if grade >= 4 else "Работы выполнены с замечаниями.",
        grade=grade,
        status=DocumentStatus.SUBMITTED,
        submitted_at=timezone.make_aware(dt.datetime.combine(placement.end_date, dt.time(12))),
    )


def _seed_theses(groups, by_group, teachers, reviewers, partners, today, batch_size):
    graduating = [g for g in groups if g.graduation_year in (today.year, today.year + 1)]
    theses = []
    for group in graduating:
        rnd = random.Random(f"theses-{group.name}")
        for student in by_group.get(group.pk, []):
            reviewer = rnd.choice(reviewers) if reviewers and rnd.random() < 0.7 else None
            defence = dt.date(group.graduation_year, 6, 20)
            theses.append(
                Thesis(
                    student=student, topic=rnd.choice(profile(group.specialty).topics).format(rnd.choice(things(group.specialty))), supervisor=rnd.choice(teachers),
                    ordered_by=rnd.choice(partners) if rnd.random() < 0.3 else None, reviewer=reviewer,
                    review_due=defence - dt.timedelta(days=10) if reviewer else None, defence_date=defence,
                )
            )  # fmt: skip
    Thesis.objects.bulk_create(theses, batch_size=batch_size)
    reviews, waiting = [], []
    for thesis in (
        Thesis.objects.filter(student__group__in=graduating, reviewer__isnull=False)
        .select_related("reviewer")
        .order_by("pk")
    ):
        if thesis.review_due and thesis.review_due < today:
            reviews.append(_review(thesis, submitted=True))
        else:
            waiting.append(thesis)
    # Whatever the date, some reviewers have sent theirs early and some are still writing.
    reviews += [_review(thesis, submitted=True) for thesis in waiting[:2]]
    reviews += [_review(thesis, submitted=False) for thesis in waiting[2:4]]
    Review.objects.bulk_create(reviews, batch_size=batch_size)
    _freeze(
        Review.objects.filter(thesis__student__group__in=graduating, status=DocumentStatus.SUBMITTED).select_related(
            "thesis__student__group__specialty", "thesis__ordered_by", "thesis__supervisor", "reviewer__partner"
        ),
        documents.review_snapshot,
        batch_size,
    )


def _review(thesis, *, submitted):
    """A submitted review, or a draft with its first sections written and no grade yet."""
    rnd = random.Random(thesis.pk)
    qualification = rnd.choice(_QUALIFICATIONS).format(rnd.choice([8, 12, 15, 19, 26, 30]))
    if not submitted:
        draft = {key: _REVIEW_TEXT[key] for key in ("relevance", "assignment_compliance", "structure")}
        return Review(thesis=thesis, reviewer=thesis.reviewer, status=DocumentStatus.DRAFT,
                      reviewer_qualification=qualification, **draft)  # fmt: skip
    return Review(thesis=thesis, reviewer=thesis.reviewer, grade=rnd.choice([5, 4, 4, 3]),
                  status=DocumentStatus.SUBMITTED, submitted_at=timezone.now(), recommended_for_production=True,
                  reviewer_qualification=qualification, note_pages=rnd.randint(45, 90),
                  drawing_sheets=rnd.choice([0, 3, 4, 5]), **_REVIEW_TEXT)  # fmt: skip


def _seed_evaluations(placements, batch_size):
    """The evaluation sheets of evaluated placements (saved, held in memory with their student,
    period and partner), frozen as they are made: each row is written once, snapshot included.
    A batch at a time, so that the snapshots of 45,000 sheets are never all in memory."""
    placements.sort(key=lambda placement: placement.pk)
    for start in range(0, len(placements), batch_size):
        evaluations = [_evaluation(placement) for placement in placements[start : start + batch_size]]
        for evaluation in evaluations:
            evaluation.snapshot = documents.evaluation_snapshot(evaluation)
        copy_insert(Evaluation, evaluations, batch_size=batch_size)


def _freeze(documents_queryset, snapshot, batch_size):
    """What submitted sheets and reviews print, as if each had been submitted in the portal.
    A batch at a time (by primary key), so that memory stays flat at region scale."""
    last = 0
    while True:
        frozen = list(documents_queryset.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not frozen:
            return
        for document in frozen:
            document.snapshot = snapshot(document)
        bulk_update_values(documents_queryset.model, frozen, ["snapshot"], batch_size=batch_size)
        last = frozen[-1].pk


def _seed_offers(partners, specialties, supervisors, today, *, journey=None, group_size=0):
    """Offers of the first partners for the specialties the groups study, titled as employers
    title them, some published and some still on their way; the partner's card lists the
    specialty it offers places for. With a ``journey``: a published offer of the first demo
    employer with places for the whole group, and a small one of the second, over its dates."""
    if Offer.objects.exists() or not specialties:
        return
    offers = []
    for index, partner in enumerate(partners[: max(60, len(partners) // 3)]):  # 1,000 at region scale
        rnd = random.Random(f"offer-{partner.pk}")
        start = today + dt.timedelta(days=rnd.randint(-20, 90))
        specialty = specialties[index % len(specialties)]
        offers.append(
            Offer(
                partner=partner, specialty=specialty, title=rnd.choice(profile(specialty).offers),
                places=rnd.randint(1, 6), start_date=start, end_date=start + dt.timedelta(days=28),
                location=partner.actual_address or partner.legal_address, requirements=rnd.choice(_REQUIREMENTS),
                is_paid=rnd.random() < 0.3, contact=supervisors.get(partner.pk),
                status=[OfferStatus.PUBLISHED, OfferStatus.PUBLISHED, OfferStatus.SUBMITTED, OfferStatus.DRAFT][index % 4],
                published_at=timezone.now(),
            )
        )  # fmt: skip
    if journey is not None:
        specialty, titles = journey.group.specialty, profile(journey.group.specialty).offers
        for partner, places, title in zip(partners[:2], (group_size + 3, 4), titles, strict=False):
            offers.append(
                Offer(
                    partner=partner, specialty=specialty, title=title, places=places,
                    start_date=journey.start - dt.timedelta(days=7), end_date=journey.end + dt.timedelta(days=30),
                    location=partner.actual_address or partner.legal_address, requirements=_REQUIREMENTS[0],
                    contact=supervisors.get(partner.pk), status=OfferStatus.PUBLISHED, published_at=timezone.now(),
                )
            )  # fmt: skip
    Offer.objects.bulk_create(offers)
    links = Partner.specialties.through
    links.objects.bulk_create(
        [links(partner_id=offer.partner_id, specialty_id=offer.specialty_id) for offer in offers], ignore_conflicts=True
    )


_REQUIREMENTS = (
    "Медицинская книжка, спецодежда и спецобувь.",
    "Медицинский осмотр, инструктаж по охране труда в первый день практики.",
    "Медицинская книжка; пропуск оформляется в бюро пропусков по паспорту.",
)


def _seed_internships(teachers, partners, today):
    if TeacherInternship.objects.exists():
        return
    internships = []
    for index, teacher in enumerate(teachers):
        rnd = random.Random(f"internship-{index}")
        if rnd.random() < 0.25:
            continue  # teachers with no internship: the compliance list shows them
        start = today - dt.timedelta(days=rnd.randint(30, 1500))
        internships.append(
            TeacherInternship(
                teacher=teacher, partner=rnd.choice(partners), start_date=start, end_date=start + dt.timedelta(days=13),
                hours=72, topic="Освоение современного оборудования и технологий предприятия",
            )
        )  # fmt: skip
    TeacherInternship.objects.bulk_create(internships)
