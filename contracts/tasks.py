"""Background tasks of contracts (thin: ids in, re-fetch, call a service)."""

from celery import shared_task

from partners.tasks import MAIL_RETRY

from . import documents, services


@shared_task(name="contracts.render_contract_pdf")
def render_contract_pdf(*, contract_id):
    """Renders a frozen contract's PDF. Idempotent: a PDF that already shows the frozen data is
    kept, so a task delivered again after a worker died does not render twice."""
    documents.render_contract_pdf(contract_id)


@shared_task(name="contracts.requeue_stuck_renders")
def requeue_stuck_renders():
    """Every five minutes: queues again the renders of contracts whose PDF is overdue (their task
    was lost, e.g. with an emptied Redis); see ``CONTRACT_RENDER_REQUEUE_AFTER``."""
    return services.stuck_renders_requeue()


@shared_task(name="contracts.daily_contract_check", **MAIL_RETRY)
def daily_contract_check():
    """Daily: activates signed contracts whose term began, expires ended ones, and sends the
    30- and 7-day expiry notices. Safe to repeat, so the whole check is tried again while the mail
    server is down (``MAIL_RETRY``): a contract's notice is marked sent only once it went out."""
    services.contracts_activate()
    services.contracts_expire()
    services.expiry_notices_send()
