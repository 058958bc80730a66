"""Contacts of a partner, their invitations to the portal and their accounts.

Staff partnership managers manage any organisation's contacts; an employer manages the
contacts of their own organisation (and gets 404 for any other).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import login_required, staff_with
from partnership_portal.accounts.permissions import is_employer
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors, redirect_back

from .. import selectors, services
from ..forms import ContactForm
from ..permissions import can_manage_contact, can_manage_partners


def _back_to(user, contact):
    if is_employer(user):
        return reverse("partners:profile") + "#team"
    return reverse("partners:detail", args=[contact.partner_id]) + "#contacts"


@staff_with(can_manage_partners)
@submit_once
def contact_create(request, partner_pk):
    partner = selectors.get_partner_for(request.user, partner_pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        roles, fields = form.service_fields()
        try:
            contact = services.contact_create(partner=partner, created_by=request.user, roles=roles, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s added to the contacts.") % {"name": contact.full_name})
            return redirect(_back_to(request.user, contact))
    return render(request, "partners/contact_form.html", {"form": form, "partner": partner})


@login_required
def contact_edit(request, pk):
    contact = selectors.get_contact_for(request.user, pk)
    if not can_manage_contact(request.user, contact):
        raise PermissionDenied
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        roles, fields = form.service_fields()
        try:
            services.contact_update(contact=contact, updated_by=request.user, roles=roles, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_back_to(request.user, contact))
    return render(request, "partners/contact_form.html", {"form": form, "partner": contact.partner, "contact": contact})


@login_required
@require_POST
def contact_invite(request, pk):
    contact = selectors.get_contact_for(request.user, pk)
    if not can_manage_contact(request.user, contact):
        raise PermissionDenied
    try:
        invitation = services.invitation_send(contact=contact, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("An invitation was sent to %(email)s. The link is valid for 7 days.") % {"email": invitation.email},
        )
    return redirect_back(request, _back_to(request.user, contact))


@staff_with(can_manage_partners)
@require_POST
def account_set_active(request, user_pk, active):
    account = selectors.get_employer_account_for(request.user, user_pk)
    services.employer_account_set_active(user=account, active=active, changed_by=request.user)
    if active:
        messages.success(request, _("The account of %(name)s is active again.") % {"name": account})
    else:
        messages.success(
            request, _("The account of %(name)s is deactivated: they can no longer log in.") % {"name": account}
        )
    return redirect_back(request, reverse("partners:detail", args=[account.partner_id]) + "#contacts")
