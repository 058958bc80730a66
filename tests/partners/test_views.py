from django.urls import reverse

from tests.factories import PartnerFactory
from tests.helpers import assert_constant_queries


def test_partner_list_shows_partners_and_paginates(staff_client, settings):
    settings.PAGINATE_BY = 10
    PartnerFactory.create_batch(25)
    first = staff_client.get(reverse("partners:list"))
    assert len(first.context["page_obj"].object_list) == 10
    third = staff_client.get(reverse("partners:list"), {"page": 3})
    assert len(third.context["page_obj"].object_list) == 5
    assert "Показаны 21–25 из 25" in third.content.decode()
    # A page number out of range shows the last page instead of an error.
    assert staff_client.get(reverse("partners:list"), {"page": 99}).context["page_obj"].number == 3


def test_partner_list_search_keeps_the_query(staff_client):
    PartnerFactory(name="АО «Уралмашзавод»")
    PartnerFactory(name="ООО «Сибэнергомонтаж»")
    response = staff_client.get(reverse("partners:list"), {"q": "уралмаш"})
    html = response.content.decode()
    assert "АО «Уралмашзавод»" in html and "Сибэнергомонтаж" not in html
    assert 'value="уралмаш"' in html


def test_partner_list_empty_states(staff_client):
    assert 'href="/partners/import/"' in staff_client.get(reverse("partners:list")).content.decode()
    html = staff_client.get(reverse("partners:list"), {"q": "нет такого"}).content.decode()
    assert 'href="/partners/"' in html and "partner-table" not in html


def test_partner_list_query_count_does_not_grow_with_rows(staff_client):
    PartnerFactory()
    queries = assert_constant_queries(staff_client, reverse("partners:list"), lambda: PartnerFactory.create_batch(20))
    assert queries == 7  # session, user, groups, count, page, specialties, specialty filter choices


def test_employer_sees_own_organisation_profile(employer_a_client, partner_a, partner_b):
    response = employer_a_client.get(reverse("partners:profile"))
    assert response.context["partner"] == partner_a
    assert employer_a_client.get(reverse("partners:detail", args=[partner_b.pk])).status_code == 404
    assert employer_a_client.get(reverse("partners:detail", args=[partner_a.pk])).status_code == 404
    assert employer_a_client.get(reverse("partners:list")).status_code == 404
