"""Offers of places: employers write and submit them, staff publish and close them; each
employer sees only their own."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partners.models import Partner
from practice.models import Offer, OfferStatus, PlacementState
from practice.services import offers as offer_services
from practice.tasks import close_expired_offers
from tests.factories import ContactFactory, OfferFactory, PartnerFactory, PlacementFactory, SpecialtyFactory
from tests.helpers import assert_constant_queries, ru

LOGIN = "login"


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


@pytest.fixture
def roles(staff, employer_a, employer_b, admin_user):
    return {"anon": None, "staff": staff, "employer_a": employer_a, "employer_b": employer_b, "admin": admin_user}


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def specialty(db):
    return SpecialtyFactory(code="15.02.16", name="Технология машиностроения")


def offer_post(specialty, contact=None, **overrides):
    data = {
        "title": "Производственная практика на участке ЧПУ",
        "specialty": specialty.pk,
        "places": "3",
        "start_date": days(10).isoformat(),
        "end_date": days(60).isoformat(),
        "location": "г. Екатеринбург, пл. Первой пятилетки, 1",
        "requirements": "Допуск по охране труда",
        "is_paid": "on",
        "contact": contact.pk if contact else "",
    }
    return {**data, **overrides}


def test_offer_pages_answer_each_role_as_the_url_table_says(client, roles, staff, employer_a, partner_a, specialty):
    draft = offer_services.offer_create(
        partner=partner_a, created_by=employer_a, specialty=specialty, title="Практика", places=2,
        start_date=days(10), end_date=days(40),
    )  # fmt: skip
    every_user = {"anon": LOGIN, "staff": 200, "employer_a": 200, "employer_b": 200, "admin": 200}
    own = {"anon": LOGIN, "staff": 200, "employer_a": 200, "employer_b": 404, "admin": 200}
    assert statuses(client, reverse("practice:offer_list"), roles) == every_user
    assert statuses(client, reverse("practice:offer_create"), roles) == every_user
    assert statuses(client, reverse("practice:offer_detail", args=[draft.pk]), roles) == own
    assert statuses(client, reverse("practice:offer_edit", args=[draft.pk]), roles) == own
    post_only = {"anon": LOGIN, "staff": 405, "employer_a": 405, "employer_b": 405, "admin": 405}
    staff_action = {"anon": LOGIN, "staff": 405, "employer_a": 404, "employer_b": 404, "admin": 405}
    assert statuses(client, reverse("practice:offer_submit", args=[draft.pk]), roles) == post_only
    for name in ("offer_publish", "offer_close"):
        assert statuses(client, reverse(f"practice:{name}", args=[draft.pk]), roles) == staff_action, name


def test_acceptance_an_employer_posts_an_offer_and_staff_publish_it(client, employer_a, staff, partner_a, specialty):
    contact = employer_a.contact
    client.force_login(employer_a)
    response = client.post(reverse("practice:offer_create"), offer_post(specialty, contact))
    offer = Offer.objects.get()
    assert response["Location"] == reverse("practice:offer_detail", args=[offer.pk])
    assert (offer.partner, offer.contact, offer.created_by, offer.status) == (
        partner_a, contact, employer_a, OfferStatus.DRAFT
    )  # fmt: skip
    assert offer.is_paid and offer.places == 3
    client.post(reverse("practice:offer_submit", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == timezone.localdate()

    client.force_login(staff)
    waiting = client.get(reverse("practice:offer_list"), {"status": "submitted"})
    assert list(waiting.context["page_obj"]) == [offer]
    assert (
        reverse("practice:offer_publish", args=[offer.pk])
        in client.get(reverse("practice:offer_detail", args=[offer.pk])).content.decode()
    )
    response = client.post(reverse("practice:offer_publish", args=[offer.pk]))
    assert response["Location"] == reverse("practice:offer_detail", args=[offer.pk])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer.published_at is not None

    client.force_login(employer_a)
    mine = client.get(reverse("practice:offer_list"))
    assert [(o, o.status) for o in mine.context["page_obj"]] == [(offer, OfferStatus.PUBLISHED)]


def test_employer_offer_form_lists_only_own_contacts(client, employer_a, partner_a, partner_b, specialty):
    ContactFactory(partner=partner_b, last_name="Чужаков")
    client.force_login(employer_a)
    form = client.get(reverse("practice:offer_create")).context["form"]
    assert "partner" not in form.fields
    assert list(form.fields["contact"].queryset) == [employer_a.contact]


def test_contact_of_another_organisation_is_refused_and_the_input_kept(client, employer_a, partner_b, specialty):
    stranger = ContactFactory(partner=partner_b)
    client.force_login(employer_a)
    response = client.post(reverse("practice:offer_create"), offer_post(specialty, stranger))
    html = response.content.decode()
    assert response.status_code == 200
    assert "contact" in response.context["form"].errors
    assert 'value="Производственная практика на участке ЧПУ"' in html
    assert "Допуск по охране труда" in html
    assert not Offer.objects.exists()


def test_offer_ending_before_it_starts_is_refused_and_the_input_kept(client, employer_a, specialty):
    client.force_login(employer_a)
    response = client.post(
        reverse("practice:offer_create"),
        offer_post(specialty, start_date=days(30).isoformat(), end_date=days(5).isoformat()),
    )
    assert response.status_code == 200
    assert ru("The end date cannot be before the start date.") in response.content.decode()
    assert 'value="г. Екатеринбург, пл. Первой пятилетки, 1"' in response.content.decode()
    assert not Offer.objects.exists()


def test_staff_write_an_offer_on_behalf_of_a_partner_and_publish_it_directly(staff_client, staff, partner_a, specialty):
    contact = ContactFactory(partner=partner_a)
    response = staff_client.post(
        reverse("practice:offer_create"), {**offer_post(specialty, contact), "partner": partner_a.pk}
    )
    offer = Offer.objects.get()
    assert response["Location"] == reverse("practice:offer_detail", args=[offer.pk])
    assert (offer.partner, offer.contact, offer.status) == (partner_a, contact, OfferStatus.DRAFT)
    staff_client.post(reverse("practice:offer_publish", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


def test_staff_offer_needs_a_contact_of_the_chosen_partner(staff_client, partner_a, partner_b, specialty):
    contact_b = ContactFactory(partner=partner_b)
    response = staff_client.post(
        reverse("practice:offer_create"), {**offer_post(specialty, contact_b), "partner": partner_a.pk}
    )
    assert response.status_code == 200
    assert "contact" in response.context["form"].errors
    assert not Offer.objects.exists()


def test_a_teacher_cannot_create_or_publish_offers(client, teacher, partner_a, specialty):
    offer = OfferFactory(partner=partner_a, specialty=specialty, status=OfferStatus.SUBMITTED)
    client.force_login(teacher)
    assert client.get(reverse("practice:offer_list")).status_code == 200
    assert client.get(reverse("practice:offer_create")).status_code == 403
    assert client.post(reverse("practice:offer_publish", args=[offer.pk])).status_code == 403


def test_an_employer_draft_cannot_be_published_before_it_is_submitted(staff, employer_a, partner_a, specialty):
    offer = offer_services.offer_create(
        partner=partner_a, created_by=employer_a, specialty=specialty, title="Практика", places=2,
        start_date=days(10), end_date=days(40),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        offer_services.offer_publish(offer=offer, published_by=staff)
    offer_services.offer_submit(offer=offer, submitted_by=employer_a)
    with pytest.raises(ValidationError):
        offer_services.offer_submit(offer=offer, submitted_by=employer_a)
    offer_services.offer_close(offer=offer, closed_by=staff)
    with pytest.raises(ValidationError):
        offer_services.offer_publish(offer=offer, published_by=staff)
    with pytest.raises(ValidationError):
        offer_services.offer_update(offer=offer, updated_by=staff, places=5)


def test_workflow_errors_come_back_as_messages_not_errors(staff_client, partner_a, specialty):
    offer = OfferFactory(partner=partner_a, specialty=specialty, status=OfferStatus.CLOSED)
    response = staff_client.post(reverse("practice:offer_close", args=[offer.pk]), follow=True)
    assert response.status_code == 200
    assert ru("The offer is already closed.") in response.content.decode()


def test_employers_cannot_publish_or_close_even_their_own_offer(client, employer_a, partner_a, specialty):
    offer = OfferFactory(partner=partner_a, specialty=specialty, status=OfferStatus.SUBMITTED)
    client.force_login(employer_a)
    assert client.post(reverse("practice:offer_publish", args=[offer.pk])).status_code == 404
    assert client.post(reverse("practice:offer_close", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED


def test_employer_edits_an_offer_until_it_is_published(client, employer_a, partner_a, specialty):
    offer = OfferFactory(partner=partner_a, specialty=specialty, status=OfferStatus.SUBMITTED, start_date=days(5),
                         end_date=days(30))  # fmt: skip
    client.force_login(employer_a)
    response = client.post(
        reverse("practice:offer_edit", args=[offer.pk]), offer_post(specialty, employer_a.contact, places="5")
    )
    assert response["Location"] == reverse("practice:offer_detail", args=[offer.pk])
    offer.refresh_from_db()
    assert (offer.places, offer.status, offer.contact) == (5, OfferStatus.SUBMITTED, employer_a.contact)
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.PUBLISHED)
    assert client.get(reverse("practice:offer_edit", args=[offer.pk])).status_code == 403
    assert client.post(reverse("practice:offer_submit", args=[offer.pk])).status_code == 403


def test_places_cannot_drop_below_the_students_already_placed(staff_client, partner_a, specialty):
    offer = OfferFactory(partner=partner_a, specialty=specialty, places=3, start_date=days(1), end_date=days(60))
    PlacementFactory.create_batch(2, offer=offer, partner=partner_a)
    response = staff_client.post(reverse("practice:offer_edit", args=[offer.pk]), offer_post(specialty, places="1"))
    assert response.status_code == 200
    assert "places" in response.context["form"].errors
    offer.refresh_from_db()
    assert offer.places == 3


def test_employer_sees_only_own_offers_and_gets_404_for_others(client, employer_a, partner_a, partner_b, specialty):
    own = OfferFactory(partner=partner_a, specialty=specialty, title="Наша практика")
    other = OfferFactory(partner=partner_b, specialty=specialty, title="Чужая практика", status=OfferStatus.DRAFT)
    client.force_login(employer_a)
    response = client.get(reverse("practice:offer_list"))
    assert list(response.context["page_obj"]) == [own]
    assert "Чужая практика" not in response.content.decode()
    for name in ("offer_detail", "offer_edit"):
        assert client.get(reverse(f"practice:{name}", args=[other.pk])).status_code == 404
    assert client.post(reverse("practice:offer_submit", args=[other.pk])).status_code == 404
    assert client.get(reverse("practice:offer_detail", args=[other.pk + 1000])).status_code == 404


def test_offer_list_filters_by_status_specialty_and_organisation(staff_client, specialty):
    uralmash = PartnerFactory(name="АО «Уралмашзавод»", search_text="ао «уралмашзавод»")
    elmash = PartnerFactory(name="ООО «Элмаш»", search_text="ооо «элмаш»")
    other_specialty = SpecialtyFactory(code="13.02.11", name="Техническая эксплуатация электрооборудования")
    published = OfferFactory(partner=uralmash, specialty=specialty)
    draft = OfferFactory(partner=uralmash, specialty=specialty, status=OfferStatus.DRAFT)
    electric = OfferFactory(partner=elmash, specialty=other_specialty)

    def listed(**params):
        return set(staff_client.get(reverse("practice:offer_list"), params).context["page_obj"])

    assert listed() == {published, draft, electric}
    assert listed(status="draft") == {draft}
    assert listed(specialty=other_specialty.pk) == {electric}
    assert listed(q="УРАЛМАШ") == {published, draft}
    assert listed(status="nonsense", specialty="x") == {published, draft, electric}


def test_offer_list_and_detail_show_places_taken_and_left(staff_client, partner_a, specialty):
    offer = OfferFactory(partner=partner_a, specialty=specialty, places=3)
    PlacementFactory(offer=offer, partner=partner_a)
    PlacementFactory(offer=offer, partner=partner_a, state=PlacementState.CANCELLED, cancel_reason="Болезнь")
    listed = staff_client.get(reverse("practice:offer_list")).context["page_obj"][0]
    assert (listed.taken, listed.places) == (1, 3)
    detail = staff_client.get(reverse("practice:offer_detail", args=[offer.pk]))
    assert (detail.context["offer"].taken, detail.context["left"]) == (1, 2)
    assert 'data-testid="places-left">2<' in detail.content.decode()


@pytest.mark.parametrize("who", ["staff", "employer_a"])
def test_offer_list_runs_the_same_queries_for_1_and_20_offers(client, request, who, partner_a, specialty):
    client.force_login(request.getfixturevalue(who))

    def add(count):
        for _ in range(count):
            offer = OfferFactory(partner=partner_a, specialty=specialty, contact=ContactFactory(partner=partner_a))
            PlacementFactory(offer=offer, partner=partner_a)

    add(1)
    assert_constant_queries(client, reverse("practice:offer_list"), lambda: add(19))


def test_expired_submitted_and_published_offers_close_by_themselves(partner_a, specialty):
    today = timezone.localdate()
    expired_published = OfferFactory(partner=partner_a, specialty=specialty, start_date=days(-30), end_date=days(-1))
    expired_submitted = OfferFactory(
        partner=partner_a, specialty=specialty, status=OfferStatus.SUBMITTED, start_date=days(-30), end_date=days(-1)
    )
    expired_draft = OfferFactory(
        partner=partner_a, specialty=specialty, status=OfferStatus.DRAFT, start_date=days(-30), end_date=days(-1)
    )
    ends_today = OfferFactory(partner=partner_a, specialty=specialty, start_date=days(-30), end_date=today)
    assert offer_services.offers_close_expired() == 2
    assert offer_services.offers_close_expired() == 0
    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert statuses == {
        expired_published.pk: OfferStatus.CLOSED,
        expired_submitted.pk: OfferStatus.CLOSED,
        expired_draft.pk: OfferStatus.DRAFT,
        ends_today.pk: OfferStatus.PUBLISHED,
    }
    assert Offer.objects.get(pk=expired_published.pk).closed_at is not None
    # The daily task closes the rest as days pass.
    assert offer_services.offers_close_expired(today=today + datetime.timedelta(days=1)) == 1


def test_daily_task_closes_expired_offers(partner_a, specialty, django_capture_on_commit_callbacks):
    offer = OfferFactory(partner=partner_a, specialty=specialty, start_date=days(-30), end_date=days(-2))
    with django_capture_on_commit_callbacks(execute=True):
        close_expired_offers.delay()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED


def test_an_expired_offer_cannot_be_submitted_or_published(staff, employer_a, partner_a, specialty):
    offer = OfferFactory(partner=partner_a, specialty=specialty, status=OfferStatus.DRAFT, start_date=days(-30),
                         end_date=days(-1))  # fmt: skip
    with pytest.raises(ValidationError):
        offer_services.offer_submit(offer=offer, submitted_by=employer_a)
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        offer_services.offer_publish(offer=offer, published_by=staff)
    assert Partner.objects.get(pk=partner_a.pk).last_activity_on is None
