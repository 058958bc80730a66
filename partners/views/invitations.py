"""Invitations: the staff overview, withdrawing and re-sending, and accepting a link."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import login_required, staff_required
from partnership_portal.web import paginate, redirect_back

from .. import selectors, services
from ..forms import InvitationAcceptForm
from ..models import InvitationState
from ..permissions import can_manage_contact


@staff_required
def invitation_list(request):
    state = request.GET.get("state") or ""
    if state not in InvitationState.values:
        state = ""
    query = request.GET.get("q", "")
    invitations = selectors.invitation_list(request.user, state=state or None, query=query)
    return render(
        request,
        "partners/invitation_list.html",
        {"page_obj": paginate(request, invitations), "state": state, "states": InvitationState.choices, "query": query},
    )


def _managed_invitation(request, pk):
    invitation = selectors.get_invitation_for(request.user, pk)
    if not can_manage_contact(request.user, invitation.contact):
        raise PermissionDenied
    return invitation


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = _managed_invitation(request, pk)
    try:
        services.invitation_revoke(invitation=invitation, revoked_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect_back(request, reverse("partners:invitation_list"))


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = _managed_invitation(request, pk)
    try:
        fresh = services.invitation_send(contact=invitation.contact, invited_by=request.user, email=invitation.email)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new invitation was sent to %(email)s.") % {"email": fresh.email})
    return redirect_back(request, reverse("partners:invitation_list"))


@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token):
    """Anyone with the link: set a password, get the employer account, be logged in."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "partners/invitation_invalid.html", {"reason": str(error)}, status=410)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except services.InvitationError as error:
            return render(request, "partners/invitation_invalid.html", {"reason": str(error)}, status=410)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! Your account for %(partner)s is ready; log in next time with %(email)s.")
                % {"partner": invitation.contact.partner, "email": user.email},
            )
            return redirect("home")
    return render(request, "partners/invitation_accept.html", {"form": form, "invitation": invitation})
