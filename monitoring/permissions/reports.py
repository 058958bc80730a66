"""Named rules about periodic reports: the college's own documents, for its staff only."""

from partnership_portal.accounts.permissions import is_college_staff


def can_view_reports(user):
    """Read the reports and download their files: college staff (employers never learn they exist)."""
    return is_college_staff(user)


def can_request_report(user):
    """Ask for a report of any period, try a failed one again: college staff."""
    return is_college_staff(user)


def can_subscribe_to_reports(user):
    """Get the scheduled reports by e-mail: college staff with an address to write to."""
    return is_college_staff(user) and bool(user.email)
