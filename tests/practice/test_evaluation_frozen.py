"""A submitted evaluation sheet is frozen: editing the placement, the student, the organisation
or the supervisor afterwards changes nothing in its PDF, even when the PDF is made again."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partners.models import Contact, Partner
from practice.models import Placement, PlacementState, PracticePeriod, Student
from practice.services.evaluations import evaluation_save
from tests.factories import ContactFactory, PlacementFactory, PracticePeriodFactory, StudentFactory, StudyGroupFactory

COMPETENCES = "ПК 1.1. Использовать конструкторскую документацию\nПК 1.2. Выбирать метод получения заготовок"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def downloaded(client, placement):
    response = client.get(reverse("practice:evaluation_pdf", args=[placement.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_editing_the_placement_after_submission_changes_nothing_in_the_sheet(
    staff_client, partner_a, employer_a, django_capture_on_commit_callbacks
):
    group = StudyGroupFactory(name="ТМ-23-1")
    period = PracticePeriodFactory(
        group=group, start_date=days(-20), end_date=days(5), competences=COMPETENCES, module="ПМ.01 Разработка"
    )
    placement = PlacementFactory(
        student=StudentFactory(group=group, last_name="Студентов", first_name="Пётр", middle_name="Алексеевич"),
        period=period,
        partner=partner_a,
        employer_supervisor=employer_a.contact,
        start_date=days(-20),
        end_date=days(5),
        state=PlacementState.IN_PROGRESS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = evaluation_save(
            placement=placement,
            by=employer_a,
            competences=dict.fromkeys(period.competence_list, True),
            general_competences=dict.fromkeys(period.general_competence_list, True),
            work_done="Токарная обработка валов на станке 16К20",
            quality="Работы выполнены качественно и в срок",
            grade=5,
            submit=True,
        )
    first = downloaded(staff_client, placement)
    before = pdf_text(first)
    assert "Студентов Пётр" in before and "Уралмашзавод" in before and "Орлова" in before

    # Everything the sheet prints changes afterwards (an administrator may edit any of it).
    Student.objects.filter(pk=placement.student_id).update(last_name="Переименованный", first_name="Павел")
    Partner.objects.filter(pk=partner_a.pk).update(name="ООО «Новое имя»", legal_address="Новый адрес")
    Contact.objects.filter(pk=employer_a.contact.pk).update(last_name="Другаяфамилия")
    other = ContactFactory(partner=partner_a, last_name="Заменяющий", is_practice_supervisor=True)
    Placement.objects.filter(pk=placement.pk).update(employer_supervisor=other, start_date=days(-10), end_date=days(1))
    PracticePeriod.objects.filter(pk=period.pk).update(module="ПМ.99 Другой модуль", hours=999)

    # The PDF as stored, and the PDF made again from scratch, print what was submitted.
    assert downloaded(staff_client, placement) == first
    evaluation.refresh_from_db()
    evaluation.pdf.delete(save=True)
    again = pdf_text(downloaded(staff_client, placement))
    assert again == before
    for changed in ("Переименованный", "Новое имя", "Новый адрес", "Другаяфамилия", "Заменяющий", "ПМ.99", "999"):
        assert changed not in again
