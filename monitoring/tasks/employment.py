"""Tasks: employment checkpoints."""

from celery import shared_task


@shared_task(name="monitoring.remind_employment_checkpoints")
def remind_employment_checkpoints():
    """Daily: tells the practice coordinators, once per group and checkpoint, that a graduated
    group's 6-, 12- or 24-month checkpoint fell due (idempotent: a reminder is never sent twice)."""
    from ..services.employment import employment_reminders_send

    employment_reminders_send()
