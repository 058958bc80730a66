"""Named rules about hiring demand."""

from partners.permissions import is_partner_member
from partnership_portal.accounts.permissions import is_college_staff, is_employer

from ..models import DemandSource


def can_manage_demand(user):
    """Staff see every declaration, record demand from any source, edit and delete any, import."""
    return is_college_staff(user)


def can_declare_demand(user):
    """Employers declare their own organisation's needs; staff record any."""
    return can_manage_demand(user) or is_employer(user)


def can_edit_declaration(user, declaration):
    """Staff edit any declaration; an employer edits (and withdraws) what its organisation
    declared itself, not what staff recorded about it from another source."""
    if can_manage_demand(user):
        return True
    return (
        declaration.partner_id is not None
        and is_partner_member(user, declaration.partner)
        and declaration.source == DemandSource.PARTNER
    )
