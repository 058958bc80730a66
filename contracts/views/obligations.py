"""Targeted-training obligations: the graduate's duty to be employed and to work off the
contract, tracked until fulfilled. Staff see all and update them; an employer sees its own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership_portal.accounts.decorators import login_required, staff_with
from partnership_portal.accounts.permissions import is_employer
from partnership_portal.web import add_service_errors, paginate, redirect_back
from practice.services.audit import Action, log_student_access

from .. import selectors, services
from ..forms import ObligationFilterForm, ObligationForm
from ..models import ObligationStatus
from ..permissions import can_manage_contracts

# Until employment the deadline matters; after it, it is history.
PENDING = {ObligationStatus.STUDYING, ObligationStatus.TO_BE_EMPLOYED}


@login_required
def obligation_list(request):
    user, today = request.user, timezone.localdate()
    form = ObligationFilterForm(request.GET)
    obligations = selectors.obligations_visible_to(user).filter(**form.filters()).order_by("employment_deadline", "pk")
    page_obj = paginate(request, obligations)
    for obligation in page_obj:
        obligation.is_overdue = obligation.status in PENDING and obligation.employment_deadline < today
    if is_employer(user) and page_obj.object_list:
        log_student_access(
            user=user,
            students=[obligation.contract.student for obligation in page_obj if obligation.contract.student_id],
            action=Action.VIEW,
            detail=_("List of targeted-training obligations"),
        )
    return render(
        request,
        "contracts/obligation_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_manage": can_manage_contracts(user),
        },
    )


@staff_with(can_manage_contracts)
def obligation_edit(request, pk):
    obligation = selectors.get_obligation_for(request.user, pk)
    form = ObligationForm(request.POST or None, instance=obligation)
    if request.method == "POST" and form.is_valid():
        try:
            services.obligation_update(obligation=obligation, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect_back(request, reverse("contracts:obligation_list"))
    return render(
        request,
        "contracts/obligation_form.html",
        {"form": form, "obligation": obligation, "next": request.POST.get("next") or request.GET.get("next", "")},
    )
