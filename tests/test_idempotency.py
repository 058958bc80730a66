"""A create form sent twice makes one object (issue 13, finding 6): contracts, offers, interactions.

The form carries a one-time token; the second POST with it redirects to what the first made. A
POST without a token (an old page) is still served, unprotected: see ``partnership_portal.idempotency``.
"""

import re
import uuid
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractBatch, ContractState, ContractType
from events.models import (
    AgendaItem,
    Body,
    BodyKind,
    Contribution,
    ContributionKind,
    Event,
    EventPlace,
    EventType,
    Expert,
    Meeting,
    MemberRole,
    Membership,
    Programme,
)  # fmt: skip
from events.services import councils as council_services
from partners.models import Contact, Interaction, Partner
from partnership_portal.idempotency import FIELD
from partnership_portal.models import SubmissionToken
from practice.models import Offer, Placement, PracticePeriod, TeacherInternship, Thesis
from tests.factories import (
    ContactFactory,
    PlacementFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
)  # fmt: skip
from tests.helpers import ru

ALREADY_SENT = "This form was already sent; here is what it created."


def today():
    return timezone.localdate()


def token_in(response):
    """The token the page rendered into its form."""
    match = re.search(rf'name="{FIELD}" value="([0-9a-f-]{{36}})"', response.content.decode())
    assert match, "the form has no submission token"
    return match.group(1)


@pytest.fixture
def contract_form(partner_a):
    url = reverse("contracts:create") + "?type=consulting"
    data = {"partner": partner_a.pk, "signed_on": today().isoformat(), "start_date": today().isoformat(),
            "end_date": (today() + timedelta(days=90)).isoformat(), "subject": "Консультации по наладке станков",
            "amount": "120000.50", "direction": "college_performs", "vat": "22", "payment_days": 10}  # fmt: skip
    return url, data, Contract, "contracts:detail"


@pytest.fixture
def offer_form(db):
    specialty = SpecialtyFactory()
    data = {"partner": "", "title": "Практика на участке ЧПУ", "specialty": specialty.pk, "places": "3",
            "start_date": (today() + timedelta(days=10)).isoformat(),
            "end_date": (today() + timedelta(days=60)).isoformat(), "location": "г. Екатеринбург"}  # fmt: skip
    return reverse("practice:offer_create"), data, Offer, "practice:offer_detail"


@pytest.fixture
def interaction_form(partner_a):
    data = {"kind": "call", "date": today().isoformat(), "summary": "Обсудили практику"}
    return reverse("partners:interaction_create", args=[partner_a.pk]), data, Interaction, None


@pytest.fixture(params=["contract_form", "offer_form", "interaction_form"])
def create_form(request, partner_a, staff_client):
    url, data, model, detail = request.getfixturevalue(request.param)
    if "partner" in data and model is Offer:
        data["partner"] = partner_a.pk
    return staff_client, url, data, model, detail


def test_the_same_form_sent_twice_makes_one_object_and_the_second_redirects_to_it(create_form):
    client, url, data, model, detail = create_form
    token = token_in(client.get(url))
    first = client.post(url, {**data, FIELD: token})
    assert first.status_code == 302
    created = model.objects.get()
    if detail:
        assert first["Location"] == reverse(detail, args=[created.pk])

    second = client.post(url, {**data, FIELD: token})
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert [str(message) for message in get_messages(second.wsgi_request)][-1] == ru(ALREADY_SENT)
    assert model.objects.count() == 1


def test_two_forms_make_two_objects(create_form):
    client, url, data, model, _detail = create_form
    first, second = token_in(client.get(url)), token_in(client.get(url))
    assert first != second
    client.post(url, {**data, FIELD: first})
    client.post(url, {**data, FIELD: second})
    assert model.objects.count() == 2


def test_a_post_without_a_token_is_still_served_unprotected(create_form):
    """Decided: forms opened before the deploy (or a malformed token) keep working."""
    client, url, data, model, _detail = create_form
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, FIELD: "not-a-uuid"}).status_code == 302
    assert model.objects.count() == 2
    assert not SubmissionToken.objects.exists()


