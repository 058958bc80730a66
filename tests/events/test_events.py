"""Joint events: planning, proposals, status, participants, files, access and reminders."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from events.models import Event, EventFile, EventFileKind, EventPlace, EventStatus, EventType, Participant
from events.services import events as services
from tests.conftest import employer_with_contact
from tests.factories import ContactFactory, PartnerFactory, StudentFactory, StudyGroupFactory
from tests.helpers import card_section

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(days, hour=10):
    """A local date-time ``days`` from today at ``hour``."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def excursion(staff, partner, *, days=5, title="Экскурсия в механический цех", **extra):
    return services.event_create(
        created_by=staff, type=EventType.EXCURSION, title=title, starts_at=at(days), ends_at=at(days, 13),
        place=EventPlace.PARTNER, site_partner=partner, **extra,
    )  # fmt: skip


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


# --- Services ------------------------------------------------------------------------------------


def test_event_at_a_partner_site_takes_its_address_and_involves_it(staff, partner_a):
    partner_a.actual_address = "г. Екатеринбург, пл. Первой Пятилетки, д. 1"
    partner_a.save()
    event = excursion(staff, partner_a)
    assert event.status == EventStatus.PLANNED
    assert event.address == "г. Екатеринбург, пл. Первой Пятилетки, д. 1"
    assert list(event.partners.all()) == [partner_a]


def test_event_at_a_partner_site_needs_the_partner(staff):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            created_by=staff, type=EventType.EXCURSION, title="Экскурсия", starts_at=at(3), ends_at=at(3, 12),
            place=EventPlace.PARTNER,
        )  # fmt: skip
    assert "site_partner" in error.value.message_dict


def test_event_cannot_end_before_it_starts(staff):
    with pytest.raises(ValidationError):
        services.event_create(
            created_by=staff, type=EventType.OPEN_DAY, title="День открытых дверей", starts_at=at(3, 12),
            ends_at=at(3, 10),
        )  # fmt: skip


def test_proposal_is_approved_into_a_planned_event(employer_a, staff, partner_a):
    proposal = services.event_propose(
        proposed_by=employer_a, type=EventType.MASTER_CLASS, title="Мастер-класс по сварке", starts_at=at(9),
        ends_at=at(9, 12), place=EventPlace.PARTNER,
    )  # fmt: skip
    assert proposal.status == EventStatus.PROPOSED
    assert proposal.site_partner == partner_a
    assert list(proposal.partners.all()) == [partner_a]
    approved = services.event_transition(event=proposal, to_status=EventStatus.PLANNED, by=staff)
    assert approved.status == EventStatus.PLANNED
    assert approved.organiser == staff


def test_declining_a_proposal_needs_a_reason(employer_a, staff):
    proposal = services.event_propose(
        proposed_by=employer_a, type=EventType.CAREER_DAY, title="День карьеры", starts_at=at(9), ends_at=at(9, 12)
    )
    with pytest.raises(ValidationError):
        services.event_transition(event=proposal, to_status=EventStatus.DECLINED, by=staff, reason="  ")
    declined = services.event_transition(
        event=proposal, to_status=EventStatus.DECLINED, by=staff, reason="В эти даты идёт сессия"
    )
    assert (declined.status, declined.status_reason) == (EventStatus.DECLINED, "В эти даты идёт сессия")


def test_a_future_event_cannot_be_marked_held_and_a_held_one_counts_as_activity(staff, partner_a):
    event = excursion(staff, partner_a)
    with pytest.raises(ValidationError):
        services.event_transition(event=event, to_status=EventStatus.HELD, by=staff)
    past = excursion(staff, partner_a, days=-2, title="Прошедшая экскурсия")
    services.event_transition(event=past, to_status=EventStatus.HELD, by=staff)
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == timezone.localdate() - dt.timedelta(days=2)
    with pytest.raises(ValidationError):  # held is final
        services.event_transition(event=past, to_status=EventStatus.CANCELLED, by=staff, reason="Ошибка")


