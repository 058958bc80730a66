"""An employer sends an offer to the college in one step («Submit to the college» saves and
submits); «Save as a draft» stays for an offer not ready yet; staff, who publish, keep one button."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import Offer, OfferStatus
from practice.services import offers as offer_services
from tests.helpers import ru
from tests.practice.test_offers import offer_post

pytestmark = pytest.mark.django_db
CREATE = reverse("practice:offer_create")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def specialty(db):
    from tests.factories import SpecialtyFactory

    return SpecialtyFactory(code="15.02.16", name="Технология машиностроения")


def test_the_employer_form_offers_submit_first_and_a_draft_second(employer_a_client):
    html = employer_a_client.get(CREATE).content.decode()
    send = html.index('name="action" value="submit"')
    draft = html.index('name="action" value="draft"')
    assert send < draft
    assert html[:send].rstrip().endswith('class="btn btn-primary"')
    assert html[:draft].rstrip().endswith('class="btn btn-outline-primary"')


def test_submit_to_the_college_saves_and_submits_at_once(employer_a_client, employer_a, partner_a, specialty):
    response = employer_a_client.post(
        CREATE, {**offer_post(specialty, employer_a.contact), "action": "submit"}, follow=True
    )
    offer = Offer.objects.get()
    assert (offer.status, offer.partner, offer.created_by) == (OfferStatus.SUBMITTED, partner_a, employer_a)
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == timezone.localdate()
    assert ru("The offer is sent to the college. It becomes visible for placements once published.") in [
        str(message) for message in response.context["messages"]
    ]


@pytest.mark.parametrize("action", ["draft", None, "publish"])
def test_save_as_a_draft_or_no_action_keeps_a_draft(employer_a_client, employer_a, specialty, action):
    data = offer_post(specialty, employer_a.contact)
    if action:
        data["action"] = action
    employer_a_client.post(CREATE, data)
    assert Offer.objects.get().status == OfferStatus.DRAFT


def test_a_submit_that_fails_saves_nothing_and_keeps_the_input(employer_a_client, employer_a, specialty):
    # The dates are valid for the form, but an offer that has ended cannot be submitted.
    data = offer_post(specialty, employer_a.contact, start_date=days(-30).isoformat(), end_date=days(-1).isoformat())
    response = employer_a_client.post(CREATE, {**data, "action": "submit"})
    assert response.status_code == 200
    assert not Offer.objects.exists()
    html = response.content.decode()
    assert 'value="Производственная практика на участке ЧПУ"' in html
    assert ru("The offer's end date has passed: change the dates first.") in html


def test_staff_write_a_draft_to_publish_and_get_no_submit_button(staff_client, partner_a, specialty):
    html = staff_client.get(CREATE).content.decode()
    assert 'value="submit"' not in html
    staff_client.post(CREATE, {**offer_post(specialty, partner=partner_a.pk), "action": "submit"})
    assert Offer.objects.get().status == OfferStatus.DRAFT


def test_a_draft_is_edited_and_submitted_in_one_step(employer_a_client, employer_a, partner_a, specialty):
    offer = offer_services.offer_create(
        partner=partner_a, created_by=employer_a, specialty=specialty, title="Практика", places=2,
        start_date=days(10), end_date=days(40),
    )  # fmt: skip
    edit = reverse("practice:offer_edit", args=[offer.pk])
    assert 'value="submit"' in employer_a_client.get(edit).content.decode()
    employer_a_client.post(edit, {**offer_post(specialty, employer_a.contact, places="5"), "action": "submit"})
    offer.refresh_from_db()
    assert (offer.status, offer.places) == (OfferStatus.SUBMITTED, 5)
    # Submitted: the college has it; editing saves, nothing more to send.
    assert 'value="submit"' not in employer_a_client.get(edit).content.decode()