def test_a_form_sent_back_with_errors_keeps_its_token_and_can_be_sent_again(staff_client, interaction_form):
    url, data, model, _detail = interaction_form
    token = str(uuid.uuid4())
    invalid = staff_client.post(url, {**data, "summary": "", FIELD: token})
    assert invalid.status_code == 200
    assert token_in(invalid) == token
    assert not SubmissionToken.objects.exists()
    assert staff_client.post(url, {**data, FIELD: token}).status_code == 302
    assert staff_client.post(url, {**data, FIELD: token}).status_code == 302
    assert model.objects.count() == 1


def test_the_contract_forms_htmx_refresh_keeps_the_token(staff_client, partner_a):
    token = str(uuid.uuid4())
    query = {"type": "consulting", "partner": partner_a.pk, FIELD: token}
    refreshed = staff_client.get(reverse("contracts:create"), query, headers={"HX-Request": "true"})
    assert refreshed.templates[0].name == "contracts/_contract_form.html"
    assert token_in(refreshed) == token


def test_another_users_token_creates_nothing(client, staff, teacher, interaction_form):
    url, data, model, _detail = interaction_form
    token = str(uuid.uuid4())
    client.force_login(staff)
    client.post(url, {**data, FIELD: token})
    client.force_login(teacher)
    response = client.post(url, {**data, FIELD: token})
    assert response["Location"] == reverse("home")
    assert model.objects.count() == 1


# --- Every other create form (a family per row) -------------------------------------------------


def at(days, hour=10):
    """A local date-time ``days`` from today at ``hour``, as a datetime-local input sends it."""
    return timezone.make_aware(datetime.combine(today() + timedelta(days=days), time(hour))).strftime("%Y-%m-%dT%H:%M")


def _partner(f):
    from tests.partners.test_views import partner_post

    return f.staff_client, reverse("partners:create"), partner_post(), Partner.objects.filter(inn=partner_post()["inn"])


def _contact(f):
    data = {"last_name": "Сидоров", "first_name": "Пётр", "position": "Мастер участка", "email": "sidorov@example.org"}
    url = reverse("partners:contact_create", args=[f.partner_a.pk])
    return f.staff_client, url, data, Contact.objects.filter(last_name="Сидоров")


def _period(f):
    from tests.practice.test_periods import period_post

    data = period_post(StudyGroupFactory(), TeacherFactory())
    return f.staff_client, reverse("practice:period_create"), data, PracticePeriod.objects.all()


def _placement(f):
    period = PracticePeriodFactory()
    student = StudentFactory(group=period.group)
    url = reverse("practice:placement_create", args=[period.pk])
    return f.staff_client, url, {"student": student.pk, "partner": f.partner_a.pk}, Placement.objects.all()


def _thesis(f):
    data = {"student": StudentFactory().pk, "topic": "Модернизация привода токарного станка"}
    return f.staff_client, reverse("practice:thesis_create"), data, Thesis.objects.all()


def _internship(f):
    from tests.test_input_bounds import internship

    return f.staff_client, reverse("practice:internship_create"), internship(), TeacherInternship.objects.all()


def _amendment(f):
    from tests.contracts import contract_of

    parent = contract_of(ContractType.COOPERATION, f.partner_a, f.staff)
    Contract.objects.filter(pk=parent.pk).update(state=ContractState.ACTIVE)
    data = {"partner_signatory": parent.partner_signatory_id, "partner_basis": "Устава",
            "signed_on": today().isoformat(), "start_date": today().isoformat(),
            "end_date": parent.end_date.isoformat(), "subject": "Срок действия продлить."}  # fmt: skip
    url = reverse("contracts:amend", args=[parent.pk])
    return f.staff_client, url, data, Contract.objects.filter(type=ContractType.AMENDMENT)


def _event(f):
    data = {"type": EventType.EXCURSION, "title": "Экскурсия в цех", "place": EventPlace.PARTNER,
            "site_partner": f.partner_a.pk, "starts_at": at(6), "ends_at": at(6, 12), "organiser": f.staff.pk}  # fmt: skip
    return f.staff_client, reverse("events:event_create"), data, Event.objects.all()


def _proposal(f):
    data = {"type": EventType.EXCURSION, "title": "Экскурсия в литейный цех", "place": EventPlace.PARTNER,
            "starts_at": at(12), "ends_at": at(12, 12)}  # fmt: skip
    return f.employer_a_client, reverse("events:event_propose"), data, Event.objects.all()