def test_results_are_recorded_for_a_held_competition(staff, partner_a):
    competition = services.event_create(
        created_by=staff, type=EventType.COMPETITION, title="Чемпионат «Профессионалы», отборочный этап",
        starts_at=at(-1), ends_at=at(-1, 17), partners=[partner_a],
    )  # fmt: skip
    student = StudentFactory()
    with pytest.raises(ValidationError):
        services.result_add(event=competition, place=1, student=student, by=staff)
    services.event_transition(event=competition, to_status=EventStatus.HELD, by=staff)
    services.result_add(event=competition, place=1, student=student, nomination="Токарные работы", by=staff)
    services.result_add(event=competition, place=2, name="Иванов И. И. (УрГЭУ)", by=staff)
    assert [(r.place, r.student, r.name) for r in competition.results.all()] == [
        (1, student, ""),
        (2, None, "Иванов И. И. (УрГЭУ)"),
    ]
    report = services.event_report_save(event=competition, report="Участвовали 12 студентов.", visitors=80, by=staff)
    assert (report.report, report.visitors) == ("Участвовали 12 студентов.", 80)


def test_a_whole_group_is_registered_once(staff, partner_a):
    event = excursion(staff, partner_a)
    group = StudyGroupFactory()
    StudentFactory.create_batch(20, group=group)
    StudentFactory(group=group, status="expelled")
    assert services.participants_add(event=event, by=staff, group=group) == 20
    assert services.participants_add(event=event, by=staff, group=group, users=[staff]) == 1
    assert event.participants.filter(student__isnull=False).count() == 20


def test_employer_registers_only_its_own_people(staff, partner_a, partner_b, employer_a):
    event = excursion(staff, partner_a)
    colleague = ContactFactory(partner=partner_a, email="master@uralmash.example")
    stranger = ContactFactory(partner=partner_b)
    with pytest.raises(ValidationError):
        services.participants_add(event=event, by=employer_a, contacts=[stranger])
    with pytest.raises(ValidationError):
        services.participants_add(event=event, by=employer_a, students=[StudentFactory()])
    assert services.participants_add(event=event, by=employer_a, contacts=[colleague, employer_a.contact]) == 2


def test_nobody_is_registered_for_a_cancelled_event(staff, partner_a):
    event = excursion(staff, partner_a)
    services.event_transition(event=event, to_status=EventStatus.CANCELLED, by=staff, reason="Карантин на заводе")
    with pytest.raises(ValidationError):
        services.participants_add(event=event, by=staff, users=[staff])


# --- Files ---------------------------------------------------------------------------------------


def test_files_are_checked_by_content(staff, partner_a):
    event = excursion(staff, partner_a)
    photo = services.event_file_add(event=event, file=SimpleUploadedFile("цех.png", png_bytes()), uploaded_by=staff)
    document = services.event_file_add(event=event, file=SimpleUploadedFile("программа.pdf", PDF), uploaded_by=staff)
    assert (photo.kind, document.kind) == (EventFileKind.PHOTO, EventFileKind.DOCUMENT)
    assert document.original_name == "программа.pdf"
    for name, content in [
        ("фото.jpg", b"MZ\x90\x00 this is an executable"),
        ("программа.pdf", b"<html>not a pdf</html>"),
        ("фото.png", b"\x89PNG\r\n\x1a\n" + b"broken"),  # the signature alone is not a picture
        ("программа.jpg", PDF),  # a PDF named as a photo
    ]:
        with pytest.raises(ValidationError) as error:
            services.event_file_add(event=event, file=SimpleUploadedFile(name, content), uploaded_by=staff)
        assert "content was checked" in str(error.value) or "не является" in str(error.value)
    assert event.files.count() == 2


def test_files_over_the_limit_are_refused(staff, partner_a, settings):
    event = excursion(staff, partner_a)
    with pytest.raises(ValidationError):
        services.event_file_add(
            event=event, file=SimpleUploadedFile("big.pdf", PDF + b"0" * services.FILE_MAX_BYTES), uploaded_by=staff
        )
    assert not EventFile.objects.exists()


def test_upload_through_the_page_refuses_a_fake_pdf(staff_client, staff, partner_a):
    event = excursion(staff, partner_a)
    response = staff_client.post(
        reverse("events:event_file_add", args=[event.pk]),
        {"file": SimpleUploadedFile("отчёт.pdf", b"just text")},
        follow=True,
    )
    assert not event.files.exists()
    assert "отчёт.pdf" in response.content.decode()


# --- Access --------------------------------------------------------------------------------------


