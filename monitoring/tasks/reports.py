"""Tasks: periodic reports (thin: ids in, re-fetch, call a service)."""

from celery import shared_task

from ..services import reports as services


@shared_task(name="monitoring.make_report")
def make_report(*, report_id):
    """Freezes a report's figures and renders its PDF and XLSX, updating its progress. Idempotent:
    a report already ready or failed is left alone, so a task delivered again does nothing."""
    services.report_make(report_id)


@shared_task(name="monitoring.make_scheduled_reports")
def make_scheduled_reports():
    """Daily (beat): makes the previous month's, quarter's and year's reports of the whole college
    when they do not exist yet; never two for one period."""
    services.report_schedule_due()
