"""The reviewer's review of a thesis: saved as a draft, then submitted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import activity

from .. import documents
from ..models import DocumentStatus, Review, Thesis

REQUIRED_SECTIONS = ("relevance", "assignment_compliance", "structure", "originality", "practical_value")


@transaction.atomic
def review_save(
    *,
    thesis,
    by,
    submit=False,
    grade=None,
    recommended_for_production=False,
    reviewer_qualification="",
    note_pages=None,
    drawing_sheets=None,
    **sections,
):
    """Saves the review of ``thesis`` by its assigned reviewer (``by`` must be that reviewer's
    account). ``sections``: texts keyed by ``Review.SECTIONS``; the reviewer's qualification and
    the volume of the work are printed with them. With ``submit``: checks it is
    complete, freezes what it prints and renders the PDF after commit (task
    ``practice.render_review_pdf``). A submitted review can no longer change."""
    # of=self: the reviewer may be empty, and PostgreSQL cannot lock the nullable side of a join.
    thesis = Thesis.objects.select_for_update(of=("self",)).select_related("reviewer").get(pk=thesis.pk)
    if thesis.reviewer is None or thesis.reviewer.user_id != by.pk:
        raise ValidationError(_("Only the assigned reviewer can write this review."))
    review = Review.objects.filter(thesis=thesis).first() or Review(thesis=thesis, reviewer=thesis.reviewer)
    if review.status == DocumentStatus.SUBMITTED:
        raise ValidationError(_("The review has already been submitted."))
    unknown = set(sections) - set(Review.SECTIONS)
    if unknown:
        raise ValueError(f"unknown review sections: {sorted(unknown)}")
    for name in Review.SECTIONS:
        setattr(review, name, (sections.get(name) or "").strip())
    review.grade, review.recommended_for_production = grade, bool(recommended_for_production)
    review.reviewer_qualification = (reviewer_qualification or "").strip()
    review.note_pages, review.drawing_sheets = note_pages, drawing_sheets
    if submit:
        errors = {
            name: _("Fill in this section before submitting.")
            for name in REQUIRED_SECTIONS
            if not getattr(review, name)
        }
        if not review.grade:
            errors["grade"] = _("Give a grade before submitting.")
        if not review.reviewer_qualification:
            errors["reviewer_qualification"] = _("State your qualification before submitting.")
        if review.note_pages is None:
            errors["note_pages"] = _("Give the number of pages before submitting.")
        if review.drawing_sheets is None:
            errors["drawing_sheets"] = _("Give the number of sheets (0 if there are none) before submitting.")
        if errors:
            raise ValidationError(errors)
        review.status, review.submitted_at = DocumentStatus.SUBMITTED, timezone.now()
    review.full_clean(exclude=["pdf"])
    review.save()
    if submit:
        review.snapshot = documents.review_snapshot(review)
        review.save(update_fields=["snapshot", "updated_at"])
        activity.record_activity(thesis.reviewer.partner_id, timezone.localdate())
        from ..tasks import render_review_pdf

        render_review_pdf.delay(review_id=review.pk)
    return review
