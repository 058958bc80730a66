"""Views: employers' feedback on the programmes.

An employer submits requirements for a specialty's training content and follows the college's
decisions, and rates the competences of the students placed with it. Staff decide on each
requirement, keep the competences rated per specialty and read a per-specialty summary: the
requirements and their fate, and the average rating of each competence over the years.
Another organisation's requirement or placement is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import employer_required, login_required, staff_required, staff_with
from partnership_portal.accounts.permissions import is_college_staff
from partnership_portal.idempotency import submit_once
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors, paginate
from practice.services.audit import Action, log_student_access

from ..forms.feedback import (
    CompetenceFilterForm,
    CompetenceForm,
    DecisionForm,
    RatingFilterForm,
    RatingForm,
    RequirementFilterForm,
    RequirementForm,
)
from ..models import RequirementStatus
from ..permissions.feedback import (
    can_decide_requirements,
    can_edit_requirement,
    can_manage_competences,
    can_submit_requirement,
)
from ..selectors import feedback as selectors
from ..services import feedback as services

# --- Requirements -------------------------------------------------------------------------------


@login_required
def requirement_list(request):
    """Staff: every requirement, filtered; an employer: its organisation's, with their status."""
    user = request.user
    staff = is_college_staff(user)
    form = RequirementFilterForm(request.GET, partners=selectors.partners_with_requirements() if staff else None)
    filters = form.filters()
    requirements = selectors.requirement_list(user, **filters)
    return render(
        request,
        "monitoring/feedback/requirement_list.html",
        {
            "form": form,
            "page_obj": paginate_lean(request, requirements, searched=bool(filters.get("query"))),
            "filtered": bool(filters),
            "can_submit": can_submit_requirement(user),
            "pending": RequirementStatus.PENDING,
        },
    )


