"""Councils and other bodies: quorum, decisions, the protocol PDF (real rendering, read back with
pypdf), access by role, the overdue decisions on the dashboard and the list query counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events import documents
from events.models import Body, BodyKind, Decision, DecisionStatus, Meeting, MemberRole
from events.services import councils as services
from tests.contracts import file_bytes, pdf_text
from tests.factories import ContactFactory, StaffFactory
from tests.helpers import assert_constant_queries, card_section
from tests.pdf_pages import dump

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today():
    return timezone.localdate()


@pytest.fixture
def council(staff, partner_a, employer_a):
    """An employers' council of four current members (chair and secretary from the college, two
    partner employees, one of them A's employer) and one whose term has ended."""
    body = services.body_create(kind=BodyKind.EMPLOYERS_COUNCIL, name="Совет работодателей", created_by=staff)
    start = today() - timedelta(days=200)
    chair_user = StaffFactory(last_name="Смирнова", first_name="Ольга", middle_name="Викторовна", position="Директор")
    secretary_user = StaffFactory(last_name="Лебедев", first_name="Игорь", middle_name="Петрович")
    add = services.membership_add
    members = {
        "chair": add(body=body, user=chair_user, role=MemberRole.CHAIR, term_start=start, added_by=staff),
        "secretary": add(body=body, user=secretary_user, role=MemberRole.SECRETARY, term_start=start, added_by=staff),
        "employer": add(
            body=body, contact=employer_a.contact, role=MemberRole.MEMBER, term_start=start, added_by=staff
        ),
        "engineer": add(
            body=body,
            contact=ContactFactory(partner=partner_a, last_name="Громов", first_name="Игорь", middle_name="Олегович"),
            role=MemberRole.DEPUTY,
            term_start=start,
            added_by=staff,
        ),
        "former": add(
            body=body,
            contact=ContactFactory(last_name="Ушедший", first_name="Павел"),
            role=MemberRole.MEMBER,
            term_start=start,
            term_end=today() - timedelta(days=30),
            added_by=staff,
        ),
    }
    body.members = members
    return body


def meeting_with(body, staff, present):
    meeting = services.meeting_create(body=body, date=today(), place="Актовый зал, ауд. 101", created_by=staff)
    services.attendance_set(meeting=meeting, present=[body.members[key] for key in present], marked_by=staff)
    return meeting


def test_meetings_are_numbered_per_body(council, staff):
    first = services.meeting_create(body=council, date=today(), place="Зал", created_by=staff)
    second = services.meeting_create(body=council, date=today(), place="Зал", created_by=staff)
    other = services.body_create(kind=BodyKind.BOARD_OF_TRUSTEES, name="Попечительский совет", created_by=staff)
    assert (first.number, second.number) == (1, 2)
    assert services.meeting_create(body=other, date=today(), place="Зал", created_by=staff).number == 1


def test_quorum_counts_only_members_whose_term_covers_the_meeting_date(council, staff):
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    result = services.quorum(meeting)
    assert (result.present, result.members, result.reached) == (3, 4, True)


def test_a_member_whose_term_has_ended_cannot_be_marked_present(council, staff):
    meeting = meeting_with(council, staff, [])
    with pytest.raises(ValidationError):
        services.attendance_set(meeting=meeting, present=[council.members["former"]], marked_by=staff)


