"""The reviewer's review of a thesis: who may write it, draft then submit, the frozen PDF."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice import documents
from practice.models import DocumentStatus, Review, StudentDataAccess
from tests.conftest import PASSWORD
from tests.factories import StudentFactory, ThesisFactory
from tests.helpers import ru

SECTIONS = {
    "relevance": "Тема актуальна для машиностроительных предприятий Урала.",
    "assignment_compliance": "Работа соответствует заданию.",
    "structure": "Структура логична, разделы завершены.",
    "sources": "Использованы ГОСТ и справочники технолога.",
    "originality": "Предложена оригинальная схема базирования.",
    "economic_justification": "Экономический эффект рассчитан верно.",
    "formatting": "Оформление соответствует ЕСКД.",
    "practical_value": "Техпроцесс может быть внедрён в цехе № 3.",
    "shortcomings": "Не рассмотрена автоматизация контроля.",
}
# What the reviewer states besides the sections: printed in the review.
STATED = {
    "reviewer_qualification": "высшее, инженер-технолог; стаж работы по специальности 15 лет",
    "note_pages": 62,
    "drawing_sheets": 4,
}


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def thesis(employer_a):
    """A thesis of Смирнов Иван Андреевич with its file, reviewed by employer A's contact."""
    day = timezone.localdate()
    thesis = ThesisFactory(
        student=StudentFactory(last_name="Смирнов", first_name="Иван", middle_name="Андреевич"),
        reviewer=employer_a.contact,
        review_due=day + timedelta(days=7),
        defence_date=day + timedelta(days=14),
    )
    thesis.file.save("thesis.pdf", SimpleUploadedFile("thesis.pdf", b"%PDF-1.7\n%%EOF\n"), save=True)
    return thesis


def url(thesis, name="review_form"):
    return reverse(f"practice:{name}", args=[thesis.pk])


# --- Who may open the form --------------------------------------------------------------------


def test_only_the_assigned_reviewer_opens_the_review_form(client, thesis, staff, admin_user, employer_b, employer_a):
    assert client.get(url(thesis))["Location"].startswith(reverse("accounts:login"))
    for user, status in ((staff, 404), (admin_user, 404), (employer_b, 404), (employer_a, 200)):
        client.force_login(user)
        assert client.get(url(thesis)).status_code == status, user


def test_a_reviewer_who_lost_the_reviewer_role_cannot_write(employer_a_client, employer_a, thesis):
    employer_a.contact.is_thesis_reviewer = False
    employer_a.contact.save()
    assert employer_a_client.get(url(thesis)).status_code == 404


def test_the_form_shows_the_sections_and_only_name_group_and_specialty_of_the_student(
    employer_a_client, employer_a, thesis
):
    response = employer_a_client.get(url(thesis))
    html = response.content.decode()
    for name in Review.SECTIONS:
        assert f'name="{name}"' in html
    assert 'name="grade"' in html and 'name="recommended_for_production"' in html
    for name in STATED:
        assert f'name="{name}"' in html
    student = thesis.student
    assert student.full_name in html and student.group.name in html and student.group.specialty.name in html
    assert student.email not in html
    assert reverse("practice:thesis_file", args=[thesis.pk]) in html
    assert StudentDataAccess.objects.filter(user=employer_a, student=student, action="view").exists()


# --- Writing, saving a draft, submitting -------------------------------------------------------


