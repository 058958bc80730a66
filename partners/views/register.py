"""The register for staff: list with filters and export, the partner card, create, edit, history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnership_portal.accounts.decorators import staff_required, staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors

from .. import card, selectors, services, transfer
from ..forms import PartnerFilterForm, PartnerForm
from ..models import ChangeRequestStatus, quiet_cutoff
from ..permissions import can_log_interactions, can_manage_partners


@staff_required
def partner_list(request):
    form = PartnerFilterForm(request.GET)
    partners = selectors.partner_list(request.user, **form.filters())
    return render(
        request,
        "partners/partner_list.html",
        {
            "form": form,
            "page_obj": paginate_lean(request, partners.only(*selectors.LIST_FIELDS)),
            "filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
            "quiet_cutoff": quiet_cutoff(),
            "can_manage": can_manage_partners(request.user),
        },
    )


EXPORTS = {
    "xlsx": (transfer.export_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (transfer.export_csv, "text/csv; charset=utf-8"),
}


@require_GET
@staff_required
def partner_export(request, fmt):
    if fmt not in EXPORTS:
        raise Http404
    write, content_type = EXPORTS[fmt]
    form = PartnerFilterForm(request.GET)
    partners = selectors.partner_list(request.user, **form.filters())
    response = HttpResponse(write(partners), content_type=content_type)
    filename = f"partners-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def partner_detail(request, pk):
    partner = selectors.partner_card(request.user, pk)
    contacts = list(partner.contacts.all())
    # The latest 20 with the total in the same query (a window count over the partner's rows).
    interactions = list(
        selectors.interactions_visible_to(request.user).filter(partner=partner).annotate(total=Window(Count("pk")))[:20]
    )
    pending_invitations = {
        invitation.contact_id: invitation
        for invitation in selectors.invitation_list(request.user, state="pending").filter(contact__partner=partner)
    }
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "contacts": [(contact, pending_invitations.get(contact.pk)) for contact in contacts],
            "interactions": interactions,
            "interaction_count": interactions[0].total if interactions else 0,
            "pending_request": partner.change_requests.filter(status=ChangeRequestStatus.PENDING).first(),
            "is_quiet": partner.is_quiet(),
            "can_manage": can_manage_partners(request.user),
            "can_log": can_log_interactions(request.user),
            "sections": card.registered_sections(),
        },
    )


@require_GET
@staff_required
def partner_card_section(request, pk, key):
    """One section of the partner card: the fragment htmx swaps into the card's placeholder, or,
    asked without htmx (the placeholder's link, JavaScript off), a page of its own."""
    section = card.get_section(key)
    if section is None:
        raise Http404
    partner = selectors.get_partner_for(request.user, pk)
    context = card.build_section(section, request.user, partner)
    if request.htmx:
        # A section not for this user answers empty, and its placeholder goes.
        response = render(request, context["template"], context) if context else HttpResponse("")
    elif context is None:
        raise Http404
    else:
        response = render(request, "partners/partner_section.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_with(can_manage_partners)
@submit_once
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            partner = services.partner_create(created_by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partner «%(name)s» added to the register.") % {"name": partner})
            return redirect("partners:detail", pk=partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "existing_partner": form.existing_partner})


@staff_with(can_manage_partners)
def partner_edit(request, pk):
    partner = selectors.get_partner_for(request.user, pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.partner_update(partner=partner, updated_by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "partner": partner, "existing_partner": form.existing_partner},
    )


@staff_required
def partner_history(request, pk):
    partner = selectors.get_partner_for(request.user, pk)
    return render(
        request, "partners/partner_history.html", {"partner": partner, "entries": selectors.partner_history(partner)}
    )