@employer_required
@submit_once
def requirement_create(request):
    form = RequirementForm(request.POST or None, specialties=selectors.specialties_for_requirements())
    if request.method == "POST" and form.is_valid():
        try:
            requirement = services.requirement_submit(
                partner=request.user.partner, submitted_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your requirement is sent to the college. Its decision will appear here."))
            return redirect("monitoring:requirement_detail", pk=requirement.pk)
    return render(request, "monitoring/feedback/requirement_form.html", {"form": form})


@employer_required
def requirement_edit(request, pk):
    requirement = selectors.get_requirement_for(request.user, pk)
    if not can_edit_requirement(request.user, requirement):
        messages.error(request, _("The college has decided on this requirement: it can no longer be changed."))
        return redirect("monitoring:requirement_detail", pk=requirement.pk)
    form = RequirementForm(
        request.POST or None, instance=requirement, specialties=selectors.specialties_for_requirements()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_update(requirement=requirement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("monitoring:requirement_detail", pk=requirement.pk)
    requirement.refresh_from_db()
    return render(request, "monitoring/feedback/requirement_form.html", {"form": form, "requirement": requirement})


@login_required
def requirement_detail(request, pk):
    return _render_detail(request, selectors.get_requirement_for(request.user, pk))


def _render_detail(request, requirement, decision_form=None):
    user = request.user
    can_decide = can_decide_requirements(user)
    if decision_form is None and can_decide:
        initial = {"note": requirement.decision_note}
        if requirement.is_decided:
            initial.update(status=requirement.status, programme_year=requirement.programme_year)
        decision_form = DecisionForm(initial=initial)
    return render(
        request,
        "monitoring/feedback/requirement_detail.html",
        {
            "requirement": requirement,
            "can_edit": can_edit_requirement(user, requirement),
            "can_decide": can_decide,
            "decision_form": decision_form,
        },
    )


@staff_with(can_decide_requirements)
@require_POST
def requirement_decide(request, pk):
    requirement = selectors.get_requirement_for(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            requirement = services.requirement_decide(
                requirement=requirement,
                status=form.cleaned_data["status"],
                programme_year=form.cleaned_data["programme_year"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Decision saved: «%(status)s». The partner is notified by e-mail.")
                % {"status": requirement.get_status_display()},
            )
            return redirect("monitoring:requirement_detail", pk=requirement.pk)
    # The page again, with what staff typed and the errors.
    return _render_detail(request, requirement, decision_form=form)


# --- Competences (staff) ------------------------------------------------------------------------


@staff_required
def competence_list(request):
    form = CompetenceFilterForm(request.GET)
    filters = form.filters()
    return render(
        request,
        "monitoring/feedback/competence_list.html",
        {
            "form": form,
            "page_obj": paginate(request, selectors.competence_list(request.user, **filters)),
            "filtered": bool(filters),
            "can_manage": can_manage_competences(request.user),
        },
    )


@staff_with(can_manage_competences)
@submit_once
def competence_create(request):
    initial = {"specialty": request.GET["specialty"]} if request.GET.get("specialty", "").isdigit() else {}
    form = CompetenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            competence = services.competence_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Competence «%(name)s» added.") % {"name": competence.name})
            return redirect(f"{_competences_url()}?specialty={competence.specialty_id}")
    return render(request, "monitoring/feedback/competence_form.html", {"form": form})


@staff_with(can_manage_competences)
def competence_edit(request, pk):
    competence = selectors.get_competence_for(request.user, pk)
    form = CompetenceForm(request.POST or None, instance=competence)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_update(competence=competence, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(f"{_competences_url()}?specialty={competence.specialty_id}")
    competence.refresh_from_db()
    return render(request, "monitoring/feedback/competence_form.html", {"form": form, "competence": competence})


def _competences_url():
    return reverse("monitoring:competence_list")


# --- Ratings (employer) -------------------------------------------------------------------------


@employer_required
def rating_list(request):
    """The students placed with the organisation whose practice has begun, to rate."""
    form = RatingFilterForm(request.GET)
    filters = form.filters()
    page_obj = paginate(request, selectors.rating_list(request.user, **filters))
    log_student_access(
        user=request.user,
        students=[placement.student for placement in page_obj],
        action=Action.VIEW,
        detail=_("List of the students to rate"),
    )
    return render(
        request,
        "monitoring/feedback/rating_list.html",
        {"form": form, "page_obj": page_obj, "filtered": bool(filters["query"] or filters["unrated"])},
    )


@employer_required
def rating_form(request, pk):
    placement = selectors.get_ratable_placement_for(request.user, pk)
    competences = selectors.active_competences(placement.student.group.specialty_id)
    form = RatingForm(request.POST or None, competences=competences, ratings=selectors.ratings_of(placement))
    if request.method == "POST" and form.is_valid():
        try:
            services.ratings_save(placement=placement, scores=form.scores(), rated_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ratings of %(name)s saved.") % {"name": placement.student.full_name})
            return redirect("monitoring:rating_list")
    log_student_access(
        user=request.user,
        students=[placement.student],
        action=Action.VIEW,
        detail=_("Rating of competences"),
    )
    return render(request, "monitoring/feedback/rating_form.html", {"form": form, "placement": placement})


# --- Per-specialty summaries (staff) ------------------------------------------------------------


@staff_required
def specialty_list(request):
    return render(
        request, "monitoring/feedback/specialty_list.html", {"specialties": list(selectors.specialty_overview())}
    )


@staff_required
def specialty_detail(request, pk):
    specialty = selectors.get_specialty(pk)
    table = selectors.rating_table(specialty)
    charts = [
        {"id": f"competence-chart-{index}", "row": row, "data": table.chart(row)}
        for index, row in enumerate(table.rows, start=1)
        if row.count
    ]
    return render(
        request,
        "monitoring/feedback/specialty_detail.html",
        {
            "specialty": specialty,
            "table": table,
            "charts": charts,
            "page_obj": paginate(request, selectors.specialty_requirements(specialty)),
            "counts": selectors.specialty_counts(specialty),
            "comments": list(selectors.recent_comments(specialty)),
        },
    )
