"""Background tasks of the partner register (thin: ids in, re-fetch, call a service)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from partnership_portal.emails import absolute_url, send_templated_email

from . import activity
from .models import Invitation, InvitationState

# The mail server refused the connection, timed out, hung up or answered with an error (every
# smtplib error is an OSError): the letter is tried again later with exponential backoff
# (MAIL_RETRY_BACKOFF seconds, doubling, at most an hour apart, ten times). The invitation itself
# was saved before this task was queued.
MAIL_RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": settings.MAIL_RETRY_BACKOFF,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(name="partners.send_invitation", **MAIL_RETRY)
def send_invitation(*, invitation_id):
    """E-mails the invitation link, retried while the mail server is down (``MAIL_RETRY``).
    Quietly does nothing if the invitation is gone or no longer pending."""
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
