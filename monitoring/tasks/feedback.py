"""Tasks: employers' feedback on the programmes (thin: ids in, the service does the work)."""

from celery import shared_task

from ..services import feedback as services


@shared_task(name="monitoring.feedback.notify_requirement_decision")
def notify_requirement_decision(*, requirement_id):
    """E-mails the partner the college's decision on its requirement. Idempotent: a decision is
    sent once, and nothing is sent for a requirement that is gone or pending again."""
    services.requirement_notify(requirement_id=requirement_id)
