"""The employer's own organisation: profile, requisites requests, colleagues."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from partnership_portal.accounts.decorators import employer_required
from partnership_portal.web import add_service_errors

from .. import selectors, services
from ..forms import ColleagueInviteForm, ProfileForm, RequisitesRequestForm
from ..models import EMPLOYER_EDITABLE_FIELDS, REQUISITE_FIELDS, ChangeRequestStatus


def _own_partner(request):
    return selectors.partner_card(request.user, request.user.partner_id)


@employer_required
def profile(request):
    partner = _own_partner(request)
    form = ProfileForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        fields = {field: form.cleaned_data[field] for field in EMPLOYER_EDITABLE_FIELDS}
        try:
            services.partner_update_profile(partner=partner, updated_by=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your organisation's profile is saved."))
            return redirect("partners:profile")
    invitations = {
        invitation.contact_id: invitation for invitation in selectors.invitation_list(request.user, state="pending")
    }
    return render(
        request,
        "partners/profile.html",
        {
            "partner": partner,
            "form": form,
            "requisites": [
                (partner._meta.get_field(field).verbose_name, getattr(partner, field)) for field in REQUISITE_FIELDS
            ],
            "contacts": [(contact, invitations.get(contact.pk)) for contact in partner.contacts.all()],
            "requests": selectors.change_requests_visible_to(request.user)[:5],
        },
    )


@employer_required
def requisites_request(request):
    partner = _own_partner(request)
    pending = partner.change_requests.filter(status=ChangeRequestStatus.PENDING).first()
    form = RequisitesRequestForm(request.POST or None, instance=partner)
    if request.method == "POST" and not pending and form.is_valid():
        values = {field: form.cleaned_data[field] for field in REQUISITE_FIELDS}
        try:
            services.change_request_submit(
                partner=partner, requested_by=request.user, values=values, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your request is sent to the college. The requisites change once it is approved.")
            )
            return redirect("partners:profile")
    return render(request, "partners/requisites_request.html", {"form": form, "partner": partner, "pending": pending})


@employer_required
def colleague_invite(request):
    partner = _own_partner(request)
    form = ColleagueInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        roles, fields = form.service_fields()
        try:
            invitation = services.colleague_invite(partner=partner, invited_by=request.user, roles=roles, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect(reverse("partners:profile") + "#team")
    return render(request, "partners/colleague_invite.html", {"form": form, "partner": partner})
