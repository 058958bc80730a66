"""Practice periods (staff): the list, the form, and the period's page with its placements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partnership_portal.accounts.decorators import staff_required, staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors

from .. import selectors
from ..forms_placements import PeriodFilterForm, PeriodForm
from ..models import PlacementState
from ..permissions import can_manage_practice
from ..services import periods as period_services
from ..services.placements import students_without_placement


@staff_required
def period_list(request):
    form = PeriodFilterForm(request.GET)
    filters = form.filters()
    periods = selectors.periods_visible_to(request.user).order_by("-start_date", "group__name", "pk")
    if "kind" in filters:
        periods = periods.filter(kind=filters["kind"])
    if "group" in filters:
        periods = periods.filter(group=filters["group"])
    return render(
        request,
        "practice/period_list.html",
        {
            "form": form,
            "page_obj": paginate_lean(request, periods),
            "filtered": bool(filters),
            "can_manage": can_manage_practice(request.user),
        },
    )


@staff_required
def period_detail(request, pk):
    period = selectors.get_period_for(request.user, pk)
    placements = (
        selectors.placements_visible_to(request.user)
        .filter(period=period)
        .order_by("student__last_name", "student__first_name", "start_date")
    )
    return render(
        request,
        "practice/period_detail.html",
        {
            "period": period,
            "placements": placements,
            "unplaced": list(students_without_placement(period)),
            "cancelled": PlacementState.CANCELLED,
            "can_manage": can_manage_practice(request.user),
        },
    )


@staff_with(can_manage_practice)
@submit_once
def period_create(request):
    form = PeriodForm(request.POST or None, initial={"group": request.GET.get("group")})
    if request.method == "POST" and form.is_valid():
        try:
            period = period_services.period_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The practice period is created. Now place the students."))
            return redirect("practice:period_detail", pk=period.pk)
    return render(request, "practice/period_form.html", {"form": form})


@staff_with(can_manage_practice)
def period_edit(request, pk):
    period = selectors.get_period_for(request.user, pk)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        try:
            period_services.period_update(period=period, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("practice:period_detail", pk=period.pk)
    return render(request, "practice/period_form.html", {"form": form, "period": period})
