"""Employers' feedback: the services (requirements, decisions, competences, ratings) and the
selectors other subjects read (requirement counts, averages), recomputed here in plain Python."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from monitoring.models import CompetenceRating, Requirement, RequirementKind, RequirementStatus
from monitoring.selectors import feedback as selectors
from monitoring.services import feedback as services
from practice.models import PlacementState
from tests.factories import SpecialtyFactory, StudentFactory, StudyGroupFactory

from .factories import CompetenceFactory, CompetenceRatingFactory, RatedPlacementFactory, RequirementFactory

pytestmark = pytest.mark.django_db

TAKEN, DECLINED, PENDING = RequirementStatus.TAKEN, RequirementStatus.DECLINED, RequirementStatus.PENDING


def this_year():
    return timezone.localdate().year


def submit(partner, user, **fields):
    values = {
        "specialty": SpecialtyFactory(code="15.02.16"),
        "kind": RequirementKind.EQUIPMENT,
        "text": "  Обучение на обрабатывающих центрах DMG MORI  ",
        "justification": "Цех оснащён центрами DMG MORI.",
    }
    values.update(fields)
    return services.requirement_submit(partner=partner, submitted_by=user, **values)


# --- Requirements and decisions ------------------------------------------------------------------


def test_a_submitted_requirement_is_pending_and_stripped(partner_a, employer_a):
    requirement = submit(partner_a, employer_a)
    assert requirement.status == PENDING
    assert requirement.text == "Обучение на обрабатывающих центрах DMG MORI"
    assert (requirement.partner, requirement.submitted_by) == (partner_a, employer_a)
    assert requirement.programme_year is None


def test_a_requirement_without_justification_is_refused(partner_a, employer_a):
    with pytest.raises(ValidationError) as error:
        submit(partner_a, employer_a, justification="   ")
    assert "justification" in error.value.message_dict
    assert not Requirement.objects.exists()


def test_declining_requires_a_reason(partner_a, employer_a, staff, django_capture_on_commit_callbacks):
    requirement = submit(partner_a, employer_a)
    with pytest.raises(ValidationError) as error:
        services.requirement_decide(requirement=requirement, status=DECLINED, note="  ", by=staff)
    assert "note" in error.value.message_dict
    requirement.refresh_from_db()
    assert requirement.status == PENDING
    assert requirement.decided_at is None


def test_declining_with_a_reason_records_who_and_when(partner_a, employer_a, staff):
    requirement = submit(partner_a, employer_a)
    services.requirement_decide(requirement=requirement, status=DECLINED, note="Нет такого оборудования", by=staff)
    requirement.refresh_from_db()
    assert (requirement.status, requirement.decision_note, requirement.decided_by) == (
        DECLINED,
        "Нет такого оборудования",
        staff,
    )
    assert requirement.programme_year is None
    assert requirement.decided_at is not None


def test_taking_in_requires_a_year_and_what_changes(partner_a, employer_a, staff):
    requirement = submit(partner_a, employer_a)
    with pytest.raises(ValidationError) as error:
        services.requirement_decide(requirement=requirement, status=TAKEN, note="", by=staff)
    assert set(error.value.message_dict) == {"programme_year", "note"}
    services.requirement_decide(
        requirement=requirement, status=TAKEN, programme_year=this_year() + 1, note="Новая тема в ПМ.02", by=staff
    )
    requirement.refresh_from_db()
    assert (requirement.status, requirement.programme_year) == (TAKEN, this_year() + 1)


@pytest.mark.parametrize("offset", [-2, 6])
def test_a_programme_year_far_from_now_is_refused(partner_a, employer_a, staff, offset):
    requirement = submit(partner_a, employer_a)
    with pytest.raises(ValidationError) as error:
        services.requirement_decide(
            requirement=requirement, status=TAKEN, programme_year=this_year() + offset, note="Тема", by=staff
        )
    assert "programme_year" in error.value.message_dict


def test_pending_is_not_a_decision(partner_a, employer_a, staff):
    requirement = submit(partner_a, employer_a)
    with pytest.raises(ValidationError) as error:
        services.requirement_decide(requirement=requirement, status=PENDING, note="…", by=staff)
    assert "status" in error.value.message_dict


def test_a_decision_can_be_revised(partner_a, employer_a, staff):
    requirement = submit(partner_a, employer_a)
    services.requirement_decide(requirement=requirement, status=DECLINED, note="Не сейчас", by=staff)
    services.requirement_decide(
        requirement=requirement, status=TAKEN, programme_year=this_year(), note="Раздел в МДК.01.02", by=staff
    )
    requirement.refresh_from_db()
    assert (requirement.status, requirement.programme_year, requirement.decision_note) == (
        TAKEN,
        this_year(),
        "Раздел в МДК.01.02",
    )


def test_the_employer_edits_a_pending_requirement(partner_a, employer_a):
    requirement = submit(partner_a, employer_a)
    services.requirement_update(requirement=requirement, text="Работа в «Компас-3D»", kind=RequirementKind.SOFTWARE)
    requirement.refresh_from_db()
    assert (requirement.text, requirement.kind) == ("Работа в «Компас-3D»", RequirementKind.SOFTWARE)


@pytest.mark.parametrize("status", [TAKEN, DECLINED])
def test_a_decided_requirement_cannot_be_edited_by_the_employer(partner_a, employer_a, staff, status):
    requirement = submit(partner_a, employer_a)
    services.requirement_decide(
        requirement=requirement, status=status, programme_year=this_year(), note="Решение принято", by=staff
    )
    with pytest.raises(ValidationError):
        services.requirement_update(requirement=requirement, text="Другое требование")
    requirement.refresh_from_db()
    assert requirement.text == "Обучение на обрабатывающих центрах DMG MORI"
    assert requirement.status == status


def test_the_database_refuses_a_taken_requirement_without_a_year(partner_a):
    requirement = RequirementFactory(partner=partner_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.filter(pk=requirement.pk).update(status=TAKEN, decision_note="Взято")


def test_the_database_refuses_a_declined_requirement_without_a_reason(partner_a):
    requirement = RequirementFactory(partner=partner_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.filter(pk=requirement.pk).update(status=DECLINED)


# --- Requirement counts (read by the indicators) --------------------------------------------------


def _submitted_on(requirement, day):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    Requirement.objects.filter(pk=requirement.pk).update(created_at=moment)


def test_requirement_counts_match_a_count_over_the_rows(partner_a, partner_b, staff):
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=90), today
    machining = SpecialtyFactory(code="15.02.16")
    welding = SpecialtyFactory(code="22.02.06")
    plan = [
        # (days before today, specialty, decision)
        (0, machining, PENDING),
        (10, machining, TAKEN),
        (10, welding, DECLINED),
        (90, welding, TAKEN),  # the first day of the window
        (91, machining, DECLINED),  # the day before it
        (400, machining, PENDING),
    ]
    for index, (days, specialty, status) in enumerate(plan):
        requirement = RequirementFactory(partner=partner_a if index % 2 else partner_b, specialty=specialty)
        if status != PENDING:
            services.requirement_decide(
                requirement=requirement, status=status, programme_year=today.year, note="Решение", by=staff
            )
        _submitted_on(requirement, today - dt.timedelta(days=days))

    def expected(specialty_id=None):
        rows = [
            requirement
            for requirement in Requirement.objects.all()
            if start <= timezone.localtime(requirement.created_at).date() <= end
            and (specialty_id is None or requirement.specialty_id == specialty_id)
        ]
        return {
            "submitted": len(rows),
            "taken": sum(r.status == TAKEN for r in rows),
            "declined": sum(r.status == DECLINED for r in rows),
            "pending": sum(r.status == PENDING for r in rows),
        }

    counts = selectors.requirement_counts(start=start, end=end)
    assert counts == expected() == {"submitted": 4, "taken": 2, "declined": 1, "pending": 1}
    assert selectors.requirement_counts(start=start, end=end, specialty_id=welding.pk) == expected(welding.pk)
    assert expected(welding.pk) == {"submitted": 2, "taken": 1, "declined": 1, "pending": 0}
    assert all(type(value) is int for value in counts.values())


def test_requirement_counts_of_an_empty_period_are_zeros():
    today = timezone.localdate()
    assert selectors.requirement_counts(start=today, end=today) == {
        "submitted": 0,
        "taken": 0,
        "declined": 0,
        "pending": 0,
    }


def test_a_requirement_submitted_just_before_local_midnight_counts_for_that_day(partner_a):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    requirement = RequirementFactory(partner=partner_a)
    late = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(23, 59, 30)))
    Requirement.objects.filter(pk=requirement.pk).update(created_at=late)
    assert selectors.requirement_counts(start=yesterday, end=yesterday)["submitted"] == 1
    assert selectors.requirement_counts(start=today, end=today)["submitted"] == 0


# --- Competences and ratings ------------------------------------------------------------------


def placed(partner, specialty, **fields):
    group = StudyGroupFactory(specialty=specialty)
    return RatedPlacementFactory(partner=partner, student=StudentFactory(group=group), **fields)


def test_ratings_are_saved_changed_and_removed(partner_a, employer_a):
    specialty = SpecialtyFactory(code="15.02.16")
    drawings, cnc = (
        CompetenceFactory(specialty=specialty, name="Чтение чертежей"),
        CompetenceFactory(specialty=specialty, name="Работа на станках с ЧПУ"),
    )
    placement = placed(partner_a, specialty)
    count = services.ratings_save(
        placement=placement, scores={drawings: (5, " Отлично "), cnc: (3, "")}, rated_by=employer_a
    )
    assert count == 2
    assert {(r.competence.name, r.score, r.comment) for r in CompetenceRating.objects.all()} == {
        ("Чтение чертежей", 5, "Отлично"),
        ("Работа на станках с ЧПУ", 3, ""),
    }
    services.ratings_save(placement=placement, scores={drawings: (4, ""), cnc: (None, "")}, rated_by=employer_a)
    assert list(CompetenceRating.objects.values_list("competence__name", "score")) == [("Чтение чертежей", 4)]


def test_a_competence_of_another_specialty_cannot_be_rated(partner_a, employer_a):
    placement = placed(partner_a, SpecialtyFactory(code="15.02.16"))
    welding = CompetenceFactory(specialty=SpecialtyFactory(code="22.02.06"), name="Сварка в среде защитных газов")
    with pytest.raises(ValidationError):
        services.ratings_save(placement=placement, scores={welding: (5, "")}, rated_by=employer_a)
    assert not CompetenceRating.objects.exists()


def test_a_retired_competence_is_not_rated_any_more(partner_a, employer_a):
    specialty = SpecialtyFactory(code="15.02.16")
    retired = CompetenceFactory(specialty=specialty, name="Черчение на кульмане", is_active=False)
    with pytest.raises(ValidationError):
        services.ratings_save(placement=placed(partner_a, specialty), scores={retired: (2, "")}, rated_by=employer_a)


def test_a_student_whose_practice_has_not_begun_is_not_rated(partner_a, employer_a):
    specialty = SpecialtyFactory(code="15.02.16")
    competence = CompetenceFactory(specialty=specialty)
    placement = placed(partner_a, specialty, state=PlacementState.CONFIRMED)
    with pytest.raises(ValidationError):
        services.ratings_save(placement=placement, scores={competence: (4, "")}, rated_by=employer_a)


def test_a_comment_needs_a_score(partner_a, employer_a):
    specialty = SpecialtyFactory(code="15.02.16")
    competence = CompetenceFactory(specialty=specialty)
    with pytest.raises(ValidationError):
        services.ratings_save(
            placement=placed(partner_a, specialty), scores={competence: (None, "Хорошо")}, rated_by=employer_a
        )


def test_a_rated_competence_keeps_its_specialty_but_can_be_renamed(partner_a):
    rating = CompetenceRatingFactory(placement=placed(partner_a, SpecialtyFactory(code="15.02.16")))
    competence = rating.competence
    with pytest.raises(ValidationError) as error:
        services.competence_update(competence=competence, specialty=SpecialtyFactory(code="22.02.06"))
    assert "specialty" in error.value.message_dict
    services.competence_update(competence=competence, name="Чтение  сборочных\tчертежей", is_active=False)
    competence.refresh_from_db()
    assert (competence.name, competence.is_active) == ("Чтение сборочных чертежей", False)


def test_a_competence_name_is_unique_within_its_specialty():
    specialty = SpecialtyFactory(code="15.02.16")
    services.competence_create(specialty=specialty, name="Чтение чертежей")
    with pytest.raises(ValidationError):
        services.competence_create(specialty=specialty, name="Чтение чертежей")
    services.competence_create(specialty=SpecialtyFactory(code="22.02.06"), name="Чтение чертежей")


# --- The averages per competence and year ------------------------------------------------------


def test_the_average_per_competence_and_year_matches_a_plain_python_average():
    today = timezone.localdate()
    specialty = SpecialtyFactory(code="15.02.16")
    drawings = CompetenceFactory(specialty=specialty, name="Чтение чертежей")
    cnc = CompetenceFactory(specialty=specialty, name="Работа на станках с ЧПУ")
    retired = CompetenceFactory(specialty=specialty, name="Черчение на кульмане", is_active=False)
    unrated = CompetenceFactory(specialty=specialty, name="Бережливое производство")
    other = CompetenceFactory(specialty=SpecialtyFactory(code="22.02.06"), name="Сварка")
    plan = {
        # years before this one: scores
        (drawings, 0): [5, 4, 4],
        (drawings, 2): [3],
        (cnc, 1): [2, 5, 5, 4],
        (cnc, 0): [3, 4],
        (retired, 3): [1, 2],
        (retired, 7): [5],  # outside the years shown
        (other, 0): [1],
    }
    for (competence, years_ago), scores in plan.items():
        for score in scores:
            group = StudyGroupFactory(specialty=competence.specialty)
            end = dt.date(today.year - years_ago, 6, 30)
            placement = RatedPlacementFactory(
                student=StudentFactory(group=group),
                period__start_date=end - dt.timedelta(days=27),
                period__end_date=end,
            )
            CompetenceRatingFactory(placement=placement, competence=competence, score=score)

    table = selectors.rating_table(specialty, today=today)
    years = list(range(today.year - selectors.YEARS_SHOWN + 1, today.year + 1))
    assert table.years == years

    def rounded(values):
        return Decimal(sum(values)) / Decimal(len(values)) if values else None

    rows = list(CompetenceRating.objects.select_related("placement", "competence"))
    expected = {}
    for competence in (drawings, cnc, retired, unrated):
        cells = []
        for year in years:
            scores = [r.score for r in rows if r.competence_id == competence.pk and r.placement.end_date.year == year]
            average = rounded(scores)
            cells.append(
                (
                    average.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if average is not None else None,
                    len(scores),
                )
            )
        expected[competence.name] = cells
    got = {row.competence.name: row.cells for row in table.rows}
    assert got == expected
    assert got["Работа на станках с ЧПУ"][-2] == (Decimal("4.00"), 4)
    assert got["Чтение чертежей"][-1] == (Decimal("4.33"), 3)
    assert "Сварка" not in got
    overall = {row.competence.name: (row.average, row.count) for row in table.rows}
    assert overall["Чтение чертежей"] == (Decimal("4.00"), 4)
    assert overall["Бережливое производство"] == (None, 0)
    assert overall["Черчение на кульмане"] == (Decimal("1.50"), 2)  # the rating of 7 years ago is left out
    chart = table.chart(next(row for row in table.rows if row.competence == cnc))
    assert chart == {"labels": [str(y) for y in years], "values": [None, None, None, 4.0, 3.5]}


def test_a_retired_competence_without_recent_ratings_leaves_the_table():
    specialty = SpecialtyFactory(code="15.02.16")
    CompetenceFactory(specialty=specialty, name="Черчение на кульмане", is_active=False)
    CompetenceFactory(specialty=specialty, name="Чтение чертежей")
    table = selectors.rating_table(specialty)
    assert [row.competence.name for row in table.rows] == ["Чтение чертежей"]


def test_the_employer_sees_only_its_placements_that_began(partner_a, partner_b, employer_a):
    specialty = SpecialtyFactory(code="15.02.16")
    own = placed(partner_a, specialty)
    placed(partner_a, specialty, state=PlacementState.PLANNED)
    placed(partner_a, specialty, state=PlacementState.CANCELLED, cancel_reason="Болезнь")
    placed(partner_b, specialty)
    assert list(selectors.ratable_placements_for(employer_a)) == [own]


def test_the_staff_summary_counts_requirements_by_status(partner_a, staff):
    specialty = SpecialtyFactory(code="15.02.16")
    for status in (PENDING, PENDING, TAKEN, DECLINED):
        requirement = RequirementFactory(partner=partner_a, specialty=specialty)
        if status != PENDING:
            services.requirement_decide(
                requirement=requirement, status=status, programme_year=this_year(), note="Решение", by=staff
            )
    RequirementFactory(partner=partner_a, specialty=SpecialtyFactory(code="22.02.06"))
    assert selectors.specialty_counts(specialty) == {"submitted": 4, "taken": 1, "declined": 1, "pending": 2}
    overview = {s.code: (s.submitted, s.pending, s.taken, s.declined) for s in selectors.specialty_overview()}
    assert overview == {"15.02.16": (4, 2, 1, 1), "22.02.06": (1, 1, 0, 0)}


def test_another_partners_requirement_is_not_visible_to_the_employer(partner_a, partner_b, employer_b):
    RequirementFactory(partner=partner_a)
    own = RequirementFactory(partner=partner_b)
    assert list(selectors.requirements_visible_to(employer_b)) == [own]


def test_requirements_are_invisible_to_anonymous_users(partner_a):
    from django.contrib.auth.models import AnonymousUser

    RequirementFactory(partner=partner_a)
    assert not selectors.requirements_visible_to(AnonymousUser()).exists()
