"""A create form sent twice makes one object (issue 13, finding 6): contracts, offers, interactions.

The form carries a one-time token; the second POST with it redirects to what the first made. A
POST without a token (an old page) is still served, unprotected: see ``partnership_portal.idempotency``.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract
from partners.models import Interaction
from partnership_portal.idempotency import FIELD
from partnership_portal.models import SubmissionToken
from practice.models import Offer
from tests.factories import SpecialtyFactory
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