def test_employer_b_gets_404_on_a_events_and_files(client, staff, partner_a, employer_a, employer_b):
    event = excursion(staff, partner_a)
    event_file = services.event_file_add(event=event, file=SimpleUploadedFile("план.pdf", PDF), uploaded_by=staff)
    client.force_login(employer_b)
    for url in (
        reverse("events:event_detail", args=[event.pk]),
        reverse("events:participant_add", args=[event.pk]),
        reverse("events:event_file", args=[event_file.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert event.title not in client.get(reverse("events:event_list")).content.decode()
    client.force_login(employer_a)
    response = client.get(reverse("events:event_file", args=[event_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert event.title in client.get(reverse("events:event_list")).content.decode()


def test_employer_sees_an_event_it_is_involved_in_but_not_others(client, staff, partner_a, partner_b, employer_a):
    involved = services.event_create(
        created_by=staff, type=EventType.CAREER_DAY, title="Ярмарка вакансий", starts_at=at(4), ends_at=at(4, 14),
        partners=[partner_a, partner_b],
    )  # fmt: skip
    other = services.event_create(
        created_by=staff, type=EventType.SPORTS, title="Турнир по мини-футболу", starts_at=at(4), ends_at=at(4, 14),
        partners=[partner_b],
    )  # fmt: skip
    client.force_login(employer_a)
    page = client.get(reverse("events:event_list")).content.decode()
    assert involved.title in page and other.title not in page
    assert client.get(reverse("events:event_detail", args=[other.pk])).status_code == 404


def test_employer_registers_colleagues_through_the_page(client, staff, partner_a, employer_a):
    event = excursion(staff, partner_a)
    colleague = ContactFactory(partner=partner_a, last_name="Седов", first_name="Павел")
    group = StudyGroupFactory()
    StudentFactory.create_batch(3, group=group)
    services.participants_add(event=event, by=staff, group=group)
    client.force_login(employer_a)
    response = client.post(reverse("events:participant_add", args=[event.pk]), {"contacts": [colleague.pk]})
    assert response.status_code == 302
    assert Participant.objects.filter(event=event, contact=colleague, registered_by=employer_a).exists()
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "Седов Павел" in page
    # The students are counted, never named to the employer.
    assert "Студентов" not in page


def test_employer_proposes_through_the_page(client, employer_a, partner_a):
    client.force_login(employer_a)
    response = client.post(
        reverse("events:event_propose"),
        {"type": EventType.EXCURSION, "title": "Экскурсия в литейный цех", "place": EventPlace.PARTNER,
         "starts_at": at(12).strftime("%Y-%m-%dT%H:%M"), "ends_at": at(12, 12).strftime("%Y-%m-%dT%H:%M")},
    )  # fmt: skip
    event = Event.objects.get()
    assert response["Location"] == reverse("events:event_detail", args=[event.pk])
    assert (event.status, event.site_partner, event.proposed_by) == (EventStatus.PROPOSED, partner_a, employer_a)


def test_staff_plan_an_event_through_the_page(staff_client, staff, partner_a):
    response = staff_client.post(
        reverse("events:event_create"),
        {"type": EventType.EXCURSION, "title": "Экскурсия", "place": EventPlace.PARTNER, "site_partner": partner_a.pk,
         "starts_at": at(6).strftime("%Y-%m-%dT%H:%M"), "ends_at": at(6, 12).strftime("%Y-%m-%dT%H:%M"),
         "organiser": staff.pk},
    )  # fmt: skip
    event = Event.objects.get()
    assert response["Location"] == reverse("events:event_detail", args=[event.pk])
    assert event.starts_at == at(6) and list(event.partners.all()) == [partner_a]


def test_partner_card_lists_its_events(staff_client, staff, partner_a):
    excursion(staff, partner_a, title="Экскурсия на Уралмаш")
    page = card_section(staff_client, partner_a, "events").content.decode()
    assert "Экскурсия на Уралмаш" in page


def test_event_list_runs_the_same_queries_for_1_and_20_events(
    client, staff, partner_a, employer_a, django_assert_num_queries
):
    def count_for(user):
        client.force_login(user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("events:event_list")).status_code == 200
        return len(queries)

    excursion(staff, partner_a, title="Первая")
    one = {user: count_for(user) for user in (staff, employer_a)}
    for number in range(19):
        event = excursion(staff, partner_a, title=f"Экскурсия {number}", days=number + 1)
        services.participants_add(event=event, by=staff, users=[staff])
    assert Event.objects.count() == 20
    for user, queries in one.items():
        client.force_login(user)
        with django_assert_num_queries(queries):
            response = client.get(reverse("events:event_list"))
        assert response.content.decode().count("/events/") >= 20


# --- Reminders -----------------------------------------------------------------------------------


def test_reminders_go_the_day_before_once_per_person(staff, partner_a, mailoutbox):
    now = timezone.now()
    tomorrow = timezone.make_aware(dt.datetime.combine(timezone.localdate(now) + dt.timedelta(days=1), dt.time(10)))
    event = services.event_create(
        created_by=staff, type=EventType.EXCURSION, title="Экскурсия в цех", starts_at=tomorrow,
        ends_at=tomorrow + dt.timedelta(hours=3), place=EventPlace.PARTNER, site_partner=partner_a,
    )  # fmt: skip
    later = excursion(staff, partner_a, days=3, title="Позже")
    student = StudentFactory(email="ivanov@students.example")
    silent = StudentFactory(email="")
    contact = ContactFactory(partner=partner_a, email="master@uralmash.example")
    services.participants_add(event=event, by=staff, students=[student, silent], users=[staff], contacts=[contact])
    services.participants_add(event=later, by=staff, users=[staff])

    assert services.reminders_send(now=now) == 3
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        ["ivanov@students.example", staff.email, "master@uralmash.example"]
    )
    assert "Экскурсия в цех" in mailoutbox[0].subject
    assert mailoutbox[0].alternatives  # text and HTML
    assert services.reminders_send(now=now) == 0
    assert len(mailoutbox) == 3
    assert Participant.objects.filter(event=event, reminder_sent_at__isnull=False).count() == 3


def test_no_reminder_for_a_cancelled_event(staff, partner_a, mailoutbox):
    event = excursion(staff, partner_a, days=1)
    services.participants_add(event=event, by=staff, users=[staff])
    services.event_transition(event=event, to_status=EventStatus.CANCELLED, by=staff, reason="Перенос")
    assert services.reminders_send(now=at(0, 9)) == 0
    assert mailoutbox == []


def test_the_beat_task_sends_the_reminders(staff, partner_a, mailoutbox):
    from events.tasks import send_event_reminders

    event = excursion(staff, partner_a, days=1)
    employer = employer_with_contact(partner_a, "guide@uralmash.example")
    services.participants_add(event=event, by=employer, contacts=[employer.contact])
    send_event_reminders.apply()
    send_event_reminders.apply()
    assert [message.to for message in mailoutbox] == [["guide@uralmash.example"]]


def test_a_refused_report_or_cancellation_keeps_what_staff_typed(staff_client, staff, partner_a):
    """A form that fails on the event page comes back with the user's text, not an empty field."""
    past = excursion(staff, partner_a, days=-2, title="Прошедшая экскурсия")
    services.event_transition(event=past, to_status=EventStatus.HELD, by=staff)
    typed = "Отчёт: " + "очень длинный текст " * 600  # over the 10,000-character limit
    response = staff_client.post(reverse("events:event_report", args=[past.pk]), {"report": typed, "visitors": "80"})
    assert response.status_code == 200
    assert response.context["report_form"].errors["report"]
    assert typed[:200] in response.content.decode()
    past.refresh_from_db()
    assert past.report == ""

    future = excursion(staff, partner_a, title="Будущая экскурсия")
    response = staff_client.post(
        reverse("events:event_transition", args=[future.pk]), {"to": "held", "reason": "Перенос"}
    )
    assert response.status_code == 200
    assert 'value="Перенос"' in response.content.decode()


def test_the_list_search_finds_by_title_description_address_and_the_site_partners_name(staff_client, staff):
    uralmash = PartnerFactory(name="Публичное акционерное общество «Уралмашзавод»", short_name="ПАО «Уралмаш»")
    other = PartnerFactory(name="ООО «Тагилстрой»", short_name="")
    excursion(staff, uralmash, title="Экскурсия в цех", description="Сварочный участок")
    excursion(staff, other, title="День открытых дверей", address="г. Нижний Тагил, ул. Победы, 1")

    def found(query):
        page = staff_client.get(reverse("events:event_list"), {"q": query})
        return sorted(event.title for event in page.context["page_obj"])

    assert found("экскурсия") == ["Экскурсия в цех"]
    assert found("СВАРОЧНЫЙ") == ["Экскурсия в цех"]
    assert found("победы") == ["День открытых дверей"]
    assert found("уралмаш") == ["Экскурсия в цех"]  # the short and the full name
    assert found("машзавод") == ["Экскурсия в цех"]
    assert found("тагилстрой дверей") == ["День открытых дверей"]  # every word must match
    assert found("тагилстрой цех") == []
