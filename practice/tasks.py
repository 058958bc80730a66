"""Background tasks of the practice app (thin: ids in, re-fetch, call a service)."""

from celery import shared_task

from . import documents
from .models import DocumentStatus, Evaluation, Review


@shared_task(name="practice.render_evaluation_pdf")
def render_evaluation_pdf(*, evaluation_id):
    """Renders a submitted evaluation sheet's PDF from its snapshot (idempotent)."""
    evaluation = Evaluation.objects.filter(pk=evaluation_id, status=DocumentStatus.SUBMITTED).first()
    if evaluation is not None and evaluation.snapshot:
        documents.render_evaluation_pdf(evaluation)


@shared_task(name="practice.render_review_pdf")
def render_review_pdf(*, review_id):
    """Renders a submitted review's PDF from its snapshot (idempotent)."""
    review = Review.objects.filter(pk=review_id, status=DocumentStatus.SUBMITTED).first()
    if review is not None and review.snapshot:
        documents.render_review_pdf(review)


@shared_task(name="practice.close_expired_offers")
def close_expired_offers():
    """Daily: offers whose end date has passed close by themselves."""
    from .services.offers import offers_close_expired

    offers_close_expired()


@shared_task(name="practice.send_review_reminders")
def send_review_reminders():
    """Daily: reminds reviewers whose review is due within three days (once a day at most)."""
    from .services.theses import review_reminders_send

    review_reminders_send()
