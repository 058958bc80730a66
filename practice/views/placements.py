"""Placements: staff place students (one, or a whole group on the offers) and move them through
the workflow; an employer sees the students placed with their organisation, and nothing else."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import employer_required, login_required, staff_with
from partnership_portal.accounts.permissions import is_employer, is_partnership_manager
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors, paginate, redirect_back

from .. import selectors
from ..forms_placements import BulkPlaceForm, PlacementEditForm, PlacementForm, TransitionForm, placement_partners
from ..models import PLACEMENT_TRANSITIONS, DocumentStatus, PlacementState
from ..permissions import can_evaluate, can_manage_practice
from ..services import placements as placement_services
from ..services.audit import Action, log_student_access


def _evaluation(placement):
    return getattr(placement, "evaluation", None)


# --- Staff: placing students ----------------------------------------------------------------


def _show_bulk_errors(form, error):
    """Errors about one student go next to that student's choice, the others above the table."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.error_dict.items():
        name = form.field_name(key)
        form.add_error(name if name in form.fields else None, errors)


@staff_with(can_manage_practice)
def bulk_place(request, pk):
    period = selectors.get_period_for(request.user, pk)
    students = list(placement_services.students_without_placement(period))
    offers = list(selectors.open_offers_for_period(request.user, period))
    # Hundreds at a region's scale: the form looks them up as the user types, never lists them.
    partners = placement_partners(period)
    has_partners = partners.exists()
    # Bound on every POST, even one with no choice at all (it then says to choose one).
    data = request.POST if request.method == "POST" else None
    form = BulkPlaceForm(data, students=students, offers=offers, partners=partners if has_partners else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = placement_services.placements_bulk_create(
                period=period, assignments=form.assignments(), direct=form.direct(), created_by=request.user
            )
        except ValidationError as error:
            _show_bulk_errors(form, error)
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("%(count)d student placed.", "%(count)d students placed.", count) % {"count": count},
            )
            return redirect(_after_placing(request.user, period))
    return render(
        request,
        "practice/bulk_place.html",
        {"period": period, "form": form, "offers": offers, "has_partners": has_partners},
    )


def _after_placing(user, period):
    """The next step of the work: the period's tripartite contracts, for whom may issue them
    (the partnership manager: the rule ``contracts.permissions.can_manage_contracts``, which
    practice cannot import); the period's placements for the others."""
    if is_partnership_manager(user):
        return reverse("contracts:batch_create", args=[period.pk])
    return reverse("practice:period_detail", args=[period.pk]) + "#placements"


@staff_with(can_manage_practice)
@submit_once
def placement_create(request, period_pk):
    period = selectors.get_period_for(request.user, period_pk)
    form = PlacementForm(
        request.POST or None,
        period=period,
        students=placement_services.students_without_placement(period),
        offers=selectors.open_offers_for_period(request.user, period),
        initial={"student": request.GET.get("student")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = placement_services.placement_create(
                period=period,
                student=data["student"],
                partner=data["partner"],
                offer=data["offer"],
                employer_supervisor=data["employer_supervisor"],
                college_supervisor=data["college_supervisor"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(student)s is placed at %(partner)s.")
                % {"student": placement.student.full_name, "partner": placement.partner.display_name},
            )
            return redirect(reverse("practice:period_detail", args=[period.pk]) + "#placements")
    return render(request, "practice/placement_form.html", {"form": form, "period": period})


@staff_with(can_manage_practice)
def placement_edit(request, pk):
    placement = selectors.get_placement_for(request.user, pk)
    form = PlacementEditForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        try:
            placement_services.placement_update(placement=placement, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("practice:placement_detail", pk=placement.pk)
    return render(
        request, "practice/placement_form.html", {"form": form, "placement": placement, "period": placement.period}
    )


# --- The placement's page -------------------------------------------------------------------

# The buttons staff see; "evaluated" comes with the employer's sheet, cancelling has its own form.
STATE_BUTTONS = (PlacementState.CONFIRMED, PlacementState.IN_PROGRESS, PlacementState.COMPLETED)


def _render_detail(request, placement, transition_form=None):
    user = request.user
    if is_employer(user):
        log_student_access(
            user=user,
            students=[placement.student],
            action=Action.VIEW,
            detail=_("Placement card #%(pk)d") % {"pk": placement.pk},
        )
    evaluation = _evaluation(placement)
    following = PLACEMENT_TRANSITIONS[PlacementState(placement.state)]
    manage = can_manage_practice(user)
    return render(
        request,
        "practice/placement_detail.html",
        {
            "placement": placement,
            "evaluation": evaluation,
            "evaluation_submitted": evaluation is not None and evaluation.status == DocumentStatus.SUBMITTED,
            "show_personal_data": not is_employer(user),
            "can_manage": manage,
            "can_evaluate": can_evaluate(user, placement),
            "state_buttons": [state for state in STATE_BUTTONS if state in following] if manage else [],
            "can_cancel": manage and PlacementState.CANCELLED in following,
            "transition_form": transition_form or TransitionForm(),
        },
    )


@login_required
def placement_detail(request, pk):
    return _render_detail(request, selectors.get_placement_for(request.user, pk))


@staff_with(can_manage_practice)
@require_POST
def placement_transition(request, pk):
    placement = selectors.get_placement_for(request.user, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            placement = placement_services.placement_transition(
                placement=placement,
                to_state=form.cleaned_data["to_state"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The placement is now «%(state)s».") % {"state": placement.get_state_display()})
            return redirect_back(request, reverse("practice:placement_detail", args=[placement.pk]))
    # The page again, with the error and the reason typed.
    return _render_detail(request, placement, transition_form=form)


# --- The employer's students ----------------------------------------------------------------


@employer_required
def employer_placements(request):
    user, today = request.user, timezone.localdate()
    placements = (
        selectors.placements_visible_to(user)
        .annotate(is_past=Case(When(end_date__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("is_past", "start_date", "student__last_name", "student__first_name")
    )
    page_obj = paginate(request, placements)
    rows = [
        (placement, can_evaluate(user, placement) and placement.start_date <= today, _evaluation(placement))
        for placement in page_obj
    ]
    log_student_access(
        user=user,
        students=[placement.student for placement in page_obj],
        action=Action.VIEW,
        detail=_("List of the students placed with the organisation"),
    )
    return render(
        request,
        "practice/employer_placements.html",
        {"page_obj": page_obj, "rows": rows, "submitted": DocumentStatus.SUBMITTED},
    )
