"""Background tasks of the partner register (thin: ids in, re-fetch, call a service)."""

from celery import shared_task
from django.urls import reverse

from partnership_portal.emails import absolute_url, send_templated_email

from . import activity
from .models import Invitation, InvitationState


@shared_task(name="partners.send_invitation")
def send_invitation(*, invitation_id):
    """E-mails the invitation link. Quietly does nothing if the invitation is gone or no longer pending."""
    from .services import invitation_token

    invitation = Invitation.objects.select_related("contact__partner", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.state != InvitationState.PENDING:
        return
    link = absolute_url(reverse("partners:invitation_accept", args=[invitation_token(invitation)]))
    send_templated_email(
        to=[invitation.email],
        template="partners/emails/invitation",
        context={"invitation": invitation, "contact": invitation.contact, "partner": invitation.contact.partner,
                 "link": link, "expires_at": invitation.expires_at},
    )  # fmt: skip


@shared_task(name="partners.refresh_partner_health")
def refresh_partner_health():
    """Nightly: recomputes every partner's last activity and flags quiet active partners dormant."""
    activity.refresh_activity()
    activity.flag_dormant_partners()
