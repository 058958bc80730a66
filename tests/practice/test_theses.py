"""Theses: registering them with their PDF, assigning employer reviewers, who sees which thesis,
the staff register with review states, and reminders to reviewers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practice.forms_theses import ThesisForm
from practice.models import DocumentStatus, Review, StudentDataAccess, Thesis
from practice.services import theses as services
from practice.services.reviews import review_save
from tests.conftest import employer_with_contact
from tests.factories import ContactFactory, StudentFactory, StudyGroupFactory, ThesisFactory
from tests.helpers import assert_constant_queries, ru

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TOPIC = "Проектирование участка механической обработки корпуса насоса"


def pdf_file(name="diploma.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def not_a_pdf_message(name):
    return ru(
        "«%(name)s» is not a real %(kinds)s file (its content was checked, not just its name).", name=name, kinds="PDF"
    )


def today():
    return timezone.localdate()


def reviewed_by(contact, **fields):
    """A thesis with a file, reviewed by ``contact``, due in a week, defended in two."""
    thesis = ThesisFactory(
        reviewer=contact,
        review_due=fields.pop("review_due", today() + timedelta(days=7)),
        defence_date=fields.pop("defence_date", today() + timedelta(days=14)),
        **fields,
    )
    thesis.file.save("thesis.pdf", SimpleUploadedFile("thesis.pdf", PDF), save=True)
    return thesis


def thesis_post(student, **overrides):
    data = {
        "student": student.pk,
        "topic": TOPIC,
        "defence_date": (today() + timedelta(days=20)).isoformat(),
    }
    return {**data, **overrides}


# --- Registering a thesis and assigning a reviewer ------------------------------------------


def test_staff_assign_a_thesis_to_a_reviewer_who_is_emailed_after_commit(
    staff_client, employer_a, mailoutbox, django_capture_on_commit_callbacks
):
    student = StudentFactory(last_name="Смирнов")
    due = today() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("practice:thesis_create"),
            {
                **thesis_post(student),
                "reviewer": employer_a.contact.pk,
                "review_due": due.isoformat(),
                "file": pdf_file(),
            },
        )
        assert mailoutbox == []
    thesis = Thesis.objects.get()
    assert response["Location"] == reverse("practice:thesis_detail", args=[thesis.pk])
    assert (thesis.student, thesis.topic, thesis.reviewer, thesis.review_due) == (
        student,
        TOPIC,
        employer_a.contact,
        due,
    )
    assert thesis.file.read() == PDF
    [message] = mailoutbox
    assert message.to == [employer_a.email]
    assert message.subject == ru("A thesis waits for your review")
    link = f"http://127.0.0.1:8000{reverse('practice:review_form', args=[thesis.pk])}"
    assert link in message.body and TOPIC in message.body
    assert link in message.alternatives[0][0]


def test_the_reviewer_choice_lists_only_reviewers_with_an_account_labelled_with_initials_and_organisation(
    employer_a, employer_b, partner_b
):
    ContactFactory(partner=partner_b, is_thesis_reviewer=True, last_name="Безаккаунтов")  # no portal account
    form = ThesisForm()
    choices = [label for value, label in form.fields["reviewer"].choices if value]
    assert choices == ["Орлова М. И. — АО «Уралмашзавод»"]


def test_a_non_pdf_renamed_pdf_is_refused_and_nothing_else_typed_is_lost(staff_client, employer_a):
    group = StudyGroupFactory(name="ТМ-22-1")
    student = StudentFactory(group=group, last_name="Смирнов")
    defence, due = today() + timedelta(days=20), today() + timedelta(days=12)
    fake = SimpleUploadedFile("diploma.pdf", b"PK\x03\x04 this is a word document", content_type="application/pdf")
    response = staff_client.post(
        reverse("practice:thesis_create"),
        {
            **thesis_post(student, defence_date=defence.isoformat()),
            "reviewer": employer_a.contact.pk,
            "review_due": due.isoformat(),
            "file": fake,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [not_a_pdf_message("diploma.pdf")]
    assert not_a_pdf_message("diploma.pdf") in html
    assert TOPIC in html
    # The student is an autocomplete: the chosen one is kept as its id and shown by name.
    assert f'name="student" value="{student.pk}"' in html and f'value="{student.full_name} · ТМ-22-1"' in html
    assert f'<option value="{employer_a.contact.pk}" selected>' in html
    assert f'value="{defence.isoformat()}"' in html and f'value="{due.isoformat()}"' in html
    assert not Thesis.objects.exists()


def test_a_valid_file_with_another_error_asks_to_choose_the_file_again(staff_client):
    student = StudentFactory()
    response = staff_client.post(reverse("practice:thesis_create"), thesis_post(student, topic="", file=pdf_file()))
    assert response.status_code == 200
    assert response.context["file_to_choose_again"] is True
    assert ru("The form has errors, so the chosen file was not saved: choose it again before saving.") in (
        response.content.decode()
    )


def test_a_30_mb_pdf_is_accepted(staff_client, settings):
    # Larger than the in-memory upload limit: Django streams it to a temporary file.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < services.THESIS_MAX_BYTES
    content = PDF + b"0" * (services.THESIS_MAX_BYTES - len(PDF))
    response = staff_client.post(
        reverse("practice:thesis_create"), thesis_post(StudentFactory(), file=pdf_file(content=content))
    )
    assert response.status_code == 302
    assert Thesis.objects.get().file.size == 30 * 1024 * 1024


def test_a_pdf_over_30_mb_is_refused(employer_a):
    content = PDF + b"0" * (services.THESIS_MAX_BYTES + 1 - len(PDF))
    form = ThesisForm(data=thesis_post(StudentFactory()), files={"file": pdf_file(content=content)})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["file"]] == ["too_large"]


def test_the_review_is_due_before_the_defence_and_the_form_keeps_the_input(staff_client, employer_a):
    student = StudentFactory()
    day = today() + timedelta(days=10)
    response = staff_client.post(
        reverse("practice:thesis_create"),
        {
            **thesis_post(student, defence_date=day.isoformat()),
            "reviewer": employer_a.contact.pk,
            "review_due": day.isoformat(),
        },
    )
    assert response.context["form"].errors["review_due"] == [
        ru("The review is due before the defence: the student must see it at least a day before.")
    ]
    assert TOPIC in response.content.decode()
    assert not Thesis.objects.exists()


def test_a_reviewer_needs_a_due_date(staff_client, employer_a):
    response = staff_client.post(
        reverse("practice:thesis_create"), {**thesis_post(StudentFactory()), "reviewer": employer_a.contact.pk}
    )
    assert response.context["form"].errors["review_due"] == [ru("Give the reviewer a due date.")]


def test_only_a_thesis_reviewer_with_an_active_account_can_be_assigned(staff, employer_b):
    thesis = ThesisFactory(defence_date=today() + timedelta(days=20))
    with pytest.raises(ValidationError) as error:
        services.thesis_assign_reviewer(
            thesis=thesis, reviewer=employer_b.contact, review_due=today() + timedelta(days=5), assigned_by=staff
        )
    assert list(error.value.message_dict) == ["reviewer"]
    thesis.refresh_from_db()
    assert thesis.reviewer is None


def test_a_new_reviewer_replaces_the_old_ones_draft_and_is_emailed(
    staff, employer_a, partner_b, mailoutbox, django_capture_on_commit_callbacks
):
    thesis = reviewed_by(employer_a.contact, reminder_sent_on=today())
    Review.objects.create(thesis=thesis, reviewer=employer_a.contact, relevance="Черновик Орловой")
    other = employer_with_contact(partner_b, "reviewer@sibenergo.example", is_thesis_reviewer=True)
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.thesis_update(thesis=thesis, updated_by=staff, reviewer=other.contact)
    assert updated.reviewer == other.contact
    assert updated.reminder_sent_on is None
    assert not Review.objects.filter(thesis=thesis).exists()
    assert [message.to for message in mailoutbox] == [["reviewer@sibenergo.example"]]


def test_the_reviewer_cannot_change_once_the_review_is_submitted(staff, employer_a, partner_b):
    thesis = reviewed_by(employer_a.contact)
    Review.objects.create(thesis=thesis, reviewer=employer_a.contact, status=DocumentStatus.SUBMITTED, grade=5)
    other = employer_with_contact(partner_b, "reviewer@sibenergo.example", is_thesis_reviewer=True)
    with pytest.raises(ValidationError) as error:
        services.thesis_assign_reviewer(
            thesis=thesis, reviewer=other.contact, review_due=thesis.review_due, assigned_by=staff
        )
    assert error.value.message_dict == {
        "reviewer": [ru("The review is submitted: its reviewer can no longer be changed.")]
    }
    thesis.refresh_from_db()
    assert thesis.reviewer == employer_a.contact


def test_the_edit_form_freezes_the_reviewer_of_a_submitted_review(staff_client, employer_a, partner_b):
    thesis = reviewed_by(employer_a.contact)
    Review.objects.create(thesis=thesis, reviewer=employer_a.contact, status=DocumentStatus.SUBMITTED, grade=5)
    other = employer_with_contact(partner_b, "reviewer@sibenergo.example", is_thesis_reviewer=True)
    response = staff_client.post(
        reverse("practice:thesis_edit", args=[thesis.pk]),
        {
            **thesis_post(thesis.student, topic="Уточнённая тема", defence_date=thesis.defence_date.isoformat()),
            "reviewer": other.contact.pk,
            "review_due": thesis.review_due.isoformat(),
        },
    )
    assert response.status_code == 302
    thesis.refresh_from_db()
    assert (thesis.topic, thesis.reviewer) == ("Уточнённая тема", employer_a.contact)


def test_a_mail_failure_is_logged_and_the_assignment_stays(
    staff, employer_a, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr(services, "send_templated_email", broken)
    thesis = ThesisFactory(defence_date=today() + timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        services.thesis_assign_reviewer(
            thesis=thesis, reviewer=employer_a.contact, review_due=today() + timedelta(days=5), assigned_by=staff
        )
    thesis.refresh_from_db()
    assert thesis.reviewer == employer_a.contact
    assert "Could not send practice/emails/review_assigned" in caplog.text


def test_uploading_a_new_file_replaces_the_old_one(staff, django_capture_on_commit_callbacks):
    thesis = services.thesis_create(student=StudentFactory(), topic=TOPIC, created_by=staff, file=pdf_file())
    old_name = thesis.file.name
    storage = thesis.file.storage
    new_content = PDF + b"% version 2\n"
    with django_capture_on_commit_callbacks(execute=True):
        thesis = services.thesis_upload_file(thesis=thesis, file=pdf_file(content=new_content), uploaded_by=staff)
    thesis.refresh_from_db()
    assert thesis.file.read() == new_content
    assert thesis.file.name != old_name and not storage.exists(old_name)


def test_the_upload_service_refuses_a_non_pdf_on_the_file_field(staff):
    thesis = ThesisFactory()
    with pytest.raises(ValidationError) as error:
        services.thesis_upload_file(thesis=thesis, file=pdf_file(content=b"just text"), uploaded_by=staff)
    assert error.value.message_dict == {"file": [not_a_pdf_message("diploma.pdf")]}


def test_a_teacher_without_the_coordinator_role_cannot_manage_theses(client, teacher):
    thesis = ThesisFactory()
    client.force_login(teacher)
    assert client.get(reverse("practice:thesis_list")).status_code == 200
    assert client.get(reverse("practice:thesis_create")).status_code == 403
    assert client.post(reverse("practice:thesis_edit", args=[thesis.pk]), {}).status_code == 403


# --- Who sees which thesis ------------------------------------------------------------------


@pytest.fixture
def thesis_a(employer_a):
    return reviewed_by(employer_a.contact)


LOGIN = "login"
OWN = (LOGIN, 200, 200, 404, 200)
STAFF = (LOGIN, 200, 404, 404, 200)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("thesis_list", (LOGIN, 200, 200, 200, 200)),
        ("thesis_create", STAFF),
        ("thesis_edit", STAFF),
        ("thesis_detail", OWN),
        ("thesis_file", OWN),
        ("review_form", (LOGIN, 404, 200, 404, 404)),
        ("review_pdf", OWN),
    ],
)
def test_each_role_gets_the_status_of_the_url_table(
    client, staff, employer_a, employer_b, admin_user, thesis_a, name, expected
):
    """The rows of tests/url_table.py for these URLs, on a thesis of A with a file and a rendered review."""
    review = Review.objects.create(thesis=thesis_a, reviewer=employer_a.contact, status="submitted", grade=5)
    review.pdf.save("review.pdf", SimpleUploadedFile("review.pdf", PDF))
    args = [] if name in ("thesis_list", "thesis_create") else [thesis_a.pk]
    target = reverse(f"practice:{name}", args=args)
    statuses = []
    for user in (None, staff, employer_a, employer_b, admin_user):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(target)
        login = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        statuses.append(LOGIN if login else response.status_code)
    assert tuple(statuses) == expected


@pytest.mark.parametrize("name", ["thesis_detail", "thesis_file", "review_form", "review_pdf", "thesis_edit"])
def test_an_employer_never_sees_a_thesis_not_assigned_to_them(client, employer_b, thesis_a, name):
    Review.objects.create(thesis=thesis_a, reviewer=thesis_a.reviewer, status=DocumentStatus.SUBMITTED, grade=4)
    thesis_a.review.pdf.save("review.pdf", SimpleUploadedFile("review.pdf", PDF))
    client.force_login(employer_b)
    assert client.get(reverse(f"practice:{name}", args=[thesis_a.pk])).status_code == 404
    # Guessing the next ids gives the same answer as a thesis that does not exist.
    assert client.get(reverse(f"practice:{name}", args=[thesis_a.pk + 1000])).status_code == 404


def test_a_colleague_of_the_reviewer_does_not_see_the_thesis(client, partner_a, thesis_a):
    colleague = employer_with_contact(partner_a, "colleague@uralmash.example", is_hr=True, is_thesis_reviewer=True)
    client.force_login(colleague)
    assert client.get(reverse("practice:thesis_detail", args=[thesis_a.pk])).status_code == 404
    assert client.get(reverse("practice:thesis_file", args=[thesis_a.pk])).status_code == 404
    assert list(client.get(reverse("practice:thesis_list")).context["page_obj"]) == []


def test_the_reviewers_list_holds_only_their_theses(employer_a_client, employer_a, thesis_a):
    ThesisFactory(topic="Чужая тема", reviewer=ContactFactory(is_thesis_reviewer=True), review_due=today())
    ThesisFactory(topic="Без рецензента")
    response = employer_a_client.get(reverse("practice:thesis_list"))
    html = response.content.decode()
    assert list(response.context["page_obj"]) == [thesis_a]
    assert thesis_a.topic in html and thesis_a.review_due.strftime("%d.%m.%Y") in html
    assert "Чужая тема" not in html and "Без рецензента" not in html
    assert StudentDataAccess.objects.filter(user=employer_a, student=thesis_a.student, action="view").count() == 1


def test_the_reviewer_sees_only_name_group_and_specialty_and_the_view_is_logged(
    employer_a_client, employer_a, thesis_a
):
    student = thesis_a.student
    student.phone = "+7 900 111-22-33"
    student.save()
    html = employer_a_client.get(reverse("practice:thesis_detail", args=[thesis_a.pk])).content.decode()
    assert student.full_name in html and student.group.name in html and student.group.specialty.code in html
    assert student.email not in html and "+7 900 111-22-33" not in html and "17.05.2006" not in html
    assert reverse("practice:student_detail", args=[student.pk]) not in html
    access = StudentDataAccess.objects.get(user=employer_a)
    assert (access.student, access.action) == (student, StudentDataAccess.Action.VIEW)


def test_the_file_is_streamed_as_an_attachment_and_the_download_is_logged(employer_a_client, employer_a, thesis_a):
    response = employer_a_client.get(reverse("practice:thesis_file", args=[thesis_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    assert StudentDataAccess.objects.filter(user=employer_a, action="download").count() == 1


def test_the_file_url_is_404_when_there_is_no_file(staff_client):
    thesis = ThesisFactory()
    assert staff_client.get(reverse("practice:thesis_file", args=[thesis.pk])).status_code == 404


def test_the_review_pdf_download_is_logged_for_the_employer_only(
    client, staff, employer_a, thesis_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_save(
            thesis=thesis_a, by=employer_a, submit=True, grade=5, reviewer_qualification="инженер-технолог",
            note_pages=60, drawing_sheets=2, **dict.fromkeys(Review.SECTIONS, "Замечаний нет."),
        )  # fmt: skip
    url = reverse("practice:review_pdf", args=[thesis_a.pk])
    client.force_login(staff)
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF-")
    assert not StudentDataAccess.objects.exists()

    client.force_login(employer_a)
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF-")
    detail = ru("Review of the thesis «%(topic)s»", topic=thesis_a.topic)
    assert list(StudentDataAccess.objects.values_list("user", "student", "action", "detail")) == [
        (employer_a.pk, thesis_a.student_id, StudentDataAccess.Action.DOWNLOAD, detail)
    ]


def test_staff_downloads_are_not_logged_as_employer_access(staff_client, thesis_a):
    assert staff_client.get(reverse("practice:thesis_file", args=[thesis_a.pk])).status_code == 200
    assert not StudentDataAccess.objects.exists()


# --- The staff register -----------------------------------------------------------------------


def test_staff_see_the_review_state_of_every_thesis(staff_client, employer_a):
    ThesisFactory(student=StudentFactory(last_name="Безрецензентов"))
    reviewed_by(employer_a.contact, student=StudentFactory(last_name="Назначенов"), review_due=today() + timedelta(1))
    draft = reviewed_by(employer_a.contact, student=StudentFactory(last_name="Черновиков"))
    Review.objects.create(thesis=draft, reviewer=employer_a.contact)
    reviewed_by(employer_a.contact, student=StudentFactory(last_name="Просрочкин"), review_due=today() - timedelta(1))
    done = reviewed_by(employer_a.contact, student=StudentFactory(last_name="Сдавшин"))
    Review.objects.create(thesis=done, reviewer=employer_a.contact, status=DocumentStatus.SUBMITTED, grade=5)

    response = staff_client.get(reverse("practice:thesis_list"))
    states = {thesis.student.last_name: thesis.review_state for thesis in response.context["page_obj"]}
    assert states == {
        "Безрецензентов": "none",
        "Назначенов": "assigned",
        "Черновиков": "draft",
        "Просрочкин": "overdue",
        "Сдавшин": "submitted",
    }
    html = response.content.decode()
    assert ru("grade %(grade)s", grade=ru("5 (excellent)")) in html
    assert ru("due %(date)s", date=(today() + timedelta(1)).strftime("%d.%m")) in html

    for state, expected in states.items():
        filtered = staff_client.get(reverse("practice:thesis_list"), {"state": expected})
        assert [thesis.student.last_name for thesis in filtered.context["page_obj"]] == [state]


def test_staff_filter_theses_by_group_and_search_by_student_or_topic(staff_client):
    group = StudyGroupFactory(name="ТМ-22-1")
    mine = ThesisFactory(student=StudentFactory(group=group, last_name="Смирнов"), topic="Вал редуктора")
    other = ThesisFactory(student=StudentFactory(last_name="Кузнецов"), topic="Корпус насоса")
    url = reverse("practice:thesis_list")
    assert list(staff_client.get(url, {"group": group.pk}).context["page_obj"]) == [mine]
    assert list(staff_client.get(url, {"q": "смирнов алексей"}).context["page_obj"]) == [mine]
    assert list(staff_client.get(url, {"q": "насоса"}).context["page_obj"]) == [other]
    # Bad filter values are ignored, not an error.
    response = staff_client.get(url, {"group": "x", "state": "nonsense"})
    assert response.status_code == 200 and len(response.context["page_obj"]) == 2


def test_the_thesis_list_paginates(staff_client, settings):
    settings.PAGINATE_BY = 10
    ThesisFactory.create_batch(12)
    response = staff_client.get(reverse("practice:thesis_list"), {"page": 2})
    assert len(response.context["page_obj"]) == 2


def test_staff_thesis_list_runs_a_constant_number_of_queries(staff_client, employer_a):
    def add(count):
        for index in range(count):
            thesis = reviewed_by(employer_a.contact, ordered_by=employer_a.partner)
            if index % 2:
                Review.objects.create(thesis=thesis, reviewer=employer_a.contact, status="submitted", grade=4)
            ThesisFactory()

    add(1)
    assert_constant_queries(staff_client, reverse("practice:thesis_list"), lambda: add(10))


def test_the_reviewers_list_runs_a_constant_number_of_queries(employer_a_client, employer_a):
    def add(count):
        for index in range(count):
            thesis = reviewed_by(employer_a.contact)
            if index % 2:
                Review.objects.create(thesis=thesis, reviewer=employer_a.contact)

    add(1)
    assert_constant_queries(employer_a_client, reverse("practice:thesis_list"), lambda: add(10))


def test_an_employer_without_theses_sees_an_empty_list(client, employer_b):
    client.force_login(employer_b)
    response = client.get(reverse("practice:thesis_list"))
    assert response.status_code == 200
    assert (
        ru(
            "No thesis is assigned to you for review. When the college assigns one, you will get an e-mail and it will appear here."
        )
        in response.content.decode()
    )


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_go_once_a_day_only_for_due_or_overdue_unsubmitted_reviews(employer_a, mailoutbox):
    day = today()
    soon = reviewed_by(employer_a.contact, topic="Скоро срок", review_due=day + timedelta(days=3))
    late = reviewed_by(employer_a.contact, topic="Просрочено", review_due=day - timedelta(days=2))
    reviewed_by(employer_a.contact, topic="Не скоро", review_due=day + timedelta(days=4))
    drafted = reviewed_by(employer_a.contact, topic="Черновик", review_due=day + timedelta(days=1))
    Review.objects.create(thesis=drafted, reviewer=employer_a.contact)
    done = reviewed_by(employer_a.contact, topic="Сдано", review_due=day)
    Review.objects.create(thesis=done, reviewer=employer_a.contact, status=DocumentStatus.SUBMITTED, grade=5)
    ThesisFactory(topic="Без рецензента", review_due=day)

    assert services.review_reminders_send(today=day) == 3
    bodies = " ".join(message.body for message in mailoutbox)
    assert all(topic in bodies for topic in ("Скоро срок", "Просрочено", "Черновик"))
    assert not any(topic in bodies for topic in ("Не скоро", "Сдано", "Без рецензента"))
    assert all(message.to == [employer_a.email] for message in mailoutbox)
    overdue = next(message for message in mailoutbox if "Просрочено" in message.body)
    assert overdue.subject == ru("The thesis review is overdue")
    soon.refresh_from_db()
    assert soon.reminder_sent_on == day

    # The same day: nothing more. The next day: the same three again, and one more now due within 3 days.
    assert services.review_reminders_send(today=day) == 0
    assert len(mailoutbox) == 3
    assert services.review_reminders_send(today=day + timedelta(days=1)) == 4
    late.refresh_from_db()
    assert late.reminder_sent_on == day + timedelta(days=1)


def test_a_reviewer_whose_account_is_deactivated_is_not_reminded(employer_a, mailoutbox):
    reviewed_by(employer_a.contact, review_due=today())
    employer_a.is_active = False
    employer_a.save()
    assert services.review_reminders_send() == 0
    assert mailoutbox == []


def test_a_failed_reminder_is_logged_and_tried_again_later(employer_a, monkeypatch, caplog, mailoutbox):
    thesis = reviewed_by(employer_a.contact, review_due=today())
    monkeypatch.setattr(services, "send_templated_email", lambda **kwargs: 1 / 0)
    assert services.review_reminders_send() == 0
    assert "Could not send the review reminder" in caplog.text
    thesis.refresh_from_db()
    assert thesis.reminder_sent_on is None
    monkeypatch.undo()
    assert services.review_reminders_send() == 1


def test_the_daily_task_sends_the_reminders(employer_a, mailoutbox, django_capture_on_commit_callbacks):
    from practice.tasks import send_review_reminders

    reviewed_by(employer_a.contact, review_due=today() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        send_review_reminders.delay()
    assert len(mailoutbox) == 1
