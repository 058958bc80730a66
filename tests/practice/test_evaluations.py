"""The employer's evaluation sheet: draft, submission, the read-only sheet and its PDF."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice.models import DEFAULT_GENERAL_COMPETENCES, DocumentStatus, Evaluation, PlacementState, StudentDataAccess
from tests.factories import (
    ContactFactory,
    EmployerFactory,
    PlacementFactory,
    PracticePeriodFactory,
    StudentFactory,
    StudyGroupFactory,
)
from tests.helpers import ru

LOGIN = "login"
COMPETENCES = "ПК 1.1. Использовать конструкторскую документацию\nПК 1.2. Выбирать метод получения заготовок"


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


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def roles(staff, employer_a, employer_b, admin_user):
    return {"anon": None, "staff": staff, "employer_a": employer_a, "employer_b": employer_b, "admin": admin_user}


@pytest.fixture
def placement(partner_a, employer_a):
    """Студентов Пётр at organisation A, his practice under way, supervised by employer A."""
    group = StudyGroupFactory(name="ТМ-23-1")
    period = PracticePeriodFactory(group=group, start_date=days(-20), end_date=days(5), competences=COMPETENCES)
    return PlacementFactory(
        student=StudentFactory(group=group, last_name="Студентов", first_name="Пётр", middle_name="Алексеевич"),
        period=period,
        partner=partner_a,
        employer_supervisor=employer_a.contact,
        state=PlacementState.IN_PROGRESS,
    )


def sheet(**overrides):
    data = {
        "competence_0": "yes",
        "competence_1": "no",
        # The period lists no general competences: the sheet asks for ОК 01–ОК 09.
        **{f"general_{index}": "yes" for index in range(len(DEFAULT_GENERAL_COMPETENCES))},
        "general_3": "no",
        "work_done": "Токарная обработка валов на станке 16К20",
        "quality": "Работы выполнены качественно и в срок",
        "grade": "5",
        "comment": "Рекомендуем к трудоустройству",
    }
    return {**data, **overrides}


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def submitted(placement, with_pdf=True):
    evaluation = Evaluation.objects.create(
        placement=placement,
        status=DocumentStatus.SUBMITTED,
        grade=4,
        work_done="Работа",
        submitted_at=timezone.now(),
        competences=[{"name": "ПК 1.1", "mastered": True}],
    )
    if with_pdf:
        evaluation.pdf.save("evaluation.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return evaluation


def test_evaluation_form_answers_each_role_as_the_url_table_says(client, roles, placement):
    expected = {"anon": LOGIN, "staff": 404, "employer_a": 200, "employer_b": 404, "admin": 404}
    assert statuses(client, reverse("practice:evaluation_form", args=[placement.pk]), roles) == expected


def test_evaluation_pdf_answers_each_role_as_the_url_table_says(client, roles, placement):
    submitted(placement)
    expected = {"anon": LOGIN, "staff": 200, "employer_a": 200, "employer_b": 404, "admin": 200}
    assert statuses(client, reverse("practice:evaluation_pdf", args=[placement.pk]), roles) == expected


def test_acceptance_the_employer_fills_the_evaluation_and_the_pdf_sheet_is_produced(
    client, employer_a, staff, placement, django_capture_on_commit_callbacks
):
    url = reverse("practice:evaluation_form", args=[placement.pk])
    client.force_login(employer_a)
    students = client.get(reverse("practice:employer_placements")).content.decode()
    assert "Студентов Пётр Алексеевич" in students and url in students

    # A draft first: half filled, saved, and shown again as typed.
    response = client.post(url, {"competence_0": "yes", "work_done": "Токарная обработка", "draft": ""})
    assert response["Location"] == url
    draft = Evaluation.objects.get()
    assert draft.status == DocumentStatus.DRAFT
    assert draft.competences == [
        {"name": "ПК 1.1. Использовать конструкторскую документацию", "mastered": True},
        {"name": "ПК 1.2. Выбирать метод получения заготовок", "mastered": None},
    ]
    form = client.get(url).context["form"]
    assert (form["competence_0"].value(), form["work_done"].value()) == ("yes", "Токарная обработка")

    # Then the whole sheet, submitted: the PDF is rendered by the task after commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**sheet(), "submit": ""})
    assert response["Location"] == url
    evaluation = Evaluation.objects.get()
    placement.refresh_from_db()
    assert (evaluation.status, evaluation.grade, evaluation.submitted_by) == (DocumentStatus.SUBMITTED, 5, employer_a)
    assert placement.state == PlacementState.EVALUATED
    assert evaluation.pdf
    text = pdf_text(evaluation.pdf.read())
    assert "Студентов Пётр Алексеевич" in text
    assert "5 (отлично)" in text
    assert "освоена" in text and "не освоена" in text
    assert evaluation.general_competences[3] == {"name": DEFAULT_GENERAL_COMPETENCES[3], "mastered": False}
    assert "Сформированность общих компетенций" in text and "ОК 04. Эффективно взаимодействовать" in text
    assert "Токарная обработка валов на станке 16К20" in text

    # The sheet is now read-only, with the PDF to download (logged).
    page = client.get(url).content.decode()
    assert reverse("practice:evaluation_pdf", args=[placement.pk]) in page
    assert "<textarea" not in page
    download = client.get(reverse("practice:evaluation_pdf", args=[placement.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert (
        StudentDataAccess.objects.filter(
            user=employer_a, student=placement.student, action=StudentDataAccess.Action.DOWNLOAD
        ).count()
        == 1
    )

    # Staff see the period complete, with the sheet.
    client.force_login(staff)
    period_page = client.get(reverse("practice:period_detail", args=[placement.period_id]))
    assert (period_page.context["period"].evaluated_count, period_page.context["period"].placement_count) == (1, 1)
    assert reverse("practice:evaluation_pdf", args=[placement.pk]) in period_page.content.decode()


def test_an_incomplete_sheet_is_not_submitted_and_the_input_is_kept(client, employer_a, placement):
    client.force_login(employer_a)
    response = client.post(
        reverse("practice:evaluation_form", args=[placement.pk]), {**sheet(grade="", competence_1=""), "submit": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    expected = ru("mark every competence as mastered or not") + "; " + ru("give a grade")
    assert ru("To submit the sheet: %(what)s.", what=expected) in html
    assert "Токарная обработка валов на станке 16К20" in html
    assert "Рекомендуем к трудоустройству" in html
    assert not Evaluation.objects.exists()
    placement.refresh_from_db()
    assert placement.state == PlacementState.IN_PROGRESS


def test_the_form_asks_for_each_general_competence_and_submitting_needs_them_all(client, employer_a, placement):
    client.force_login(employer_a)
    url = reverse("practice:evaluation_form", args=[placement.pk])
    form = client.get(url).context["form"]
    assert [field.label for field in form.general_competence_fields()] == list(DEFAULT_GENERAL_COMPETENCES)
    response = client.post(url, {**sheet(general_8=""), "submit": ""})
    expected = ru("mark every competence as mastered or not")
    assert ru("To submit the sheet: %(what)s.", what=expected) in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_period_s_own_general_competences_replace_the_standard_list(client, employer_a, placement):
    period = placement.period
    period.general_competences = "ОК 01. Выбирать способы решения задач\nОК 02. Использовать средства поиска"
    period.save()
    client.force_login(employer_a)
    url = reverse("practice:evaluation_form", args=[placement.pk])
    form = client.get(url).context["form"]
    assert [field.label for field in form.general_competence_fields()] == [
        "ОК 01. Выбирать способы решения задач",
        "ОК 02. Использовать средства поиска",
    ]
    client.post(url, {**sheet(), "general_1": "no", "draft": ""})
    assert Evaluation.objects.get().general_competences == [
        {"name": "ОК 01. Выбирать способы решения задач", "mastered": True},
        {"name": "ОК 02. Использовать средства поиска", "mastered": False},
    ]


def test_a_bad_grade_is_an_error_not_a_500(client, employer_a, placement):
    client.force_login(employer_a)
    response = client.post(reverse("practice:evaluation_form", args=[placement.pk]), {**sheet(grade="7"), "draft": ""})
    assert response.status_code == 200
    assert "grade" in response.context["form"].errors
    assert not Evaluation.objects.exists()


def test_a_submitted_sheet_cannot_change_and_says_the_pdf_is_being_prepared(client, employer_a, placement):
    evaluation = submitted(placement, with_pdf=False)
    url = reverse("practice:evaluation_form", args=[placement.pk])
    client.force_login(employer_a)
    response = client.post(url, {**sheet(grade="2"), "submit": ""})
    assert response["Location"] == url
    evaluation.refresh_from_db()
    assert evaluation.grade == 4
    page = client.get(url)
    assert page.context["form"] is None
    assert ru("The PDF is being prepared: reload the page in a minute.") in page.content.decode()
    assert client.get(reverse("practice:evaluation_pdf", args=[placement.pk])).status_code == 404


def test_the_pdf_of_a_draft_sheet_is_not_served(staff_client, placement):
    Evaluation.objects.create(placement=placement, grade=4, pdf="practice/evaluation/old.pdf")
    assert staff_client.get(reverse("practice:evaluation_pdf", args=[placement.pk])).status_code == 404


def test_an_employer_without_the_supervisor_role_sees_the_sheet_but_cannot_fill_it(client, partner_a, placement):
    hr_only = EmployerFactory(partner=partner_a)
    ContactFactory(partner=partner_a, user=hr_only, is_hr=True)
    client.force_login(hr_only)
    url = reverse("practice:evaluation_form", args=[placement.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    client.post(url, {**sheet(), "submit": ""})
    assert not Evaluation.objects.exists()


def test_a_planned_placement_cannot_be_evaluated_yet(client, employer_a, placement):
    placement.state = PlacementState.PLANNED
    placement.save()
    client.force_login(employer_a)
    page = client.get(reverse("practice:evaluation_form", args=[placement.pk]))
    assert page.context["form"] is None
    assert ru("The sheet can be filled once the college confirms the placement.") in page.content.decode()


def test_opening_the_sheet_is_logged(client, employer_a, placement):
    client.force_login(employer_a)
    client.get(reverse("practice:evaluation_form", args=[placement.pk]))
    log = StudentDataAccess.objects.get()
    assert (log.user, log.student, log.action) == (employer_a, placement.student, StudentDataAccess.Action.VIEW)
