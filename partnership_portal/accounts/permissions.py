"""Named yes/no rules about who a user is. Used by views, selectors and templates alike.

Each app's own ``permissions.py`` builds object rules (``is_partner_member``) on these.
"""

from .models import Role, StaffGroup


def is_authenticated(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user):
    return is_authenticated(user) and (user.is_superuser or user.role == Role.ADMIN)


def is_college_staff(user):
    """College staff and administrators: they see everything of the college."""
    return is_authenticated(user) and user.role in (Role.STAFF, Role.ADMIN)


def is_employer(user):
    """An employer representative bound to a partner organisation."""
    return is_authenticated(user) and user.role == Role.EMPLOYER and user.partner_id is not None


def _group_names(user):
    # Cached on the user object for the request: templates ask several times per page.
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._portal_group_names


def has_staff_group(user, group):
    """Administrators hold every staff role; other staff need membership of the group."""
    if is_administrator(user):
        return True
    return is_college_staff(user) and StaffGroup(group).value in _group_names(user)


def is_partnership_manager(user):
    return has_staff_group(user, StaffGroup.PARTNERSHIP_MANAGER)


def is_practice_coordinator(user):
    return has_staff_group(user, StaffGroup.PRACTICE_COORDINATOR)


def is_teacher(user):
    return has_staff_group(user, StaffGroup.TEACHER)


def can_use_admin_site(user):
    return is_authenticated(user) and user.is_staff
