"""Named rules about contracts."""

from partners.permissions import is_partner_member
from partnership_portal.accounts.permissions import is_college_staff, is_partnership_manager

from .models import ContractState


def can_manage_contracts(user):
    """Prepare, send for signatures, record signatures, terminate: the partnership manager."""
    return is_partnership_manager(user)


def can_view_contract(user, contract):
    """Staff see every contract; an employer sees their own organisation's once it left the draft."""
    if is_college_staff(user):
        return True
    return is_partner_member(user, contract.partner) and contract.state != ContractState.DRAFT
