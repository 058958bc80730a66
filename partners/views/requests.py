"""Requisites change requests: staff decide, the employer who asked may withdraw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import employer_required, staff_required
from partnership_portal.web import add_service_errors, paginate

from .. import selectors, services
from ..forms import ChangeRequestDecisionForm
from ..models import REQUISITE_FIELDS, ChangeRequestStatus, Partner
from ..permissions import can_manage_partners


@staff_required
def change_request_list(request):
    status = request.GET.get("status", ChangeRequestStatus.PENDING)
    requests = selectors.change_requests_visible_to(request.user)
    if status in ChangeRequestStatus.values:
        requests = requests.filter(status=status)
    return render(
        request,
        "partners/change_request_list.html",
        {"page_obj": paginate(request, requests), "status": status, "statuses": ChangeRequestStatus.choices},
    )


def field_label(field):
    return Partner._meta.get_field(field).verbose_name


@staff_required
def change_request_detail(request, pk):
    change_request = selectors.get_change_request_for(request.user, pk)
    form = ChangeRequestDecisionForm(request.POST or None)
    if request.method == "POST":
        if not can_manage_partners(request.user):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if form.is_valid() and decision in ("approve", "reject"):
            comment = form.cleaned_data["decision_comment"]
            try:
                if decision == "approve":
                    services.change_request_approve(
                        change_request=change_request, decided_by=request.user, comment=comment
                    )
                    messages.success(
                        request, _("The requisites of %(partner)s are updated.") % {"partner": change_request.partner}
                    )
                else:
                    services.change_request_reject(
                        change_request=change_request, decided_by=request.user, comment=comment
                    )
                    messages.success(request, _("The request is rejected; the employer will see your comment."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("partners:change_request_list")
    changes = [
        (field_label(field), change_request.changes[field]["old"], change_request.changes[field]["new"])
        for field in REQUISITE_FIELDS
        if field in change_request.changes
    ]
    return render(
        request,
        "partners/change_request_detail.html",
        {"change_request": change_request, "changes": changes, "form": form,
         "can_decide": can_manage_partners(request.user) and change_request.status == ChangeRequestStatus.PENDING},
    )  # fmt: skip


@employer_required
@require_POST
def change_request_withdraw(request, pk):
    change_request = selectors.get_change_request_for(request.user, pk)
    try:
        services.change_request_withdraw(change_request=change_request, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("partners:profile")
