"""Background tasks of contracts (thin: ids in, re-fetch, call a service)."""

from celery import shared_task

from . import documents, services


@shared_task(name="contracts.render_contract_pdf")
def render_contract_pdf(*, contract_id):
    """Renders a frozen contract's PDF. Idempotent: a PDF that already shows the frozen data is
    kept, so a task delivered again after a worker died does not render twice."""
    documents.render_contract_pdf(contract_id)


@shared_task(name="contracts.daily_contract_check")
def daily_contract_check():
    """Daily: activates signed contracts whose term began, expires ended ones, and sends the
    30- and 7-day expiry notices."""
    services.contracts_activate()
    services.contracts_expire()
    services.expiry_notices_send()
