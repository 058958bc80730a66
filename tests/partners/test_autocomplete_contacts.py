"""The contact and signatory autocompletes (issue 11): the people of the partner chosen on the form
(``?partner=``), at most 20, staff across the register, an employer only their own organisation's
people, anyone else nothing."""

import pytest
from django.urls import reverse

from partnership_portal.widgets import AUTOCOMPLETE_LIMIT
from tests.factories import ContactFactory

CONTACTS = reverse("partners:contact_autocomplete")
SIGNATORIES = reverse("partners:signatory_autocomplete")


def results(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(response):
    return [row["id"] for row in results(response)["results"]]


@pytest.fixture
def people(partner_a, partner_b):
    return {
        "a_engineer": ContactFactory(partner=partner_a, last_name="Иванов", position="Главный инженер"),
        "a_director": ContactFactory(partner=partner_a, last_name="Иваненко", position="Директор", is_signatory=True),
        "a_gone": ContactFactory(partner=partner_a, last_name="Иванцов", is_signatory=True, is_active=False),
        "b_director": ContactFactory(partner=partner_b, last_name="Иваницкий", position="Директор", is_signatory=True),
    }


def test_staff_find_active_contacts_of_every_organisation_by_name_or_position(staff_client, people):
    found = ids(staff_client.get(CONTACTS, {"q": "иван"}))
    assert set(found) == {people[key].pk for key in ("a_engineer", "a_director", "b_director")}
    assert ids(staff_client.get(CONTACTS, {"q": "иван директор"})) == [people["a_director"].pk, people["b_director"].pk]


def test_the_label_names_the_person_the_position_and_the_organisation(staff_client, people, partner_a):
    data = results(staff_client.get(CONTACTS, {"q": "иваненко"}))
    director = people["a_director"]
    assert data["results"] == [
        {"id": director.pk, "label": f"{director.full_name}, Директор — {partner_a.display_name}"}
    ]


def test_the_partner_chosen_on_the_form_narrows_the_contacts(staff_client, people, partner_a, partner_b):
    assert set(ids(staff_client.get(CONTACTS, {"q": "иван", "partner": partner_b.pk}))) == {people["b_director"].pk}
    assert set(ids(staff_client.get(CONTACTS, {"q": "иван", "partner": partner_a.pk}))) == {
        people["a_engineer"].pk,
        people["a_director"].pk,
    }


def test_signatories_are_only_those_who_sign_and_still_work_there(staff_client, people, partner_a):
    assert ids(staff_client.get(SIGNATORIES, {"q": "иван", "partner": partner_a.pk})) == [people["a_director"].pk]
    assert set(ids(staff_client.get(SIGNATORIES, {"q": "иван"}))) == {people["a_director"].pk, people["b_director"].pk}


def test_at_most_the_limit_is_returned(staff_client, partner_a):
    for index in range(AUTOCOMPLETE_LIMIT + 3):
        ContactFactory(partner=partner_a, last_name=f"Петров{index:02d}")
    data = results(staff_client.get(CONTACTS, {"q": "петров"}))
    assert len(data["results"]) == AUTOCOMPLETE_LIMIT and data["more"] is True


def test_an_employer_never_gets_another_organisations_contacts(client, employer_a, people, partner_b):
    client.force_login(employer_a)
    for url in (CONTACTS, SIGNATORIES):
        for params in ({"q": "иван"}, {"q": "иваницкий"}, {"q": "иван", "partner": partner_b.pk}, {"q": "директор"}):
            found = ids(client.get(url, params))
            assert people["b_director"].pk not in found
            assert all(pk in {people["a_engineer"].pk, people["a_director"].pk} for pk in found)
    assert ids(client.get(CONTACTS, {"q": "иваненко"})) == [people["a_director"].pk]


def test_anonymous_users_are_sent_to_log_in(client, people):
    for url in (CONTACTS, SIGNATORIES):
        response = client.get(url, {"q": "иван"})
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("partner", ["", "abc", "-1", "1e9", "9" * 40, "1\x00"])
@pytest.mark.parametrize("query", ["", "и", "x" * 5000, "%_", "ab\x00cd"])
def test_bad_input_gives_an_answer_not_an_error(staff_client, people, partner, query):
    for url in (CONTACTS, SIGNATORIES):
        data = results(staff_client.get(url, {"q": query, "partner": partner}))
        assert len(data["results"]) <= AUTOCOMPLETE_LIMIT
        if len(query.strip()) < 2:
            assert data == {"results": [], "more": False}


def test_only_get_is_answered(staff_client, people):
    assert staff_client.post(CONTACTS, {"q": "иван"}).status_code == 405
