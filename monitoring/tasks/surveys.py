"""Tasks: surveys (thin adapters over services.surveys)."""

from celery import shared_task


@shared_task(name="monitoring.send_survey_links")
def send_survey_links(*, campaign_id):
    """E-mails the personal links of an opened campaign; a second run sends nothing new."""
    from ..services.surveys import links_send

    return links_send(campaign_id=campaign_id)
