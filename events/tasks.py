"""Celery tasks of the events app: thin adapters that call services."""

from celery import shared_task


@shared_task(name="events.send_event_reminders")
def send_event_reminders():
    """The day before an event, a letter to every participant with an e-mail (once each)."""
    from .services.events import reminders_send

    return reminders_send()


@shared_task(name="events.render_protocol_pdf")
def render_protocol_pdf(*, meeting_id):
    from .documents import render_protocol_pdf as render

    render(meeting_id)