def test_a_meeting_with_a_quorum_and_two_decisions_produces_a_protocol_listing_members_decisions_and_signatories(
    council, staff, django_capture_on_commit_callbacks
):
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    first = services.agenda_item_add(meeting=meeting, title="О практике студентов 3 курса", heard="Смирнову О. В.",
                                     speakers="Орлова М.", added_by=staff)  # fmt: skip
    second = services.agenda_item_add(meeting=meeting, title="О демонстрационном экзамене", added_by=staff)
    services.decision_record(meeting=meeting, item=first, text="Одобрить программу практики на 2026 год",
                             votes_for=3, recorded_by=staff)  # fmt: skip
    services.decision_record(meeting=meeting, item=second, text="Направить двух экспертов на экзамен",
                             votes_for=2, votes_against=0, votes_abstained=1, owner="Громов И. О.",
                             due_date=today() + timedelta(days=30), recorded_by=staff)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.meeting_close(meeting=meeting, closed_by=staff)
    assert len(callbacks) == 1  # the render task, published after the commit
    meeting.refresh_from_db()
    assert meeting.pdf_ready and meeting.render_count == 1
    text = pdf_text(dump("protocol", file_bytes(meeting.pdf)))
    assert "ПРОТОКОЛ № 1" in text and "заседания Совета работодателей" in text
    assert "Присутствовали: 3 человека" in text
    for name in ("Смирнова Ольга Викторовна", "Лебедев Игорь Петрович", "Орлова Марина"):
        assert name in text
    assert "Ушедший" not in text and "Громов Игорь" not in text  # not a member then / not present
    assert "Повестка дня" in text
    assert "Слушали:" in text and "Выступили:" in text and "Решили (постановили):" in text
    assert "Одобрить программу практики на 2026 год" in text
    assert "за — 3, против — 0, воздержались — 0" in text
    assert "Направить двух экспертов на экзамен" in text
    assert "за — 2, против — 0, воздержались — 1" in text
    assert "Председатель" in text and "О. В. Смирнова" in text
    assert "Секретарь" in text and "И. П. Лебедев" in text
    assert "подпись / И. О. Фамилия" in text


def test_a_meeting_without_a_quorum_refuses_to_record_a_decision(council, staff, staff_client):
    meeting = meeting_with(council, staff, ["chair", "employer"])  # 2 of 4: not more than half
    item = services.agenda_item_add(meeting=meeting, title="О практике", added_by=staff)
    with pytest.raises(ValidationError) as refused:
        services.decision_record(meeting=meeting, item=item, text="Одобрить", votes_for=2, recorded_by=staff)
    expected = "Нет кворума: присутствуют 2 из 4 членов. Для принятия решения нужно присутствие более половины членов (не менее 3)."
    assert refused.value.messages == [services.no_quorum_message(services.quorum(meeting))]
    url = reverse("events:decision_create", kwargs={"pk": meeting.pk})
    response = staff_client.post(url, {"item": item.pk, "text": "Одобрить", "votes_for": 2, "votes_against": 0,
                                       "votes_abstained": 0}, HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [expected]
    assert not Decision.objects.filter(meeting=meeting).exists()


def test_more_votes_than_members_present_are_refused(council, staff):
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    item = services.agenda_item_add(meeting=meeting, title="О практике", added_by=staff)
    with pytest.raises(ValidationError):
        services.decision_record(meeting=meeting, item=item, text="Одобрить", votes_for=4, recorded_by=staff)


def test_a_closed_meeting_cannot_be_changed_and_its_protocol_does_not_follow_later_edits(council, staff):
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    services.agenda_item_add(meeting=meeting, title="О практике", added_by=staff)
    services.meeting_close(meeting=meeting, closed_by=staff)
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, title="Ещё вопрос", added_by=staff)
    Body.objects.filter(pk=council.pk).update(name="Новое имя")
    documents.render_protocol_pdf(meeting.pk)
    meeting.refresh_from_db()
    text = pdf_text(file_bytes(meeting.pdf))
    assert "Совета работодателей" in text and "Новое имя" not in text


def test_rendering_twice_gives_one_file_and_a_rendered_protocol_is_not_rendered_again(council, staff, settings):
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    services.agenda_item_add(meeting=meeting, title="О практике", added_by=staff)
    services.meeting_close(meeting=meeting, closed_by=staff)
    assert documents.render_protocol_pdf(meeting.pk) is True
    assert documents.render_protocol_pdf(meeting.pk) is False
    first = Meeting.objects.get(pk=meeting.pk)
    data = file_bytes(first.pdf)
    Meeting.objects.filter(pk=meeting.pk).update(pdf_hash="")  # as after a lost file or a re-run
    assert documents.render_protocol_pdf(meeting.pk) is True
    again = Meeting.objects.get(pk=meeting.pk)
    assert again.render_count == 2 and again.pdf.name == first.pdf.name
    assert file_bytes(again.pdf) == data
    folder = settings.MEDIA_ROOT / again.pdf.name.rsplit("/", 1)[0]
    assert [path.name for path in folder.iterdir()] == [again.pdf.name.rsplit("/", 1)[1]]


