"""Named rules about surveys."""

from partnership_portal.accounts.permissions import is_partnership_manager, is_practice_coordinator


def can_manage_surveys(user):
    """Build surveys and run campaigns: partnership managers and practice coordinators. Other
    staff read the results."""
    return is_partnership_manager(user) or is_practice_coordinator(user)
