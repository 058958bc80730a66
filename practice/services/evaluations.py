"""The employer's evaluation sheet of a placement: saved as a draft, then submitted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import documents
from ..models import DocumentStatus, Evaluation, Placement, PlacementState

EVALUABLE_STATES = (PlacementState.CONFIRMED, PlacementState.IN_PROGRESS, PlacementState.COMPLETED)


@transaction.atomic
def evaluation_save(
    *,
    placement,
    by,
    competences,
    general_competences=None,
    work_done="",
    quality="",
    grade=None,
    comment="",
    submit=False,
):
    """Saves the sheet of ``placement``. ``competences`` and ``general_competences``: {competence
    name: mastered?} for the period's professional (ПК) and general (ОК) competences. With ``submit``: checks that it is complete, freezes what it prints,
    marks the placement evaluated and renders the PDF after commit (task
    ``practice.render_evaluation_pdf``). A submitted sheet can no longer change."""
    placement = Placement.objects.select_for_update().select_related("period").get(pk=placement.pk)
    if placement.state not in EVALUABLE_STATES:
        raise ValidationError(_("This placement cannot be evaluated in its current state."))
    evaluation = Evaluation.objects.filter(placement=placement).first() or Evaluation(placement=placement)
    if evaluation.status == DocumentStatus.SUBMITTED:
        raise ValidationError(_("The evaluation sheet has already been submitted."))
    period, general_competences = placement.period, general_competences or {}
    evaluation.competences = [{"name": name, "mastered": competences.get(name)} for name in period.competence_list]
    evaluation.general_competences = [
        {"name": name, "mastered": general_competences.get(name)} for name in period.general_competence_list
    ]
    evaluation.work_done, evaluation.quality, evaluation.comment = work_done.strip(), quality.strip(), comment.strip()
    evaluation.grade = grade
    if submit:
        missing = []
        if any(item["mastered"] is None for item in evaluation.competences + evaluation.general_competences):
            missing.append(_("mark every competence as mastered or not"))
        if not evaluation.work_done:
            missing.append(_("describe the work done"))
        if not evaluation.grade:
            missing.append(_("give a grade"))
        if missing:
            raise ValidationError(_("To submit the sheet: %(what)s.") % {"what": "; ".join(missing)})
        evaluation.status = DocumentStatus.SUBMITTED
        evaluation.submitted_by, evaluation.submitted_at = by, timezone.now()
    evaluation.full_clean(exclude=["pdf"])
    evaluation.save()
    if submit:
        evaluation.snapshot = documents.evaluation_snapshot(evaluation)
        evaluation.save(update_fields=["snapshot", "updated_at"])
        placement.state = PlacementState.EVALUATED
        placement.save(update_fields=["state", "updated_at"])
        from ..tasks import render_evaluation_pdf

        render_evaluation_pdf.delay(evaluation_id=evaluation.pk)
    return evaluation
