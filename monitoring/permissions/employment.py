"""Named rules of graduate employment: a staff-only subject (employers get 404 on all of it)."""

from partnership_portal.accounts.permissions import is_college_staff, is_partnership_manager, is_practice_coordinator


def can_view_employment(user):
    return is_college_staff(user)


def can_record_employment(user):
    """Enter and import graduates' statuses: practice coordinators and partnership managers."""
    return is_practice_coordinator(user) or is_partnership_manager(user)