def _expert(f):
    data = {"contact": ContactFactory(partner=f.partner_a).pk, "competence": "Токарные работы на станках с ЧПУ",
            "certificate_number": "0000123", "certificate_expires_on": (today() + timedelta(days=365)).isoformat()}  # fmt: skip
    return f.staff_client, reverse("events:expert_create"), data, Expert.objects.all()


def _contribution(f):
    data = {"partner": f.partner_a.pk, "kind": ContributionKind.MONEY, "value": "150000.00",
            "date": today().isoformat(), "description": "Пожертвование на ремонт мастерской", "document": "Письмо № 1"}  # fmt: skip
    return f.staff_client, reverse("events:contribution_create"), data, Contribution.objects.all()


def _programme(f):
    year = today().year
    data = {"name": "Лаборатория ЧПУ", "budget": "1000000.00", "start_year": year, "end_year": year + 2}
    return f.staff_client, reverse("events:programme_create"), data, Programme.objects.all()


def _body(f):
    data = {"kind": BodyKind.EMPLOYERS_COUNCIL, "name": "Совет работодателей"}
    return f.staff_client, reverse("events:body_create"), data, Body.objects.all()


def _meeting(f):
    body = council_services.body_create(kind=BodyKind.EMPLOYERS_COUNCIL, name="Совет", created_by=f.staff)
    url = reverse("events:meeting_create", args=[body.pk])
    return f.staff_client, url, {"date": today().isoformat(), "place": "Актовый зал"}, Meeting.objects.all()


def _agenda_item(f):
    body = council_services.body_create(kind=BodyKind.EMPLOYERS_COUNCIL, name="Совет", created_by=f.staff)
    meeting = council_services.meeting_create(body=body, date=today(), place="Зал", created_by=f.staff)
    url = reverse("events:item_create", args=[meeting.pk])
    return f.staff_client, url, {"title": "О практике"}, AgendaItem.objects.all()


def _batch(f):
    from tests.contracts import signatory_for

    signatory_for(f.partner_a)
    period = PracticePeriodFactory(start_date=today(), end_date=today() + timedelta(days=30))
    PlacementFactory(period=period, student=StudentFactory(group=period.group), partner=f.partner_a)
    url = reverse("contracts:batch_create", args=[period.pk])
    return f.staff_client, url, {}, ContractBatch.objects.all()


def _membership(f):
    body = council_services.body_create(kind=BodyKind.EMPLOYERS_COUNCIL, name="Совет", created_by=f.staff)
    data = {"contact": ContactFactory(partner=f.partner_a).pk, "role": MemberRole.MEMBER,
            "term_start": today().isoformat()}  # fmt: skip
    return f.staff_client, reverse("events:membership_create", args=[body.pk]), data, Membership.objects.all()


FAMILIES = {
    "partner": _partner, "contact": _contact, "period": _period, "placement": _placement, "thesis": _thesis,
    "internship": _internship, "amendment": _amendment, "event": _event, "proposal": _proposal,
    "expert": _expert, "contribution": _contribution, "programme": _programme, "body": _body,
    "meeting": _meeting, "agenda_item": _agenda_item, "batch": _batch, "membership": _membership,
}  # fmt: skip


@pytest.fixture
def personas(staff, partner_a, employer_a, client):
    """The staff member (also manages events) and A's employer, each with their own client."""
    from django.test import Client

    from partnership_portal.accounts.models import StaffGroup
    from tests.conftest import with_groups

    with_groups(staff, StaffGroup.PRACTICE_COORDINATOR, StaffGroup.PARTNERSHIP_MANAGER)
    client.force_login(staff)
    employer_a_client = Client()
    employer_a_client.force_login(employer_a)
    return SimpleNamespace(staff=staff, partner_a=partner_a, staff_client=client, employer_a_client=employer_a_client)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_create_form_sent_twice_makes_one_object(family, personas):
    client, url, data, created = FAMILIES[family](personas)
    before = created.count()
    page = client.get(url)
    assert page.status_code == 200
    token = token_in(page)

    first = client.post(url, {**data, FIELD: token})
    assert first.status_code == 302, first.context and first.context["form"].errors
    assert created.count() == before + 1

    second = client.post(url, {**data, FIELD: token})
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    assert [str(message) for message in get_messages(second.wsgi_request)][-1] == ru(ALREADY_SENT)
    assert created.count() == before + 1