def test_the_reviewer_logs_in_saves_a_draft_submits_and_the_pdf_has_the_name_and_the_grade(
    client, employer_a, thesis, django_capture_on_commit_callbacks
):
    employer_a_client = client
    response = client.post(reverse("accounts:login"), {"username": employer_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert list(client.get(reverse("practice:thesis_list")).context["page_obj"]) == [thesis]

    draft = {"relevance": SECTIONS["relevance"], "grade": "", "action": "draft"}
    response = employer_a_client.post(url(thesis), draft)
    assert response["Location"] == url(thesis)
    review = Review.objects.get(thesis=thesis)
    assert (review.status, review.relevance, review.grade) == (DocumentStatus.DRAFT, SECTIONS["relevance"], None)
    # The draft comes back in the form.
    assert SECTIONS["relevance"] in employer_a_client.get(url(thesis)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = employer_a_client.post(
            url(thesis), {**SECTIONS, **STATED, "grade": "4", "recommended_for_production": "on", "action": "submit"}
        )
    assert response["Location"] == url(thesis)
    review.refresh_from_db()
    assert (review.status, review.grade, review.recommended_for_production) == (DocumentStatus.SUBMITTED, 4, True)
    assert review.snapshot["student"] == "Смирнов Иван Андреевич"

    pdf = employer_a_client.get(url(thesis, "review_pdf"))
    assert pdf["Content-Disposition"].startswith("attachment;")
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "Смирнов Иван Андреевич" in text
    assert "«хорошо» (4)" in text
    assert "рекомендуются" in text
    flat = " ".join(text.split())  # table cells wrap where the page wants
    assert STATED["reviewer_qualification"] in flat
    assert "пояснительная записка — 62 страницы, графическая часть — 4 листа" in flat


def test_staff_see_the_submitted_review_and_its_pdf(
    staff_client, employer_a, thesis, django_capture_on_commit_callbacks
):
    from practice.services.reviews import review_save

    with django_capture_on_commit_callbacks(execute=True):
        review_save(thesis=thesis, by=employer_a, submit=True, grade=5, **SECTIONS, **STATED)
    html = staff_client.get(reverse("practice:thesis_detail", args=[thesis.pk])).content.decode()
    assert url(thesis, "review_pdf") in html
    assert ru("5 (excellent)") in html
    assert staff_client.get(url(thesis, "review_pdf")).status_code == 200


def test_submitting_an_incomplete_review_shows_what_is_missing_and_keeps_the_text(employer_a_client, thesis):
    typed = {"relevance": SECTIONS["relevance"], "shortcomings": SECTIONS["shortcomings"], "action": "submit"}
    response = employer_a_client.post(url(thesis), typed)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["structure"] == [ru("Fill in this section before submitting.")]
    assert errors["grade"] == [ru("Give a grade before submitting.")]
    assert errors["reviewer_qualification"] == [ru("State your qualification before submitting.")]
    assert errors["note_pages"] == [ru("Give the number of pages before submitting.")]
    assert errors["drawing_sheets"] == [ru("Give the number of sheets (0 if there are none) before submitting.")]
    assert "relevance" not in errors
    html = response.content.decode()
    assert SECTIONS["relevance"] in html and SECTIONS["shortcomings"] in html
    assert not Review.objects.exists()


def test_a_work_without_drawings_is_submitted_with_zero_sheets(employer_a_client, thesis):
    response = employer_a_client.post(
        url(thesis), {**SECTIONS, **STATED, "drawing_sheets": "0", "grade": "5", "action": "submit"}
    )
    assert response["Location"] == url(thesis)
    review = Review.objects.get(thesis=thesis)
    assert (review.status, review.note_pages, review.drawing_sheets) == (DocumentStatus.SUBMITTED, 62, 0)


def test_a_negative_number_of_pages_is_an_error_on_the_form(employer_a_client, thesis):
    response = employer_a_client.post(
        url(thesis), {**SECTIONS, **STATED, "note_pages": "-3", "grade": "5", "action": "draft"}
    )
    assert response.status_code == 200
    assert "note_pages" in response.context["form"].errors
    assert not Review.objects.exists()


def test_the_reviewer_s_next_review_starts_from_the_qualification_they_stated_last(
    employer_a_client, employer_a, thesis, django_capture_on_commit_callbacks
):
    from practice.services.reviews import review_save

    with django_capture_on_commit_callbacks(execute=True):
        review_save(thesis=thesis, by=employer_a, submit=True, grade=5, **SECTIONS, **STATED)
    day = timezone.localdate()
    second = ThesisFactory(reviewer=employer_a.contact, review_due=day + timedelta(days=3))
    form = employer_a_client.get(url(second)).context["form"]
    assert form["reviewer_qualification"].value() == STATED["reviewer_qualification"]
    assert form["note_pages"].value() is None


def test_a_bad_grade_is_an_error_on_the_form_not_a_500(employer_a_client, thesis):
    response = employer_a_client.post(url(thesis), {**SECTIONS, "grade": "7", "action": "submit"})
    assert response.status_code == 200
    assert "grade" in response.context["form"].errors
    assert SECTIONS["practical_value"] in response.content.decode()


def test_a_submitted_review_is_read_only(employer_a_client, employer_a, thesis, django_capture_on_commit_callbacks):
    from practice.services.reviews import review_save

    with django_capture_on_commit_callbacks(execute=True):
        review_save(thesis=thesis, by=employer_a, submit=True, grade=5, **SECTIONS, **STATED)
    response = employer_a_client.get(url(thesis))
    html = response.content.decode()
    assert "form" not in response.context
    assert 'name="relevance"' not in html and SECTIONS["relevance"] in html
    assert url(thesis, "review_pdf") in html

    employer_a_client.post(url(thesis), {**SECTIONS, "relevance": "Переписано", "grade": "2", "action": "submit"})
    review = Review.objects.get(thesis=thesis)
    assert (review.relevance, review.grade) == (SECTIONS["relevance"], 5)


def test_the_review_pdf_is_404_until_the_review_is_submitted_and_rendered(employer_a_client, employer_a, thesis):
    assert employer_a_client.get(url(thesis, "review_pdf")).status_code == 404
    Review.objects.create(thesis=thesis, reviewer=employer_a.contact, relevance="Черновик")
    assert employer_a_client.get(url(thesis, "review_pdf")).status_code == 404
    Review.objects.filter(thesis=thesis).update(status=DocumentStatus.SUBMITTED, grade=5)
    # Submitted, but the PDF is not rendered yet.
    assert employer_a_client.get(url(thesis, "review_pdf")).status_code == 404


def test_the_submitted_review_is_frozen_when_the_student_is_renamed_later(
    employer_a, thesis, django_capture_on_commit_callbacks
):
    from practice.services.reviews import review_save

    with django_capture_on_commit_callbacks(execute=True):
        review = review_save(thesis=thesis, by=employer_a, submit=True, grade=3, **SECTIONS, **STATED)
    student = thesis.student
    student.last_name = "Петров"
    student.save()

    review.refresh_from_db()
    text = pdf_text(documents.render_review_pdf(review))
    assert "Смирнов Иван Андреевич" in text and "Петров" not in text
    assert "«удовлетворительно» (3)" in text