def test_the_protocol_is_rendered_on_first_download_when_the_worker_has_not(council, staff, employer_a, client):
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    services.agenda_item_add(meeting=meeting, title="О практике", added_by=staff)
    services.meeting_close(meeting=meeting, closed_by=staff)  # the task waits for a commit that never comes
    client.force_login(employer_a)
    response = client.get(reverse("events:meeting_protocol", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert "ПРОТОКОЛ № 1" in pdf_text(b"".join(response.streaming_content))


def test_employer_b_gets_404_on_a_body_it_is_not_a_member_of_with_its_meetings_protocols_and_charter(
    council, staff, employer_a, employer_b, client
):
    services.body_update(body=council, updated_by=staff,
                         charter=SimpleUploadedFile("charter.pdf", PDF, content_type="application/pdf"))  # fmt: skip
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    services.agenda_item_add(meeting=meeting, title="О практике", added_by=staff)
    services.meeting_close(meeting=meeting, closed_by=staff)
    documents.render_protocol_pdf(meeting.pk)
    urls = [
        reverse("events:body_detail", kwargs={"pk": council.pk}),
        reverse("events:body_charter", kwargs={"pk": council.pk}),
        reverse("events:meeting_detail", kwargs={"pk": meeting.pk}),
        reverse("events:meeting_protocol", kwargs={"pk": meeting.pk}),
    ]
    client.force_login(employer_a)
    assert [client.get(url).status_code for url in urls] == [200] * 4
    client.force_login(employer_b)
    assert [client.get(url).status_code for url in urls] == [404] * 4
    for list_url in ("events:body_list", "events:meeting_list", "events:decision_list"):
        page = client.get(reverse(list_url)).content.decode()
        assert "Совет работодателей" not in page
    client.force_login(employer_a)
    assert "Совет работодателей" in client.get(reverse("events:body_list")).content.decode()


def test_a_charter_that_is_not_a_pdf_by_content_is_refused(staff_client):
    response = staff_client.post(
        reverse("events:body_create"),
        {"kind": BodyKind.BOARD_OF_TRUSTEES, "name": "Попечительский совет",
         "charter": SimpleUploadedFile("charter.pdf", b"MZ\x90\x00 not a pdf")},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["charter"]
    assert not Body.objects.exists()


def test_overdue_decisions_are_on_the_staff_dashboard(council, staff, staff_client):
    meeting = meeting_with(council, staff, ["chair", "secretary", "employer"])
    item = services.agenda_item_add(meeting=meeting, title="О практике", added_by=staff)
    record = services.decision_record
    overdue = record(meeting=meeting, item=item, text="Закупить станок", votes_for=3, recorded_by=staff,
                     due_date=today() - timedelta(days=1))  # fmt: skip
    record(meeting=meeting, item=item, text="Провести экскурсию", votes_for=3, recorded_by=staff,
           due_date=today() + timedelta(days=5))  # fmt: skip
    done = record(meeting=meeting, item=item, text="Утвердить план", votes_for=3, recorded_by=staff,
                  due_date=today() - timedelta(days=3))  # fmt: skip
    services.decision_set_status(decision=done, status=DecisionStatus.DONE, updated_by=staff)
    listed = staff_client.get(reverse("home")).context["overdue_decisions"]
    assert listed == [overdue]


def test_the_partner_card_lists_the_council_memberships_of_its_people(council, partner_a, staff_client):
    response = card_section(staff_client, partner_a, "councils")
    section = response.context["section"]
    assert {m.contact.last_name for m in section["memberships"]} == {"Орлова", "Громов"}
    assert "Совет работодателей" in response.content.decode()


def test_the_body_and_meeting_lists_run_a_constant_number_of_queries(council, staff, staff_client):
    meeting_with(council, staff, ["chair", "secretary"])

    def add_rows():
        for number in range(20):
            body = services.body_create(kind=BodyKind.OTHER, name=f"Совет {number}", created_by=staff)
            services.membership_add(body=body, contact=ContactFactory(), role=MemberRole.MEMBER,
                                    term_start=today(), added_by=staff)  # fmt: skip
            meeting = services.meeting_create(body=body, date=today(), place="Зал", created_by=staff)
            services.agenda_item_add(meeting=meeting, title="Вопрос", added_by=staff)

    bodies = assert_constant_queries(staff_client, reverse("events:body_list"), add_rows)
    meetings = assert_constant_queries(staff_client, reverse("events:meeting_list"), lambda: None)
    assert bodies <= 12 and meetings <= 12, (bodies, meetings)
