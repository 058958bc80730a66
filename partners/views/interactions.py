"""The interaction log (staff only) and follow-ups."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import staff_required
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors, paginate, redirect_back

from .. import selectors, services
from ..forms import InteractionForm
from ..permissions import can_manage_partners


@staff_required
@submit_once
def interaction_create(request, partner_pk):
    partner = selectors.get_partner_for(request.user, partner_pk)
    form = InteractionForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_create(partner=partner, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The interaction is recorded."))
            return redirect(reverse("partners:detail", args=[partner.pk]) + "#interactions")
    return render(request, "partners/interaction_form.html", {"form": form, "partner": partner})


@staff_required
def interaction_edit(request, pk):
    interaction = selectors.get_interaction_for(request.user, pk)
    if interaction.author_id != request.user.pk and not can_manage_partners(request.user):
        raise PermissionDenied
    form = InteractionForm(request.POST or None, instance=interaction, partner=interaction.partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_update(interaction=interaction, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(reverse("partners:detail", args=[interaction.partner_id]) + "#interactions")
    return render(
        request,
        "partners/interaction_form.html",
        {"form": form, "partner": interaction.partner, "interaction": interaction},
    )


@staff_required
@require_POST
def follow_up_done(request, pk):
    interaction = selectors.get_interaction_for(request.user, pk)
    if interaction.follow_up_owner_id != request.user.pk and not can_manage_partners(request.user):
        raise PermissionDenied
    try:
        services.follow_up_complete(interaction=interaction, completed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Follow-up marked as done."))
    return redirect_back(request, reverse("partners:follow_up_list"))


@staff_required
def follow_up_list(request):
    follow_ups = selectors.follow_ups_due(request.user, include_later=True).select_related("partner")
    return render(request, "partners/follow_up_list.html", {"page_obj": paginate(request, follow_ups)})
