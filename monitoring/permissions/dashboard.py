"""Permissions: the indicator dashboard."""

from partnership_portal.accounts.permissions import is_college_staff


def can_view_indicators(user):
    """The indicators are the college's own management figures: staff only (employers get 404)."""
    return is_college_staff(user)
