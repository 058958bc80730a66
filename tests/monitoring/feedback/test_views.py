"""Employers' feedback pages: an employer reaches only its organisation's requirements and
placements (others are 404), forms come back with what was typed, staff decide and filter, the
per-specialty summary shows the averages, and list pages keep their query count."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from monitoring.models import CompetenceRating, Requirement, RequirementKind, RequirementStatus
from monitoring.services import feedback as services
from practice.models import PlacementState, StudentDataAccess
from tests.conftest import with_groups
from tests.factories import PartnerFactory, SpecialtyFactory, StudentFactory, StudyGroupFactory
from tests.helpers import assert_constant_queries, ru

from .factories import CompetenceFactory, CompetenceRatingFactory, RatedPlacementFactory, RequirementFactory

pytestmark = pytest.mark.django_db

LIST = reverse("monitoring:requirement_list")
CREATE = reverse("monitoring:requirement_create")


def detail(requirement):
    return reverse("monitoring:requirement_detail", args=[requirement.pk])


def form_data(specialty, **fields):
    data = {
        "specialty": specialty.pk,
        "kind": RequirementKind.SOFTWARE,
        "text": "Работа в «Компас-3D»",
        "justification": "Конструкторское бюро работает в «Компас-3D».",
    }
    data.update(fields)
    return data


# --- The employer's requirements ----------------------------------------------------------------


def test_an_employer_submits_a_requirement_for_its_own_organisation(client, employer_a, partner_a, partner_b):
    specialty = SpecialtyFactory(code="15.02.16")
    client.force_login(employer_a)
    # A partner field sent by hand is ignored: the requirement is always the employer's own.
    response = client.post(CREATE, form_data(specialty, partner=partner_b.pk))
    requirement = Requirement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(requirement)
    assert (requirement.partner, requirement.submitted_by, requirement.status) == (
        partner_a,
        employer_a,
        RequirementStatus.PENDING,
    )
    page = client.get(detail(requirement)).content.decode()
    assert "Работа в «Компас-3D»" in page
    assert ru("Under consideration: the college has not decided yet.") in page


def test_a_requirement_form_with_errors_comes_back_with_what_was_typed(client, employer_a):
    specialty = SpecialtyFactory(code="15.02.16")
    client.force_login(employer_a)
    response = client.post(CREATE, form_data(specialty, text="", justification="Нужны наладчики ЧПУ"))
    assert response.status_code == 200
    assert "Нужны наладчики ЧПУ" in response.content.decode()
    assert "text" in response.context["form"].errors
    assert not Requirement.objects.exists()


def test_a_too_long_requirement_is_refused_without_a_500(client, employer_a):
    client.force_login(employer_a)
    response = client.post(CREATE, form_data(SpecialtyFactory(code="15.02.16"), text="Ч" * 2001, kind="nonsense"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"text", "kind"}


def test_the_employer_lists_only_its_own_requirements_with_their_status(
    client, employer_a, partner_a, partner_b, staff
):
    own = RequirementFactory(partner=partner_a, text="Наше требование")
    RequirementFactory(partner=partner_b, text="Чужое требование")
    services.requirement_decide(requirement=own, status=RequirementStatus.DECLINED, note="Нет базы", by=staff)
    client.force_login(employer_a)
    page = client.get(LIST).content.decode()
    assert "Наше требование" in page
    assert "Чужое требование" not in page
    assert ru("Declined") in page


def test_another_organisations_requirement_is_404(client, employer_b, partner_a):
    requirement = RequirementFactory(partner=partner_a)
    client.force_login(employer_b)
    assert client.get(detail(requirement)).status_code == 404
    edit = reverse("monitoring:requirement_edit", args=[requirement.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"text": "Подмена"}).status_code == 404
    requirement.refresh_from_db()
    assert requirement.text != "Подмена"


def test_the_employer_sees_the_colleges_decision(client, employer_a, partner_a, staff):
    requirement = RequirementFactory(partner=partner_a)
    services.requirement_decide(
        requirement=requirement,
        status=RequirementStatus.TAKEN,
        programme_year=timezone.localdate().year + 1,
        note="Добавлен раздел в ПМ.02",
        by=staff,
    )
    client.force_login(employer_a)
    page = client.get(detail(requirement)).content.decode()
    assert "Добавлен раздел в ПМ.02" in page
    assert ru("Taken into the programme of %(year)s.", year=timezone.localdate().year + 1) in page
    assert 'data-testid="decision-form"' not in page


def test_a_decided_requirement_cannot_be_edited_from_the_page(client, employer_a, partner_a, staff):
    requirement = RequirementFactory(partner=partner_a, text="Исходный текст")
    services.requirement_decide(requirement=requirement, status=RequirementStatus.DECLINED, note="Нет", by=staff)
    client.force_login(employer_a)
    edit = reverse("monitoring:requirement_edit", args=[requirement.pk])
    response = client.post(edit, form_data(requirement.specialty, text="Новый текст"))
    assert response.status_code == 302
    assert response["Location"] == detail(requirement)
    requirement.refresh_from_db()
    assert requirement.text == "Исходный текст"
    assert (
        reverse("monitoring:requirement_edit", args=[requirement.pk])
        not in client.get(detail(requirement)).content.decode()
    )


def test_the_employer_corrects_a_pending_requirement(client, employer_a, partner_a):
    requirement = RequirementFactory(partner=partner_a)
    client.force_login(employer_a)
    edit = reverse("monitoring:requirement_edit", args=[requirement.pk])
    response = client.post(edit, form_data(requirement.specialty, text="Исправленный текст"))
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.text == "Исправленный текст"
    response = client.post(edit, form_data(requirement.specialty, justification=""))
    assert response.status_code == 200
    assert "justification" in response.context["form"].errors


# --- Staff decide -------------------------------------------------------------------------------


def test_staff_decline_without_a_reason_comes_back_with_the_form(client, staff, partner_a):
    requirement = RequirementFactory(partner=partner_a)
    client.force_login(staff)
    url = reverse("monitoring:requirement_decide", args=[requirement.pk])
    response = client.post(url, {"status": RequirementStatus.DECLINED, "note": ""})
    assert response.status_code == 200
    assert "note" in response.context["decision_form"].errors
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.PENDING


def test_staff_take_in_without_a_year_keeps_the_note_typed(client, staff, partner_a):
    requirement = RequirementFactory(partner=partner_a)
    client.force_login(staff)
    url = reverse("monitoring:requirement_decide", args=[requirement.pk])
    response = client.post(url, {"status": RequirementStatus.TAKEN, "note": "Новая тема в МДК"})
    assert response.status_code == 200
    assert "programme_year" in response.context["decision_form"].errors
    assert "Новая тема в МДК" in response.content.decode()


def test_staff_decline_with_a_reason_and_the_partner_is_notified(
    client, staff, partner_a, employer_a, django_capture_on_commit_callbacks
):
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a)
    client.force_login(staff)
    url = reverse("monitoring:requirement_decide", args=[requirement.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": RequirementStatus.DECLINED, "note": "Вне ФГОС"})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert (requirement.status, requirement.decision_note, requirement.decided_by) == (
        RequirementStatus.DECLINED,
        "Вне ФГОС",
        staff,
    )
    assert [letter.to for letter in mail.outbox] == [[employer_a.email]]


def test_staff_without_the_managers_role_cannot_decide(client, teacher, partner_a):
    requirement = RequirementFactory(partner=partner_a)
    client.force_login(teacher)
    url = reverse("monitoring:requirement_decide", args=[requirement.pk])
    response = client.post(url, {"status": RequirementStatus.DECLINED, "note": "Нет"})
    assert response.status_code == 403
    assert 'data-testid="decision-form"' not in client.get(detail(requirement)).content.decode()
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.PENDING


def test_an_employer_cannot_decide(client, employer_a, partner_a):
    requirement = RequirementFactory(partner=partner_a)
    client.force_login(employer_a)
    url = reverse("monitoring:requirement_decide", args=[requirement.pk])
    assert client.post(url, {"status": RequirementStatus.DECLINED, "note": "Сами"}).status_code == 404
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.PENDING


# --- Staff list: filters, search, pagination, queries ----------------------------------------------


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(requirement.text for requirement in response.context["page_obj"])


def test_staff_filter_requirements_by_status_specialty_partner_and_text(client, staff, partner_a, partner_b):
    machining, welding = SpecialtyFactory(code="15.02.16"), SpecialtyFactory(code="22.02.06")
    RequirementFactory(partner=partner_a, specialty=machining, text="ЧПУ Fanuc")
    RequirementFactory(partner=partner_b, specialty=welding, text="Сварка TIG")
    declined = RequirementFactory(partner=partner_b, specialty=machining, text="Ёмкостные датчики")
    services.requirement_decide(requirement=declined, status=RequirementStatus.DECLINED, note="Нет", by=staff)
    client.force_login(staff)
    assert listed(client) == sorted(["ЧПУ Fanuc", "Ёмкостные датчики", "Сварка TIG"])
    assert listed(client, status="declined") == ["Ёмкостные датчики"]
    assert listed(client, specialty=welding.pk) == ["Сварка TIG"]
    assert listed(client, partner=partner_a.pk) == ["ЧПУ Fanuc"]
    assert listed(client, q="fanuc") == ["ЧПУ Fanuc"]
    assert listed(client, q=partner_b.name.split()[-1].strip("«»")) == ["Ёмкостные датчики", "Сварка TIG"]
    # A bad filter value is ignored, never a 500.
    assert len(listed(client, status="nonsense", specialty="x", partner="999999")) == 3


def test_the_requirement_list_is_paginated(client, staff, partner_a):
    RequirementFactory.create_batch(30, partner=partner_a)
    client.force_login(staff)
    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})
    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert not {r.pk for r in first.context["page_obj"]} & {r.pk for r in second.context["page_obj"]}


def test_an_empty_list_tells_the_employer_what_to_do(client, employer_a):
    client.force_login(employer_a)
    page = client.get(LIST).content.decode()
    assert CREATE in page
    assert (
        ru(
            "Your organisation has submitted no requirements yet. What should the college's graduates know or be able to do?"
        )
        in page
    )


@pytest.mark.parametrize("who", ["staff", "employer_a"])
def test_the_requirement_list_runs_the_same_queries_for_1_and_20_rows(client, request, partner_a, who):
    user = request.getfixturevalue(who)
    RequirementFactory(partner=partner_a, submitted_by=user)
    client.force_login(user)

    def more():
        for index in range(19):
            RequirementFactory(partner=partner_a, specialty=SpecialtyFactory(code=f"22.02.{index + 10:02d}"))

    assert_constant_queries(client, LIST, more)


# --- Ratings ----------------------------------------------------------------------------------


def placement_at(partner, specialty, **fields):
    return RatedPlacementFactory(
        partner=partner, student=StudentFactory(group=StudyGroupFactory(specialty=specialty)), **fields
    )


def test_the_employer_rates_a_student_placed_with_it(client, employer_a, partner_a):
    specialty = SpecialtyFactory(code="15.02.16")
    drawings = CompetenceFactory(specialty=specialty, name="Чтение чертежей")
    cnc = CompetenceFactory(specialty=specialty, name="Работа на станках с ЧПУ")
    placement = placement_at(partner_a, specialty)
    client.force_login(employer_a)
    url = reverse("monitoring:rating_form", args=[placement.pk])
    page = client.get(url).content.decode()
    assert "Чтение чертежей" in page and "Работа на станках с ЧПУ" in page
    response = client.post(
        url, {f"score_{drawings.pk}": "5", f"comment_{drawings.pk}": "Читает сборочные чертежи", f"score_{cnc.pk}": ""}
    )
    assert response.status_code == 302
    assert list(CompetenceRating.objects.values_list("competence__name", "score", "comment", "rated_by")) == [
        ("Чтение чертежей", 5, "Читает сборочные чертежи", employer_a.pk)
    ]
    # The form shows the saved rating again.
    assert 'value="5" selected' in client.get(url).content.decode()
    assert StudentDataAccess.objects.filter(user=employer_a, student=placement.student).exists()


def test_a_rating_form_with_errors_keeps_what_was_typed(client, employer_a, partner_a):
    specialty = SpecialtyFactory(code="15.02.16")
    drawings = CompetenceFactory(specialty=specialty, name="Чтение чертежей")
    placement = placement_at(partner_a, specialty)
    client.force_login(employer_a)
    url = reverse("monitoring:rating_form", args=[placement.pk])
    response = client.post(url, {f"score_{drawings.pk}": "", f"comment_{drawings.pk}": "Старательный"})
    assert response.status_code == 200
    assert "Старательный" in response.content.decode()
    assert ru("Give a rating from 1 to 5 with the comment, or clear the comment.") in response.content.decode()
    response = client.post(url, {f"score_{drawings.pk}": "9"})
    assert response.status_code == 200
    assert f"score_{drawings.pk}" in response.context["form"].errors
    assert not CompetenceRating.objects.exists()


def test_another_organisations_student_or_one_not_started_is_404(client, employer_b, employer_a, partner_a):
    specialty = SpecialtyFactory(code="15.02.16")
    CompetenceFactory(specialty=specialty)
    placement = placement_at(partner_a, specialty)
    planned = placement_at(partner_a, specialty, state=PlacementState.PLANNED)
    client.force_login(employer_b)
    assert client.get(reverse("monitoring:rating_form", args=[placement.pk])).status_code == 404
    client.force_login(employer_a)
    assert client.get(reverse("monitoring:rating_form", args=[planned.pk])).status_code == 404


def test_without_competences_the_rating_page_says_so(client, employer_a, partner_a):
    placement = placement_at(partner_a, SpecialtyFactory(code="15.02.16"))
    client.force_login(employer_a)
    page = client.get(reverse("monitoring:rating_form", args=[placement.pk])).content.decode()
    assert (
        ru("The college has not listed the competences to rate for this specialty yet. Please come back later.") in page
    )


def test_the_rating_list_shows_only_the_employers_students_with_constant_queries(
    client, employer_a, partner_a, partner_b
):
    specialty = SpecialtyFactory(code="15.02.16")
    own = placement_at(partner_a, specialty)
    other = placement_at(partner_b, specialty)
    client.force_login(employer_a)
    url = reverse("monitoring:rating_list")
    response = client.get(url)
    assert [p.pk for p in response.context["page_obj"]] == [own.pk]
    assert other.student.last_name not in response.content.decode()

    def more():
        for _index in range(19):
            placement = placement_at(partner_a, specialty)
            CompetenceRatingFactory(placement=placement, competence=CompetenceFactory(specialty=specialty))

    assert_constant_queries(client, url, more)
    assert len(client.get(url, {"unrated": "on"}).context["page_obj"]) == 1


# --- Competences and the per-specialty summary (staff) --------------------------------------------


def test_staff_add_a_competence_and_a_duplicate_comes_back_with_an_error(client, staff):
    specialty = SpecialtyFactory(code="15.02.16")
    client.force_login(staff)
    url = reverse("monitoring:competence_create")
    response = client.post(url, {"specialty": specialty.pk, "name": "Чтение чертежей", "is_active": "on"})
    assert response.status_code == 302
    response = client.post(url, {"specialty": specialty.pk, "name": "Чтение чертежей", "is_active": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert specialty.rated_competences.count() == 1


def test_a_teacher_reads_competences_but_cannot_add_them(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("monitoring:competence_list")).status_code == 200
    assert client.get(reverse("monitoring:competence_create")).status_code == 403


def test_the_specialty_summary_shows_the_averages_and_the_chart_data(client, staff, partner_a):
    today = timezone.localdate()
    specialty = SpecialtyFactory(code="15.02.16")
    cnc = CompetenceFactory(specialty=specialty, name="Работа на станках с ЧПУ")
    scores = {0: [5, 4], 1: [3]}
    for years_ago, values in scores.items():
        for score in values:
            end = dt.date(today.year - years_ago, 5, 31)
            placement = RatedPlacementFactory(
                partner=partner_a,
                student=StudentFactory(group=StudyGroupFactory(specialty=specialty)),
                period__start_date=end - dt.timedelta(days=20),
                period__end_date=end,
            )
            CompetenceRatingFactory(placement=placement, competence=cnc, score=score, comment="Комментарий")
    RequirementFactory(partner=partner_a, specialty=specialty, text="Наладка станков Haas")
    client.force_login(staff)
    response = client.get(reverse("monitoring:feedback_specialty_detail", args=[specialty.pk]))
    page = response.content.decode()
    assert "Наладка станков Haas" in page
    row = response.context["table"].rows[0]
    assert row.cells[-1] == (Decimal("4.50"), 2)
    assert row.cells[-2] == (Decimal("3.00"), 1)
    assert (row.average, row.count) == (Decimal("4.00"), 3)
    data = json.loads(
        re.search(r'<script id="competence-chart-1" type="application/json">(.*?)</script>', page).group(1)
    )
    assert data["values"][-2:] == [3.0, 4.5]
    assert 'data-chart="bar"' in page and 'data-source="competence-chart-1"' in page


def test_the_specialty_summary_runs_the_same_queries_for_1_and_20_requirements(client, staff, partner_a):
    specialty = SpecialtyFactory(code="15.02.16")
    CompetenceRatingFactory(
        placement=placement_at(partner_a, specialty), competence=CompetenceFactory(specialty=specialty), comment="Ок"
    )
    RequirementFactory(partner=partner_a, specialty=specialty)
    client.force_login(staff)

    def more():
        for _index in range(19):
            RequirementFactory(partner=PartnerFactory(), specialty=specialty)
            CompetenceRatingFactory(
                placement=placement_at(partner_a, specialty),
                competence=CompetenceFactory(specialty=specialty),
                comment="Хорошо",
            )

    assert_constant_queries(client, reverse("monitoring:feedback_specialty_detail", args=[specialty.pk]), more)


def test_the_competence_list_runs_the_same_queries_for_1_and_20_rows(client, staff):
    CompetenceFactory()
    client.force_login(staff)
    assert_constant_queries(client, reverse("monitoring:competence_list"), lambda: CompetenceFactory.create_batch(19))


def test_staff_who_manage_nothing_still_read_the_summary(client, db):
    from tests.factories import StaffFactory

    reader = with_groups(StaffFactory(email="reader@college.example"))
    client.force_login(reader)
    assert client.get(reverse("monitoring:feedback_specialty_list")).status_code == 200
