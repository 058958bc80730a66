"""Groups, students and teachers: the staff pages, adding a student, and the student card as an
employer sees it (only what the placement needs, and logged)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice.models import PlacementState, Student, StudentDataAccess, StudentStatus
from practice.services import reference
from tests.factories import (
    PlacementFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)
from tests.helpers import assert_constant_queries, ru

BIRTH_DATE = dt.date(2006, 5, 17)


# --- Services -------------------------------------------------------------------------------


def test_group_create_refuses_graduation_before_admission(db):
    specialty = SpecialtyFactory(code="15.02.16")
    with pytest.raises(ValidationError) as error:
        reference.group_create(name="ТМ-25-1", specialty=specialty, admission_year=2025, graduation_year=2024)
    assert error.value.messages == [ru("The graduation year cannot be before the admission year.")]


def test_student_create_and_update_tidy_the_names(db):
    group = StudyGroupFactory()
    student = reference.student_create(group=group, last_name="  Иванов ", first_name="Иван", middle_name="")
    assert (student.full_name, student.status) == ("Иванов Иван", StudentStatus.STUDYING)
    reference.student_update(student=student, middle_name=" Ильич", status=StudentStatus.ACADEMIC_LEAVE)
    student.refresh_from_db()
    assert (student.full_name, student.status) == ("Иванов Иван Ильич", "academic_leave")


def test_teacher_create_validates_the_email(db):
    with pytest.raises(ValidationError) as error:
        reference.teacher_create(last_name="Орлов", first_name="Олег", email="не-почта")
    assert list(error.value.message_dict) == ["email"]


# --- Group list and card --------------------------------------------------------------------


def test_group_list_shows_student_counts_and_filters_by_name_specialty_and_year(staff_client):
    machining, welding = SpecialtyFactory(code="15.02.16"), SpecialtyFactory(code="22.02.06")
    tm = StudyGroupFactory(name="ТМ-23-1", specialty=machining, graduation_year=2027)
    StudentFactory.create_batch(3, group=tm)
    StudyGroupFactory(name="ТМ-24-1", specialty=machining, admission_year=2024, graduation_year=2028)
    sv = StudyGroupFactory(name="СВ-23-1", specialty=welding, graduation_year=2027)

    def names(**params):
        response = staff_client.get(reverse("practice:group_list"), params)
        return [(group.name, group.student_count) for group in response.context["page_obj"]]

    assert names() == [("СВ-23-1", 0), ("ТМ-23-1", 3), ("ТМ-24-1", 0)]
    assert names(q="тм-23") == [("ТМ-23-1", 3)]
    assert names(specialty=welding.pk) == [(sv.name, 0)]
    assert names(graduation_year=2027, specialty=machining.pk) == [("ТМ-23-1", 3)]
    assert names(graduation_year="nonsense") == names()  # a bad filter is ignored, not an error


def test_group_list_paginates(staff_client, settings):
    settings.PAGINATE_BY = 10
    StudyGroupFactory.create_batch(12)
    response = staff_client.get(reverse("practice:group_list"), {"page": 2})
    assert len(response.context["page_obj"].object_list) == 2


def test_group_list_runs_a_constant_number_of_queries(staff_client):
    StudentFactory(group=StudyGroupFactory())

    def add_rows():
        for n in range(15):
            group = StudyGroupFactory(specialty=SpecialtyFactory(), graduation_year=2027 + n % 3)
            StudentFactory.create_batch(2, group=group)

    assert_constant_queries(staff_client, reverse("practice:group_list"), add_rows)


def test_group_detail_lists_its_students_with_status_and_its_periods(staff_client):
    group = StudyGroupFactory(name="ТМ-23-1")
    StudentFactory(group=group, last_name="Алексеев", status=StudentStatus.ACADEMIC_LEAVE)
    StudentFactory(group=group, last_name="Борисов")
    StudentFactory(last_name="Чужой")  # another group
    period = PracticePeriodFactory(group=group)

    response = staff_client.get(reverse("practice:group_detail", args=[group.pk]))
    assert [(s.last_name, s.status) for s in response.context["students"]] == [
        ("Алексеев", "academic_leave"),
        ("Борисов", "studying"),
    ]
    assert list(response.context["periods"]) == [period]
    assert ru("On academic leave") in response.content.decode()


def test_coordinator_adds_a_student_to_the_group(staff_client):
    group = StudyGroupFactory()
    response = staff_client.post(
        reverse("practice:group_detail", args=[group.pk]),
        {"last_name": "Иванов", "first_name": "Иван", "birth_date": "2007-03-01", "status": "studying"},
    )
    assert response.url == reverse("practice:group_detail", args=[group.pk])
    assert list(group.students.values_list("last_name", "birth_date")) == [("Иванов", dt.date(2007, 3, 1))]


def test_adding_a_student_with_bad_input_keeps_the_input_and_shows_the_errors(staff_client):
    group = StudyGroupFactory()
    response = staff_client.post(
        reverse("practice:group_detail", args=[group.pk]),
        {"last_name": "Иванов", "first_name": "", "email": "не-почта", "status": "studying"},
    )
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["email", "first_name"]
    assert 'value="Иванов"' in response.content.decode()
    assert not Student.objects.exists()


def test_teacher_reads_the_group_but_gets_403_when_adding_a_student(client, teacher):
    group = StudyGroupFactory()
    client.force_login(teacher)
    response = client.get(reverse("practice:group_detail", args=[group.pk]))
    assert (response.status_code, response.context["form"]) == (200, None)
    response = client.post(
        reverse("practice:group_detail", args=[group.pk]), {"last_name": "Иванов", "first_name": "Иван"}
    )
    assert response.status_code == 403
    assert not Student.objects.exists()


def test_employer_gets_404_on_the_staff_reference_pages(employer_a_client):
    group = StudyGroupFactory()
    urls = [
        reverse("practice:group_list"),
        reverse("practice:group_detail", args=[group.pk]),
        reverse("practice:teacher_list"),
    ]
    assert [employer_a_client.get(url).status_code for url in urls] == [404, 404, 404]
    response = employer_a_client.post(urls[1], {"last_name": "Иванов", "first_name": "Иван", "status": "studying"})
    assert response.status_code == 404
    assert group.students.count() == 0


# --- The student card -----------------------------------------------------------------------


@pytest.fixture
def placed_with_a(partner_a):
    """A student with personal data on record, placed (confirmed) with organisation A."""
    student = StudentFactory(
        last_name="Сидоров", birth_date=BIRTH_DATE, email="sidorov@students.example", phone="+7 900 555-44-33"
    )
    PlacementFactory(student=student, partner=partner_a, state=PlacementState.CONFIRMED)
    return student


PERSONAL = ("17.05.2006", "sidorov@students.example", "+7 900 555-44-33")


def test_staff_see_the_students_personal_data_placements_and_theses(staff_client, placed_with_a):
    thesis = ThesisFactory(student=placed_with_a, topic="Модернизация участка механообработки")
    response = staff_client.get(reverse("practice:student_detail", args=[placed_with_a.pk]))
    html = response.content.decode()
    assert all(value in html for value in PERSONAL)
    assert [p.partner.name for p in response.context["placements"]] == ["АО «Уралмашзавод»"]
    assert list(response.context["theses"]) == [thesis]
    assert not StudentDataAccess.objects.exists()  # staff views are not logged


def test_employer_sees_only_name_group_and_own_placements_and_the_view_is_logged(
    employer_a, employer_a_client, placed_with_a, partner_b
):
    PlacementFactory(
        student=placed_with_a,
        partner=partner_b,
        period=PracticePeriodFactory(
            group=placed_with_a.group, start_date=dt.date(2027, 2, 1), end_date=dt.date(2027, 3, 1)
        ),
    )
    response = employer_a_client.get(reverse("practice:student_detail", args=[placed_with_a.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Сидоров Алексей Петрович" in html and placed_with_a.group.name in html
    assert not any(value in html for value in PERSONAL)
    assert "ООО «Сибэнергомонтаж»" not in html
    assert [p.partner_id for p in response.context["placements"]] == [employer_a.partner_id]
    assert list(StudentDataAccess.objects.values_list("user", "student", "action")) == [
        (employer_a.pk, placed_with_a.pk, "view")
    ]


def test_employer_gets_404_for_a_student_not_placed_with_them(employer_a_client, placed_with_a, partner_b):
    elsewhere = StudentFactory(last_name="Чужой")
    PlacementFactory(student=elsewhere, partner=partner_b)
    cancelled = StudentFactory(last_name="Отменённый")
    PlacementFactory(
        student=cancelled, partner=placed_with_a.placements.get().partner, state=PlacementState.CANCELLED,
        cancel_reason="Передумал",
    )  # fmt: skip
    unplaced = StudentFactory(last_name="Никуда")

    for student in (elsewhere, cancelled, unplaced):
        assert employer_a_client.get(reverse("practice:student_detail", args=[student.pk])).status_code == 404
    assert employer_a_client.get(reverse("practice:student_detail", args=[placed_with_a.pk])).status_code == 200
    assert list(StudentDataAccess.objects.values_list("student", flat=True)) == [placed_with_a.pk]


def test_employer_of_another_organisation_gets_404(client, employer_b, placed_with_a):
    client.force_login(employer_b)
    assert client.get(reverse("practice:student_detail", args=[placed_with_a.pk])).status_code == 404
    assert not StudentDataAccess.objects.exists()


def test_reviewer_opens_the_card_of_the_student_whose_thesis_they_review(employer_a, employer_a_client):
    student = StudentFactory(phone="+7 900 111-22-33")
    thesis = ThesisFactory(student=student, reviewer=employer_a.contact, review_due=dt.date(2027, 6, 1))
    ThesisFactory(student=student, topic="Чужая тема")  # not assigned to them

    response = employer_a_client.get(reverse("practice:student_detail", args=[student.pk]))
    assert response.status_code == 200
    assert list(response.context["theses"]) == [thesis]
    assert "+7 900 111-22-33" not in response.content.decode()
    assert StudentDataAccess.objects.filter(user=employer_a, student=student).count() == 1


# --- Teachers -------------------------------------------------------------------------------


def test_teacher_list_shows_the_last_internship_and_flags_those_without_one_in_3_years(staff_client):
    today = timezone.localdate()
    recent = TeacherFactory(last_name="Андреев")
    TeacherInternshipFactory(
        teacher=recent, start_date=today - dt.timedelta(days=400), end_date=today - dt.timedelta(days=390)
    )
    old = TeacherFactory(last_name="Борисов")
    TeacherInternshipFactory(
        teacher=old, start_date=today - dt.timedelta(days=1500), end_date=today - dt.timedelta(days=1490)
    )
    never = TeacherFactory(last_name="Васильев")
    TeacherFactory(last_name="Гусев", is_active=False)

    response = staff_client.get(reverse("practice:teacher_list"))
    rows = [
        (t.last_name, t.last_internship, t.pk in response.context["overdue_ids"]) for t in response.context["page_obj"]
    ]
    assert rows == [
        ("Андреев", today - dt.timedelta(days=390), False),
        ("Борисов", today - dt.timedelta(days=1490), True),
        ("Васильев", None, True),
    ]
    only_overdue = staff_client.get(reverse("practice:teacher_list"), {"overdue": "on"})
    assert [t.pk for t in only_overdue.context["page_obj"]] == [old.pk, never.pk]


def test_teacher_list_runs_a_constant_number_of_queries(staff_client):
    TeacherInternshipFactory()

    def add_rows():
        for _ in range(10):
            TeacherInternshipFactory(teacher=TeacherFactory())
            TeacherFactory()

    assert_constant_queries(staff_client, reverse("practice:teacher_list"), add_rows)
