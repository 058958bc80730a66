"""Practice periods: the staff list, the form, and the period's page with its placements."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice.models import DocumentStatus, Evaluation, PlacementState, PracticeKind, PracticePeriod, StudentStatus
from practice.services import periods as period_services
from tests.factories import (
    ContactFactory,
    PlacementFactory,
    PracticePeriodFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
)
from tests.helpers import assert_constant_queries, ru

LOGIN = "login"


def statuses(client, url, users):
    """{role: status} of a GET of ``url``; a redirect to the login page is ``LOGIN``."""
    result = {}
    for role, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        login_redirect = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        result[role] = LOGIN if login_redirect else response.status_code
    client.logout()
    return result


@pytest.fixture
def roles(staff, employer_a, employer_b, admin_user):
    return {"anon": None, "staff": staff, "employer_a": employer_a, "employer_b": employer_b, "admin": admin_user}


@pytest.fixture
def period(db):
    today = timezone.localdate()
    return PracticePeriodFactory(
        start_date=today + datetime.timedelta(days=7), end_date=today + datetime.timedelta(days=48)
    )


def period_post(group, teacher, **overrides):
    data = {
        "kind": PracticeKind.WORK,
        "group": group.pk,
        "module": "ПМ.02 Разработка и внедрение управляющих программ",
        "start_date": "2027-02-01",
        "end_date": "2027-03-14",
        "hours": "216",
        "college_supervisor": teacher.pk,
        "competences": "  ПК 2.1. Разрабатывать управляющие программы\n\n ПК 2.2. Внедрять программы  \n",
    }
    return {**data, **overrides}


def test_period_pages_answer_each_role_as_the_url_table_says(client, roles, period):
    staff_only = {"anon": LOGIN, "staff": 200, "employer_a": 404, "employer_b": 404, "admin": 200}
    for url in (
        reverse("practice:period_list"),
        reverse("practice:period_create"),
        reverse("practice:period_detail", args=[period.pk]),
        reverse("practice:period_edit", args=[period.pk]),
    ):
        assert statuses(client, url, roles) == staff_only, url


def test_a_teacher_reads_periods_but_cannot_create_or_edit_them(client, teacher, period):
    client.force_login(teacher)
    assert client.get(reverse("practice:period_list")).status_code == 200
    assert client.get(reverse("practice:period_detail", args=[period.pk])).status_code == 200
    assert client.get(reverse("practice:period_create")).status_code == 403
    assert client.post(reverse("practice:period_edit", args=[period.pk]), {}).status_code == 403


def test_staff_create_a_period_with_one_competence_per_line(staff_client):
    group, teacher = StudyGroupFactory(name="ТМ-24-1"), TeacherFactory()
    response = staff_client.post(reverse("practice:period_create"), period_post(group, teacher))
    period = PracticePeriod.objects.get()
    assert response["Location"] == reverse("practice:period_detail", args=[period.pk])
    assert (period.group, period.college_supervisor, period.hours) == (group, teacher, 216)
    assert period.start_date == datetime.date(2027, 2, 1)
    assert period.competence_list == ["ПК 2.1. Разрабатывать управляющие программы", "ПК 2.2. Внедрять программы"]


def test_period_ending_before_it_starts_is_refused_and_the_input_kept(staff_client):
    group, teacher = StudyGroupFactory(), TeacherFactory()
    response = staff_client.post(
        reverse("practice:period_create"), period_post(group, teacher, start_date="2027-03-14", end_date="2027-02-01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert ru("The end date cannot be before the start date.") in html
    assert "ПМ.02 Разработка и внедрение управляющих программ" in html
    assert "ПК 2.1. Разрабатывать управляющие программы" in html
    assert not PracticePeriod.objects.exists()


def test_period_with_missing_fields_shows_errors_not_a_500(staff_client):
    response = staff_client.post(reverse("practice:period_create"), {"module": "ПМ.03", "hours": "много"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"kind", "group", "start_date", "end_date", "hours"}
    assert 'value="ПМ.03"' in response.content.decode()


def test_staff_edit_a_period(staff_client, period):
    data = period_post(
        period.group, period.college_supervisor, hours="72", start_date="2027-01-10", end_date="2027-01-30"
    )
    response = staff_client.post(reverse("practice:period_edit", args=[period.pk]), data)
    assert response["Location"] == reverse("practice:period_detail", args=[period.pk])
    period.refresh_from_db()
    assert (period.hours, period.start_date) == (72, datetime.date(2027, 1, 10))


def test_group_of_a_period_cannot_change_once_students_are_placed(staff, period):
    PlacementFactory(student=StudentFactory(group=period.group), period=period)
    with pytest.raises(ValidationError) as error:
        period_services.period_update(period=period, updated_by=staff, group=StudyGroupFactory())
    assert error.value.message_dict == {
        "group": [ru("The group cannot change: students of this group are already placed.")]
    }


def test_period_dates_cannot_leave_a_placement_outside(staff, period):
    PlacementFactory(student=StudentFactory(group=period.group), period=period)
    end = period.end_date
    with pytest.raises(ValidationError):
        period_services.period_update(period=period, updated_by=staff, end_date=end - datetime.timedelta(days=1))
    assert PracticePeriod.objects.get(pk=period.pk).end_date == end


def test_period_list_filters_by_kind_and_group_and_counts_placements_and_evaluations(staff_client, period):
    other = PracticePeriodFactory(kind=PracticeKind.TRAINING)
    students = StudentFactory.create_batch(3, group=period.group)
    placements = [PlacementFactory(student=student, period=period) for student in students]
    Evaluation.objects.create(placement=placements[0], status=DocumentStatus.SUBMITTED, grade=5)
    PlacementFactory(student=StudentFactory(group=period.group), period=period, state=PlacementState.CANCELLED,
                     cancel_reason="Болезнь")  # fmt: skip
    response = staff_client.get(reverse("practice:period_list"), {"kind": PracticeKind.WORK})
    listed = list(response.context["page_obj"])
    assert listed == [period]
    assert (listed[0].placement_count, listed[0].evaluated_count) == (3, 1)
    by_group = staff_client.get(reverse("practice:period_list"), {"group": other.group.pk})
    assert list(by_group.context["page_obj"]) == [other]
    assert staff_client.get(reverse("practice:period_list"), {"group": "x", "kind": "y"}).status_code == 200


def test_period_list_runs_the_same_queries_for_1_and_20_periods(staff_client, period):
    def add():
        for _ in range(19):
            other = PracticePeriodFactory()
            PlacementFactory(student=StudentFactory(group=other.group), period=other)

    assert_constant_queries(staff_client, reverse("practice:period_list"), add)


def test_period_page_shows_placements_evaluations_complete_and_students_without_a_place(
    staff_client, period, partner_a
):
    placed = [StudentFactory(group=period.group, last_name=name) for name in ("Абрамов", "Борисов")]
    waiting = StudentFactory(group=period.group, last_name="Яковлев")
    StudentFactory(group=period.group, last_name="Отчисленный", status=StudentStatus.EXPELLED)
    supervisor = ContactFactory(partner=partner_a, last_name="Наставников")
    first = PlacementFactory(student=placed[0], period=period, partner=partner_a, employer_supervisor=supervisor)
    PlacementFactory(student=placed[1], period=period, partner=partner_a)
    Evaluation.objects.create(placement=first, status=DocumentStatus.SUBMITTED, grade=5)
    response = staff_client.get(reverse("practice:period_detail", args=[period.pk]))
    html = response.content.decode()
    assert [p.student.last_name for p in response.context["placements"]] == ["Абрамов", "Борисов"]
    assert "Наставников" in html and partner_a.display_name in html
    assert response.context["period"].evaluated_count == 1 and response.context["period"].placement_count == 2
    complete = re.search(r'data-testid="evaluations-complete">\s*<div class="stat-value">([^<]+)<', html).group(1)
    assert complete == ru("%(done)s of %(total)s", done=1, total=2)
    assert response.context["unplaced"] == [waiting]
    assert f"{reverse('practice:placement_create', args=[period.pk])}?student={waiting.pk}" in html
    assert reverse("practice:bulk_place", args=[period.pk]) in html


def test_period_page_runs_the_same_queries_for_1_and_20_placements(staff_client, period, partner_a):
    def place(count):
        for _ in range(count):
            placement = PlacementFactory(
                student=StudentFactory(group=period.group),
                period=period,
                partner=partner_a,
                employer_supervisor=ContactFactory(partner=partner_a),
            )
            Evaluation.objects.create(placement=placement, status=DocumentStatus.SUBMITTED, grade=4, pdf="x.pdf")
        StudentFactory(group=period.group)

    place(1)
    assert_constant_queries(staff_client, reverse("practice:period_detail", args=[period.pk]), lambda: place(19))
