"""Named rules about events, experts, councils and contributions."""

from partners.permissions import is_partner_member
from partnership_portal.accounts.permissions import (
    is_college_staff,
    is_employer,
    is_partnership_manager,
    is_practice_coordinator,
)


def can_manage_events(user):
    """Plan events, approve employers' proposals, record results: partnership managers and
    practice coordinators."""
    return is_partnership_manager(user) or is_practice_coordinator(user)


def can_propose_event(user):
    return is_employer(user)


def can_manage_councils(user):
    return is_partnership_manager(user)


def can_manage_contributions(user):
    return is_partnership_manager(user)


def is_event_partner(user, event):
    """The employer's organisation takes part in the event (or hosts it)."""
    partner_id = getattr(user, "partner_id", None) if is_employer(user) else None
    if not partner_id:
        return False
    return event.site_partner_id == partner_id or event.partners.filter(pk=partner_id).exists()


def can_view_event(user, event):
    return is_college_staff(user) or is_event_partner(user, event)


__all__ = ["is_partner_member"]
