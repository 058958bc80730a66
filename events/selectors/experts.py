"""Reads of demonstration-exam experts and their nominations that depend on who asks.

Experts are the college's own register: staff see every expert; an employer sees the experts
among their organisation's people; anyone else sees nothing.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partnership_portal.accounts.permissions import is_college_staff, is_employer

from ..models import Event, EventType, Expert, ExpertNomination

EXPIRY_WARNING_DAYS = 60


def experts_visible_to(user):
    experts = Expert.objects.select_related("contact__partner")
    if is_college_staff(user):
        return experts
    if is_employer(user):
        return experts.filter(contact__partner_id=user.partner_id)
    return experts.none()


def get_expert_for(user, pk):
    return get_object_or_404(experts_visible_to(user), pk=pk)


def nominations_visible_to(user):
    nominations = ExpertNomination.objects.select_related("expert__contact__partner", "event")
    if is_college_staff(user):
        return nominations
    if is_employer(user):
        return nominations.filter(expert__contact__partner_id=user.partner_id)
    return nominations.none()


def get_nomination_for(user, pk):
    return get_object_or_404(nominations_visible_to(user), pk=pk)


def certificates_expiring(user, days=EXPIRY_WARNING_DAYS, today=None):
    """Experts whose certificate runs out within ``days`` (and has not run out yet), soonest first."""
    today = today or timezone.localdate()
    return (
        experts_visible_to(user)
        .filter(certificate_expires_on__gte=today, certificate_expires_on__lte=today + timedelta(days=days))
        .order_by("certificate_expires_on", "pk")
    )


def exams_visible_to(user):
    """Demonstration exams, for nominating experts: a staff page (employers see their events on
    the event pages)."""
    exams = Event.objects.filter(type=EventType.DEMO_EXAM)
    return exams if is_college_staff(user) else exams.none()


def get_exam_for(user, pk):
    return get_object_or_404(exams_visible_to(user), pk=pk)


def expert_list(user, *, expiring=False, query=""):
    experts = experts_visible_to(user).annotate(nomination_count=Count("nominations"))
    if expiring:
        experts = experts.filter(pk__in=certificates_expiring(user).values("pk"))
    query = (query or "").strip()
    if query:
        experts = experts.filter(
            Q(contact__last_name__icontains=query)
            | Q(competence__icontains=query)
            | Q(certificate_number__icontains=query)
            | Q(contact__partner__name__icontains=query)
        )
    return experts.order_by("certificate_expires_on", "pk")
