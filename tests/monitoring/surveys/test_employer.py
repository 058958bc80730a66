"""Employers: the open surveys sent to their organisation, with their own link only."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models.surveys import Audience, Campaign
from monitoring.services import surveys as services
from tests.factories import ContactFactory

from .factories import make_campaign, make_survey, open_campaign

pytestmark = pytest.mark.django_db


def contact_campaign(staff, partners, **fields):
    campaign = make_campaign(survey=make_survey(by=staff), by=staff, audience=Audience.CONTACTS, partners=partners,
                             **fields)  # fmt: skip
    return open_campaign(campaign, by=staff)


def test_employer_sees_its_organisations_open_surveys_with_its_own_link_only(
    client, staff, employer_a, employer_b, partner_a, partner_b
):
    colleague = ContactFactory(partner=partner_a, email="colleague@uralmash.example")
    campaign_a = contact_campaign(staff, [partner_a], title="Оценка практики", anonymous=False)
    contact_campaign(staff, [partner_b], title="Только для Б")
    closed = contact_campaign(staff, [partner_a], title="Закрытый опрос")
    services.campaign_close(campaign=closed, by=staff)

    client.force_login(employer_a)
    page = client.get(reverse("monitoring:survey_mine")).content.decode()
    assert campaign_a.survey.title in page
    assert "Только для Б" not in page
    assert page.count("/monitoring/s/") == 1
    [token] = re.findall(r"/monitoring/s/([^/\"]+)/", page)
    own = services.recipient_from_token(token)
    assert own.contact == employer_a.contact
    assert own.contact != colleague

    client.post(reverse("monitoring:survey_answer", args=[token]), {})  # refused: required answers missing
    assert not own.campaign.responses.exists()


def test_employer_with_no_open_survey_sees_what_happens_next(client, employer_a, employer_b, staff, partner_a):
    contact_campaign(staff, [partner_a])
    client.force_login(employer_b)
    response = client.get(reverse("monitoring:survey_mine"))
    assert response.status_code == 200
    assert "/monitoring/s/" not in response.content.decode()


def test_surveys_past_their_closing_day_are_not_listed(client, staff, employer_a, partner_a):
    campaign = contact_campaign(staff, [partner_a])
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    client.force_login(employer_a)
    assert "/monitoring/s/" not in client.get(reverse("monitoring:survey_mine")).content.decode()


def test_staff_get_404_on_the_employer_page(staff_client):
    assert staff_client.get(reverse("monitoring:survey_mine")).status_code == 404
