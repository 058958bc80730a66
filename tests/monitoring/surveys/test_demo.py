"""Demo data of surveys: the templates and a closed anonymous campaign with plausible answers."""

import pytest

from monitoring.demo import surveys as demo
from monitoring.models.surveys import Campaign, CampaignState, Survey
from monitoring.selectors import surveys as selectors
from tests.factories import StudentFactory, StudyGroupFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_templates_and_a_closed_campaign_with_answers_once(staff):
    for number in range(3):
        StudentFactory.create_batch(20, group=StudyGroupFactory(name=f"ТМ-2{number}-1"))
    demo.seed("small", staff=staff)
    demo.seed("small", staff=staff)

    assert Survey.objects.filter(is_template=True).count() == 2
    campaign = Campaign.objects.get()
    assert (campaign.state, campaign.anonymous) == (CampaignState.CLOSED, True)
    recipients, responses = campaign.recipients.count(), campaign.responses.count()
    assert recipients == 60
    assert 0.5 * recipients < responses < 0.9 * recipients
    assert campaign.recipients.filter(used=True).count() == responses
    assert not campaign.responses.filter(recipient__isnull=False).exists()
    income = selectors.campaign_results(campaign)[0]
    assert income["answered"] == responses
    assert income["average"] > 3.5  # income matters to most students
