"""Reads of councils and other bodies, their meetings and decisions, that depend on who asks.

Every college staff member reads every body. An employer sees only the bodies where one of
their organisation's people is (or was) a member, with those bodies' meetings, protocols,
decisions and charter; anyone else sees nothing (and a body they may not see is a 404).
"""

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partnership_portal.accounts.permissions import is_college_staff, is_employer

from ..models import AgendaItem, Body, Decision, DecisionStatus, Meeting, Membership, active_memberships_q


def _has_member_of(partner_id):
    """The body has (or had) a member from organisation ``partner_id``."""
    return Exists(Membership.objects.filter(body_id=OuterRef("pk"), contact__partner_id=partner_id))


def bodies_visible_to(user):
    bodies = Body.objects.all()
    if is_college_staff(user):
        return bodies
    if is_employer(user):
        return bodies.filter(_has_member_of(user.partner_id))
    return bodies.none()


def get_body_for(user, pk):
    return get_object_or_404(bodies_visible_to(user), pk=pk)


def body_list(user):
    """The bodies with their counts of current members and meetings, and the last meeting date."""
    today = timezone.localdate()
    return (
        bodies_visible_to(user)
        .annotate(
            member_count=Count("memberships", filter=active_memberships_q(today, "memberships__"), distinct=True),
            meeting_count=Count("meetings", distinct=True),
            last_meeting_on=Max("meetings__date"),
        )
        .order_by("name")
    )


def memberships_visible_to(user):
    memberships = Membership.objects.select_related("body", "contact__partner", "user")
    return memberships.filter(body__in=bodies_visible_to(user))


def get_membership_for(user, pk):
    return get_object_or_404(memberships_visible_to(user), pk=pk)


def members_of(body):
    """Every membership of the body, current ones first by role, then ended ones."""
    return body.memberships.select_related("contact__partner", "user").order_by("role", "term_start", "pk")


def meetings_visible_to(user):
    # The frozen snapshot is read only to render the protocol (documents.py loads it itself).
    meetings = Meeting.objects.select_related("body").defer("snapshot")
    if is_college_staff(user):
        return meetings
    if is_employer(user):
        return meetings.filter(body__in=bodies_visible_to(user))
    return meetings.none()


def get_meeting_for(user, pk):
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def meeting_list(user, *, body=None):
    meetings = meetings_visible_to(user)
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings.annotate(
        attendee_count=Count("attendees", distinct=True),
        item_count=Count("items", distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-date", "-number", "pk")


def decisions_visible_to(user):
    return Decision.objects.select_related("meeting__body", "item").filter(
        meeting__in=meetings_visible_to(user).values("pk")
    )


def get_decision_for(user, pk):
    return get_object_or_404(decisions_visible_to(user), pk=pk)


def overdue_q(today=None):
    today = today or timezone.localdate()
    return Q(status=DecisionStatus.OPEN, due_date__lt=today)


def overdue_decisions(user, today=None):
    """Open decisions past their due date, the longest overdue first."""
    return decisions_visible_to(user).filter(overdue_q(today)).order_by("due_date", "pk")


def partner_memberships(user, partner):
    """The memberships of ``partner``'s people in the bodies ``user`` may see."""
    return memberships_visible_to(user).filter(contact__partner=partner).order_by("body__name", "role", "pk")


def agenda_items_visible_to(user):
    return AgendaItem.objects.select_related("meeting__body").filter(meeting__in=meetings_visible_to(user).values("pk"))


def get_agenda_item_for(user, pk):
    return get_object_or_404(agenda_items_visible_to(user), pk=pk)


def partner_councils_section(user, partner):
    """«Участие в советах» on the staff partner card: the partner's people in councils and bodies."""
    if not is_college_staff(user):
        return None
    today = timezone.localdate()
    memberships = list(partner_memberships(user, partner))
    for membership in memberships:
        membership.is_current = membership.covers(today)
    return {
        "template": "events/councils/_partner_card_section.html",
        "memberships": memberships,
    }
