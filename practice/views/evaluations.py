"""The employer's evaluation sheet of a placement, and its PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partnership_portal.accounts.decorators import employer_required, login_required
from partnership_portal.accounts.permissions import is_employer
from partnership_portal.web import add_service_errors

from .. import documents, selectors
from ..forms_placements import EvaluationForm
from ..models import DocumentStatus
from ..permissions import can_evaluate
from ..services.audit import Action, log_student_access
from ..services.evaluations import evaluation_save


@employer_required
def evaluation_form(request, pk):
    """The supervisor fills the sheet (draft, then submit); a submitted sheet is shown read-only."""
    placement = selectors.get_placement_for(request.user, pk)
    evaluation = getattr(placement, "evaluation", None)
    editable = can_evaluate(request.user, placement)
    form = None
    if editable:
        period = placement.period
        form = EvaluationForm(
            request.POST or None,
            competences=period.competence_list,
            general_competences=period.general_competence_list,
            evaluation=evaluation,
        )
        if request.method == "POST" and form.is_valid():
            submit = "submit" in request.POST
            try:
                evaluation_save(placement=placement, by=request.user, submit=submit, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if submit:
                    messages.success(request, _("The evaluation sheet is submitted. Its PDF is being prepared."))
                else:
                    messages.success(request, _("The draft is saved. Submit the sheet when it is complete."))
                return redirect("practice:evaluation_form", pk=placement.pk)
    elif request.method == "POST":
        messages.error(request, _("This evaluation sheet cannot be changed."))
        return redirect("practice:evaluation_form", pk=placement.pk)
    log_student_access(
        user=request.user,
        students=[placement.student],
        action=Action.VIEW,
        detail=_("Evaluation sheet of placement #%(pk)d") % {"pk": placement.pk},
    )
    return render(
        request,
        "practice/evaluation_form.html",
        {
            "placement": placement,
            "evaluation": evaluation,
            "submitted": evaluation is not None and evaluation.status == DocumentStatus.SUBMITTED,
            "form": form,
        },
    )


@login_required
def evaluation_pdf(request, pk):
    """The rendered sheet as a download, for staff and the placement's organisation."""
    placement = selectors.get_placement_for(request.user, pk)
    evaluation = getattr(placement, "evaluation", None)
    if evaluation is None or evaluation.status != DocumentStatus.SUBMITTED:
        raise Http404
    if not documents.ensure_evaluation_pdf(evaluation):
        raise Http404
    try:
        handle = evaluation.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if is_employer(request.user):
        log_student_access(
            user=request.user,
            students=[placement.student],
            action=Action.DOWNLOAD,
            detail=_("Evaluation sheet PDF of placement #%(pk)d") % {"pk": placement.pk},
        )
    filename = f"evaluation-{placement.student.last_name}-{placement.pk}.pdf"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
