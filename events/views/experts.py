"""Demonstration-exam experts: the register of partners' employees certified as experts (staff),
and each demonstration exam's page of nominated experts (``/events/<pk>/experts/``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import staff_required, staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors, paginate

from ..forms.experts import ExpertForm, NominationForm
from ..permissions import can_manage_events
from ..selectors import experts as selectors
from ..services import experts as services


@staff_required
def expert_list(request):
    expiring = request.GET.get("expiring") == "1"
    query = request.GET.get("q", "")
    page_obj = paginate(request, selectors.expert_list(request.user, expiring=expiring, query=query))
    today = timezone.localdate()
    soon = today + timezone.timedelta(days=selectors.EXPIRY_WARNING_DAYS)
    return render(
        request,
        "events/experts/expert_list.html",
        {
            "page_obj": page_obj,
            "expiring": expiring,
            "query": query,
            "today": today,
            "soon": soon,
            "can_manage": can_manage_events(request.user),
        },
    )


@staff_with(can_manage_events)
@submit_once
def expert_create(request):
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_create(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Expert recorded."))
            return redirect("events:expert_list")
    return render(request, "events/experts/expert_form.html", {"form": form})


@staff_with(can_manage_events)
def expert_edit(request, pk):
    expert = selectors.get_expert_for(request.user, pk)
    form = ExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_update(expert=expert, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Expert updated."))
            return redirect("events:expert_list")
    return render(request, "events/experts/expert_form.html", {"form": form, "expert": expert})


@staff_required
def exam_experts(request, pk):
    """The experts nominated to a demonstration exam, and the form that nominates one more."""
    exam = selectors.get_exam_for(request.user, pk)
    can_manage = can_manage_events(request.user)
    nominated = exam.nominations.values("expert_id")
    form = NominationForm(
        request.POST or None,
        experts=selectors.experts_visible_to(request.user)
        .exclude(pk__in=nominated)
        .order_by("contact__last_name", "competence"),
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.expert_nominate(event=exam, expert=form.cleaned_data["expert"], nominated_by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Expert nominated."))
                return redirect("events:exam_experts", pk=exam.pk)
    nominations = (
        selectors.nominations_visible_to(request.user).filter(event=exam).order_by("expert__contact__last_name", "pk")
    )
    return render(
        request,
        "events/experts/exam_experts.html",
        {
            "exam": exam,
            "exam_last_day": services.exam_last_day(exam),
            "nominations": nominations,
            "form": form,
            "can_manage": can_manage,
        },
    )


@staff_with(can_manage_events)
@require_POST
def nomination_withdraw(request, pk):
    nomination = selectors.get_nomination_for(request.user, pk)
    services.nomination_withdraw(nomination=nomination, withdrawn_by=request.user)
    messages.success(request, _("Nomination withdrawn."))
    return redirect("events:exam_experts", pk=nomination.event_id)


urlpatterns = [
    path("experts/", expert_list, name="expert_list"),
    path("experts/new/", expert_create, name="expert_create"),
    path("experts/<int:pk>/edit/", expert_edit, name="expert_edit"),
    path("<int:pk>/experts/", exam_experts, name="exam_experts"),
    path("experts/nominations/<int:pk>/withdraw/", nomination_withdraw, name="nomination_withdraw"),
]
