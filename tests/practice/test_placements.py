"""Placements: the rules of placing a student, bulk placement of a group, the workflow, and what
an employer may see of the students placed with them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from partners.models import Partner
from practice.models import (
    DocumentStatus,
    Evaluation,
    OfferStatus,
    Placement,
    PlacementState,
    Student,
    StudentDataAccess,
    StudentStatus,
)
from practice.services import placements as placement_services
from tests.factories import (
    ContactFactory,
    OfferFactory,
    PartnerFactory,
    PlacementFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StudentFactory,
    StudyGroupFactory,
)
from tests.helpers import assert_constant_queries, ru

LOGIN = "login"


def ru_plural(singular, plural, number, **params):
    """The Russian plural form ``ngettext`` gives for ``number``, filled with ``params``."""
    with translation.override("ru"):
        return ngettext(singular, plural, number) % params


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
def group(db):
    return StudyGroupFactory(name="ТМ-23-1")


@pytest.fixture
def period(group):
    """A practice of the group that has started."""
    return PracticePeriodFactory(group=group, start_date=days(-5), end_date=days(35))


@pytest.fixture
def offer_a(partner_a, employer_a, group):
    return OfferFactory(
        partner=partner_a,
        specialty=group.specialty,
        contact=employer_a.contact,
        places=3,
        start_date=days(-10),
        end_date=days(60),
    )


def student(group, last_name, **fields):
    return StudentFactory(group=group, last_name=last_name, **fields)


# --- The rules of one placement -------------------------------------------------------------


def test_placement_takes_the_period_dates_the_period_teacher_and_the_offer_contact(staff, period, offer_a, employer_a):
    placement = placement_services.placement_create(
        period=period, student=student(period.group, "Иванов"), partner=offer_a.partner, offer=offer_a, created_by=staff
    )
    assert (placement.start_date, placement.end_date) == (period.start_date, period.end_date)
    assert placement.college_supervisor == period.college_supervisor
    assert placement.employer_supervisor == employer_a.contact
    assert placement.state == PlacementState.PLANNED


def test_placement_on_a_shorter_offer_takes_the_offer_dates(staff, period, partner_a):
    offer = OfferFactory(partner=partner_a, specialty=period.group.specialty, start_date=days(0), end_date=days(20))
    placement = placement_services.placement_create(
        period=period, student=student(period.group, "Иванов"), partner=partner_a, offer=offer, created_by=staff
    )
    assert (placement.start_date, placement.end_date) == (days(0), days(20))


def test_overlapping_placement_of_a_student_is_refused_naming_the_other_one(staff, period, partner_a, partner_b):
    ivanov = student(period.group, "Иванов", first_name="Иван", middle_name="")
    placement_services.placement_create(period=period, student=ivanov, partner=partner_a, created_by=staff)
    with pytest.raises(ValidationError) as error:
        placement_services.placement_create(
            period=period, student=ivanov, partner=partner_b, created_by=staff, start_date=days(30), end_date=days(35)
        )
    assert error.value.messages == [
        ru(
            "%(student)s is already placed at %(partner)s from %(start)s to %(end)s: "
            "placements of one student cannot overlap.",
            student="Иванов Иван",
            partner=partner_a.display_name,
            start=f"{period.start_date:%d.%m.%Y}",
            end=f"{period.end_date:%d.%m.%Y}",
        )
    ]
    assert Placement.objects.filter(student=ivanov).count() == 1


def test_a_cancelled_placement_does_not_block_a_new_one(staff, period, partner_a, partner_b):
    ivanov = student(period.group, "Иванов")
    first = placement_services.placement_create(period=period, student=ivanov, partner=partner_a, created_by=staff)
    placement_services.placement_transition(placement=first, to_state="cancelled", by=staff, reason="Сменил место")
    second = placement_services.placement_create(period=period, student=ivanov, partner=partner_b, created_by=staff)
    assert second.partner == partner_b


def test_student_of_another_group_or_not_studying_cannot_be_placed(staff, period, partner_a):
    stranger = StudentFactory(group=StudyGroupFactory())
    on_leave = student(period.group, "Отпускников", status=StudentStatus.ACADEMIC_LEAVE)
    for someone in (stranger, on_leave):
        with pytest.raises(ValidationError) as error:
            placement_services.placement_create(period=period, student=someone, partner=partner_a, created_by=staff)
        assert "student" in error.value.message_dict
    assert not Placement.objects.exists()


def test_placement_must_lie_within_the_period(staff, period, partner_a):
    with pytest.raises(ValidationError) as error:
        placement_services.placement_create(
            period=period, student=student(period.group, "Иванов"), partner=partner_a, created_by=staff,
            start_date=period.start_date - datetime.timedelta(days=1),
        )  # fmt: skip
    assert set(error.value.message_dict) == {"start_date"}


def test_employer_supervisor_must_work_at_the_partner(staff, period, partner_a, partner_b):
    with pytest.raises(ValidationError) as error:
        placement_services.placement_create(
            period=period, student=student(period.group, "Иванов"), partner=partner_a, created_by=staff,
            employer_supervisor=ContactFactory(partner=partner_b),
        )  # fmt: skip
    assert set(error.value.message_dict) == {"employer_supervisor"}


@pytest.mark.parametrize(
    "change",
    [
        {"status": OfferStatus.SUBMITTED},
        {"status": OfferStatus.CLOSED},
        {"specialty": "other"},
        {"partner": "other"},
    ],
)
def test_only_a_published_offer_of_the_partner_for_the_group_specialty_takes_students(
    staff, period, offer_a, partner_a, change
):
    if change.get("specialty") == "other":
        change = {"specialty": SpecialtyFactory(code="13.02.11")}
    if change.get("partner") == "other":
        change = {"partner": PartnerFactory()}
    for field, value in change.items():
        setattr(offer_a, field, value)
    offer_a.save()
    with pytest.raises(ValidationError) as error:
        placement_services.placement_create(
            period=period, student=student(period.group, "Иванов"), partner=partner_a, offer=offer_a, created_by=staff,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"offer"}


def test_offer_places_are_enforced(staff, period, offer_a):
    offer_a.places = 1
    offer_a.save()
    placement_services.placement_create(
        period=period, student=student(period.group, "Первый"), partner=offer_a.partner, offer=offer_a, created_by=staff
    )
    with pytest.raises(ValidationError) as error:
        placement_services.placement_create(
            period=period, student=student(period.group, "Второй"), partner=offer_a.partner, offer=offer_a,
            created_by=staff,
        )  # fmt: skip
    assert error.value.message_dict["offer"] == [
        ru("No places left on «%(offer)s»: all %(places)d are taken.", offer=offer_a.title, places=1)
    ]


def test_a_started_placement_moves_the_partner_activity_and_a_future_one_does_not(staff, group, partner_a, partner_b):
    started = PracticePeriodFactory(group=group, start_date=days(-3), end_date=days(20))
    future = PracticePeriodFactory(group=group, start_date=days(30), end_date=days(50))
    placement_services.placement_create(
        period=started, student=student(group, "А"), partner=partner_a, created_by=staff
    )
    later = placement_services.placement_create(
        period=future, student=student(group, "Б"), partner=partner_b, created_by=staff
    )
    assert Partner.objects.get(pk=partner_a.pk).last_activity_on == days(-3)
    assert Partner.objects.get(pk=partner_b.pk).last_activity_on is None
    placement_services.placement_transition(placement=later, to_state="confirmed", by=staff)
    assert Partner.objects.get(pk=partner_b.pk).last_activity_on is None


# --- The workflow ---------------------------------------------------------------------------


def test_placement_moves_only_along_the_workflow(staff, period, partner_a):
    placement = placement_services.placement_create(
        period=period, student=student(period.group, "Иванов"), partner=partner_a, created_by=staff
    )
    with pytest.raises(ValidationError):
        placement_services.placement_transition(placement=placement, to_state="completed", by=staff)
    for state in ("confirmed", "in_progress", "completed"):
        placement = placement_services.placement_transition(placement=placement, to_state=state, by=staff)
        assert placement.state == state
    with pytest.raises(ValidationError):
        placement_services.placement_transition(placement=placement, to_state="evaluated", by=staff)
    with pytest.raises(ValidationError):
        placement_services.placement_transition(placement=placement, to_state="nonsense", by=staff)


def test_cancelling_needs_a_reason_and_is_final(staff, period, partner_a):
    placement = placement_services.placement_create(
        period=period, student=student(period.group, "Иванов"), partner=partner_a, created_by=staff
    )
    with pytest.raises(ValidationError) as error:
        placement_services.placement_transition(placement=placement, to_state="cancelled", by=staff, reason="  ")
    assert error.value.message_dict == {"reason": [ru("Say why the placement is cancelled.")]}
    placement = placement_services.placement_transition(
        placement=placement, to_state="cancelled", by=staff, reason="Перевёлся в другой техникум"
    )
    assert (placement.state, placement.cancel_reason) == ("cancelled", "Перевёлся в другой техникум")
    with pytest.raises(ValidationError):
        placement_services.placement_transition(placement=placement, to_state="confirmed", by=staff)


def test_staff_change_the_state_with_buttons_and_a_missing_reason_keeps_the_page(staff_client, period, partner_a):
    placement = PlacementFactory(student=student(period.group, "Иванов"), period=period, partner=partner_a,
                                 state=PlacementState.PLANNED)  # fmt: skip
    url = reverse("practice:placement_transition", args=[placement.pk])
    response = staff_client.post(url, {"to_state": "confirmed"})
    assert response["Location"] == reverse("practice:placement_detail", args=[placement.pk])
    placement.refresh_from_db()
    assert placement.state == PlacementState.CONFIRMED
    response = staff_client.post(url, {"to_state": "cancelled", "reason": ""})
    assert response.status_code == 200
    assert ru("Say why the placement is cancelled.") in response.content.decode()
    too_long = "Причина " * 70
    response = staff_client.post(url, {"to_state": "cancelled", "reason": too_long})
    assert response.status_code == 200
    assert too_long.strip() in response.content.decode()
    placement.refresh_from_db()
    assert placement.state == PlacementState.CONFIRMED


# --- Staff pages ----------------------------------------------------------------------------


def test_placement_pages_answer_each_role_as_the_url_table_says(client, roles, period, partner_a, offer_a):
    placement = PlacementFactory(student=student(period.group, "Иванов"), period=period, partner=partner_a)
    staff_only = {"anon": LOGIN, "staff": 200, "employer_a": 404, "employer_b": 404, "admin": 200}
    own = {"anon": LOGIN, "staff": 200, "employer_a": 200, "employer_b": 404, "admin": 200}
    employer_only = {"anon": LOGIN, "staff": 404, "employer_a": 200, "employer_b": 200, "admin": 404}
    assert statuses(client, reverse("practice:bulk_place", args=[period.pk]), roles) == staff_only
    assert statuses(client, reverse("practice:placement_create", args=[period.pk]), roles) == staff_only
    assert statuses(client, reverse("practice:placement_edit", args=[placement.pk]), roles) == staff_only
    assert statuses(client, reverse("practice:placement_detail", args=[placement.pk]), roles) == own
    assert statuses(client, reverse("practice:employer_placements"), roles) == employer_only
    transition = statuses(client, reverse("practice:placement_transition", args=[placement.pk]), roles)
    assert transition == {"anon": LOGIN, "staff": 405, "employer_a": 404, "employer_b": 404, "admin": 405}


def test_staff_place_one_student_preselected_from_the_period_page(staff_client, period, offer_a, employer_a):
    ivanov = student(period.group, "Иванов")
    url = reverse("practice:placement_create", args=[period.pk])
    form = staff_client.get(url, {"student": ivanov.pk}).context["form"]
    assert form["student"].value() == str(ivanov.pk)
    response = staff_client.post(url, {"student": ivanov.pk, "offer": offer_a.pk})
    assert response["Location"] == reverse("practice:period_detail", args=[period.pk]) + "#placements"
    placement = Placement.objects.get()
    assert (placement.partner, placement.offer, placement.employer_supervisor) == (
        offer_a.partner, offer_a, employer_a.contact
    )  # fmt: skip


def test_placing_without_an_offer_or_organisation_shows_an_error_and_keeps_the_input(staff_client, period):
    ivanov = student(period.group, "Иванов")
    response = staff_client.post(
        reverse("practice:placement_create", args=[period.pk]),
        {"student": ivanov.pk, "start_date": days(1).isoformat()},
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert f'value="{days(1).isoformat()}"' in response.content.decode()
    assert not Placement.objects.exists()


def test_a_service_error_on_the_placement_form_keeps_the_input(staff_client, period, partner_a, partner_b):
    ivanov = student(period.group, "Иванов")
    PlacementFactory(student=ivanov, period=PracticePeriodFactory(group=period.group, start_date=days(-5),
                     end_date=days(2)), partner=partner_b)  # fmt: skip
    # The student is not offered (already placed), so the form refuses them before the service.
    response = staff_client.post(
        reverse("practice:placement_create", args=[period.pk]),
        {"student": ivanov.pk, "partner": partner_a.pk, "end_date": days(30).isoformat()},
    )
    assert response.status_code == 200
    assert "student" in response.context["form"].errors
    assert Placement.objects.count() == 1


def test_staff_edit_the_dates_and_supervisors_of_a_placement(staff_client, period, partner_a):
    placement = PlacementFactory(student=student(period.group, "Иванов"), period=period, partner=partner_a)
    supervisor = ContactFactory(partner=partner_a, last_name="Наставников")
    response = staff_client.post(
        reverse("practice:placement_edit", args=[placement.pk]),
        {"employer_supervisor": supervisor.pk, "college_supervisor": "", "start_date": days(1).isoformat(),
         "end_date": days(20).isoformat()},
    )  # fmt: skip
    assert response["Location"] == reverse("practice:placement_detail", args=[placement.pk])
    placement.refresh_from_db()
    assert (placement.employer_supervisor, placement.college_supervisor) == (supervisor, None)
    assert (placement.start_date, placement.end_date) == (days(1), days(20))


def test_editing_a_placement_into_an_overlap_is_refused(staff_client, group, partner_a, partner_b):
    ivanov = student(group, "Иванов")
    first_period = PracticePeriodFactory(group=group, start_date=days(0), end_date=days(20))
    second_period = PracticePeriodFactory(group=group, start_date=days(0), end_date=days(40))
    PlacementFactory(student=ivanov, period=first_period, partner=partner_a, start_date=days(0), end_date=days(9))
    second = PlacementFactory(student=ivanov, period=second_period, partner=partner_b, start_date=days(21),
                              end_date=days(40))  # fmt: skip
    response = staff_client.post(
        reverse("practice:placement_edit", args=[second.pk]),
        {"start_date": days(5).isoformat(), "end_date": days(40).isoformat()},
    )
    assert response.status_code == 200
    message = ru(
        "%(student)s is already placed at %(partner)s from %(start)s to %(end)s: "
        "placements of one student cannot overlap.",
        student=ivanov.full_name, partner=partner_a.display_name,
        start=f"{days(0):%d.%m.%Y}", end=f"{days(9):%d.%m.%Y}",
    )  # fmt: skip
    assert response.context["form"].errors == {"__all__": [message]}
    second.refresh_from_db()
    assert second.start_date == days(21)


# --- Bulk placement -------------------------------------------------------------------------


def test_acceptance_staff_place_three_students_of_a_group(staff_client, period, offer_a, partner_b, group):
    offer_b = OfferFactory(
        partner=partner_b, specialty=group.specialty, places=1, start_date=days(-5), end_date=days(40)
    )
    students = [student(group, name) for name in ("Алексеев", "Борисов", "Васильев", "Григорьев")]
    url = reverse("practice:bulk_place", args=[period.pk])
    page = staff_client.get(url)
    assert [s for s, _field in page.context["form"].rows()] == students
    labels = dict(page.context["form"].fields[f"student_{students[0].pk}"].choices)
    assert labels[offer_a.pk] == ru(
        "%(partner)s (%(title)s) — %(left)d of %(places)d places left",
        partner=offer_a.partner.display_name, title=offer_a.title, left=3, places=3,
    )  # fmt: skip
    response = staff_client.post(
        url,
        {f"student_{students[0].pk}": offer_a.pk, f"student_{students[1].pk}": offer_a.pk,
         f"student_{students[2].pk}": offer_b.pk, f"student_{students[3].pk}": ""},
    )  # fmt: skip
    # Straight on to the next step of the work: the period's tripartite contracts.
    assert response["Location"] == reverse("contracts:batch_create", args=[period.pk])
    placed = {p.student: p for p in Placement.objects.select_related("student", "offer")}
    assert set(placed) == set(students[:3])
    assert placed[students[2]].partner == partner_b and placed[students[0]].offer == offer_a
    after = staff_client.get(url)
    assert [s for s, _field in after.context["form"].rows()] == [students[3]]
    # offer_b is full now: it is no longer offered.
    assert [offer.pk for offer in after.context["offers"]] == [offer_a.pk]
    assert after.context["offers"][0].taken == 2


def test_bulk_placement_over_the_places_saves_nothing_and_keeps_every_choice(staff_client, period, offer_a, group):
    offer_a.places = 2
    offer_a.save()
    students = [student(group, name) for name in ("Алексеев", "Борисов", "Васильев")]
    data = {f"student_{s.pk}": offer_a.pk for s in students}
    response = staff_client.post(reverse("practice:bulk_place", args=[period.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Placement.objects.exists()
    assert response.context["form"].non_field_errors() == [
        ru_plural(
            "%(partner)s, «%(offer)s»: %(count)d students chosen, but only %(left)d place left.",
            "%(partner)s, «%(offer)s»: %(count)d students chosen, but only %(left)d places left.",
            2, partner=offer_a.partner.display_name, offer=offer_a.title, count=3, left=2,
        )
    ]  # fmt: skip
    assert html.count(f'<option value="{offer_a.pk}" selected>') == 3


def test_bulk_placement_rolls_back_when_one_student_cannot_be_placed(staff, period, offer_a, group, partner_b):
    ok, busy = student(group, "Алексеев"), student(group, "Борисов")
    other_period = PracticePeriodFactory(group=group, start_date=days(-30), end_date=days(0))
    PlacementFactory(student=busy, period=other_period, partner=partner_b)
    with pytest.raises(ValidationError) as error:
        placement_services.placements_bulk_create(
            period=period, assignments={ok.pk: offer_a.pk, busy.pk: offer_a.pk}, created_by=staff
        )
    assert set(error.value.error_dict) == {busy.pk}
    assert not Placement.objects.filter(offer=offer_a).exists()


def test_bulk_page_shows_a_student_error_next_to_the_student_and_keeps_the_choices(
    staff_client, period, offer_a, group, partner_b, monkeypatch
):
    ok, busy = student(group, "Алексеев"), student(group, "Борисов")
    PlacementFactory(student=busy, period=PracticePeriodFactory(group=group, start_date=days(-30), end_date=days(0)),
                     partner=partner_b)  # fmt: skip
    # The page was opened before Борисов was placed elsewhere: he is still in its list.
    monkeypatch.setattr(
        placement_services, "students_without_placement", lambda period: Student.objects.filter(group=group)
    )
    response = staff_client.post(
        reverse("practice:bulk_place", args=[period.pk]),
        {f"student_{ok.pk}": offer_a.pk, f"student_{busy.pk}": offer_a.pk},
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {f"student_{busy.pk}"}
    assert partner_b.display_name in form.errors[f"student_{busy.pk}"][0]
    assert response.content.decode().count(f'<option value="{offer_a.pk}" selected>') == 2
    assert not Placement.objects.filter(offer=offer_a).exists()


def test_bulk_placement_with_no_choice_asks_for_one(staff_client, period, offer_a, group):
    student(group, "Алексеев")
    response = staff_client.post(reverse("practice:bulk_place", args=[period.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [ru("Choose an offer for at least one student.")]


def test_bulk_page_without_open_offers_says_what_to_do(staff_client, period, group):
    student(group, "Алексеев")
    html = staff_client.get(reverse("practice:bulk_place", args=[period.pk])).content.decode()
    assert reverse("practice:placement_create", args=[period.pk]) in html
    assert "Алексеев" in html


# --- What the employer sees -----------------------------------------------------------------


@pytest.fixture
def placement_a(period, partner_a, employer_a):
    return PlacementFactory(
        student=student(period.group, "Иванов", phone="+7 900 111-22-33", email="ivanov@students.example",
                        birth_date=datetime.date(2006, 3, 9)),
        period=period, partner=partner_a, employer_supervisor=employer_a.contact,
        state=PlacementState.IN_PROGRESS,
    )  # fmt: skip


def test_staff_see_the_student_personal_data_on_the_placement(staff_client, placement_a):
    html = staff_client.get(reverse("practice:placement_detail", args=[placement_a.pk])).content.decode()
    assert "09.03.2006" in html and "+7 900 111-22-33" in html and "ivanov@students.example" in html
    assert not StudentDataAccess.objects.exists()


def test_employer_sees_the_placement_without_birth_date_phone_or_email_and_the_view_is_logged(
    client, employer_a, placement_a
):
    client.force_login(employer_a)
    html = client.get(reverse("practice:placement_detail", args=[placement_a.pk])).content.decode()
    assert placement_a.student.full_name in html and "ТМ-23-1" in html
    assert "09.03.2006" not in html and "+7 900 111-22-33" not in html and "ivanov@students.example" not in html
    assert reverse("practice:evaluation_form", args=[placement_a.pk]) in html
    log = StudentDataAccess.objects.get()
    assert (log.user, log.student, log.action) == (employer_a, placement_a.student, StudentDataAccess.Action.VIEW)


def test_an_employer_never_sees_a_student_not_placed_with_them(client, employer_a, period, partner_b, placement_a):
    elsewhere = PlacementFactory(student=student(period.group, "Чужой"), period=period, partner=partner_b,
                                 state=PlacementState.IN_PROGRESS)  # fmt: skip
    Evaluation.objects.create(placement=elsewhere, status=DocumentStatus.SUBMITTED, grade=5, pdf="x.pdf")
    cancelled = PlacementFactory(student=student(period.group, "Отменённый"), period=period,
                                 partner=placement_a.partner, state=PlacementState.CANCELLED, cancel_reason="Болезнь")  # fmt: skip
    client.force_login(employer_a)
    for target in (elsewhere, cancelled):
        for name in ("placement_detail", "evaluation_form", "evaluation_pdf"):
            assert client.get(reverse(f"practice:{name}", args=[target.pk])).status_code == 404, (name, target)
    for guess in range(1, max(elsewhere.pk, cancelled.pk) + 5):
        if guess != placement_a.pk:
            assert client.get(reverse("practice:placement_detail", args=[guess])).status_code == 404
    html = client.get(reverse("practice:employer_placements")).content.decode()
    assert "Иванов" in html and "Чужой" not in html and "Отменённый" not in html
    assert set(StudentDataAccess.objects.values_list("student__last_name", flat=True)) == {"Иванов"}


def test_employer_placements_list_current_and_upcoming_first_with_the_sheet_link_where_due(
    client, employer_a, group, partner_a
):
    past = PracticePeriodFactory(group=group, start_date=days(-90), end_date=days(-60))
    upcoming = PracticePeriodFactory(group=group, start_date=days(20), end_date=days(50))
    current = PracticePeriodFactory(group=group, start_date=days(-10), end_date=days(10))
    old = PlacementFactory(student=student(group, "Прошлый"), period=past, partner=partner_a,
                           state=PlacementState.EVALUATED)  # fmt: skip
    soon = PlacementFactory(student=student(group, "Будущий"), period=upcoming, partner=partner_a)
    now = PlacementFactory(student=student(group, "Нынешний"), period=current, partner=partner_a,
                           state=PlacementState.IN_PROGRESS)  # fmt: skip
    client.force_login(employer_a)
    response = client.get(reverse("practice:employer_placements"))
    rows = response.context["rows"]
    assert [placement for placement, _due, _evaluation in rows] == [now, soon, old]
    assert [due for _placement, due, _evaluation in rows] == [True, False, False]
    html = response.content.decode()
    assert reverse("practice:evaluation_form", args=[now.pk]) in html
    assert reverse("practice:evaluation_form", args=[soon.pk]) not in html
    logged = StudentDataAccess.objects.filter(user=employer_a, action=StudentDataAccess.Action.VIEW)
    assert sorted(logged.values_list("student__last_name", flat=True)) == ["Будущий", "Нынешний", "Прошлый"]


def test_employer_placements_list_runs_the_same_queries_for_1_and_20_students(client, employer_a, group, partner_a):
    period = PracticePeriodFactory(group=group, start_date=days(-10), end_date=days(10))

    def add(count):
        for _ in range(count):
            placement = PlacementFactory(
                student=StudentFactory(group=group), period=period, partner=partner_a,
                employer_supervisor=employer_a.contact, state=PlacementState.IN_PROGRESS,
            )  # fmt: skip
            Evaluation.objects.create(placement=placement, grade=4)

    add(1)
    client.force_login(employer_a)
    assert_constant_queries(client, reverse("practice:employer_placements"), lambda: add(19))


def test_employer_placements_page_without_students_says_what_to_do(client, employer_a):
    client.force_login(employer_a)
    response = client.get(reverse("practice:employer_placements"))
    assert response.context["rows"] == []
    assert reverse("practice:offer_create") in response.content.decode()
    assert not StudentDataAccess.objects.exists()
