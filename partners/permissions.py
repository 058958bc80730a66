"""Named rules about partner organisations and the people at them."""

from partnership_portal.accounts.permissions import is_college_staff, is_employer, is_partnership_manager


def is_partner_member(user, partner):
    """The user represents this partner organisation."""
    return is_employer(user) and user.partner_id == partner.pk


def can_view_partner(user, partner):
    return is_college_staff(user) or is_partner_member(user, partner)


def can_manage_partners(user):
    """Create and edit partners and contacts, invite people, decide change requests, import."""
    return is_partnership_manager(user)


def can_log_interactions(user):
    """Any college staff member records contacts with partners and owns follow-ups."""
    return is_college_staff(user)


def can_manage_contact(user, contact):
    """Staff managers edit any contact; an employer edits the contacts of their own organisation."""
    return can_manage_partners(user) or is_partner_member(user, contact.partner)


def employer_contact(user):
    """The contact record behind an employer's account, or None."""
    if not is_employer(user):
        return None
    return getattr(user, "contact", None)


def _employer_has_role(user, role):
    contact = employer_contact(user)
    return bool(contact and contact.is_active and getattr(contact, f"is_{role}"))


def is_practice_supervisor(user):
    return _employer_has_role(user, "practice_supervisor")


def is_thesis_reviewer(user):
    return _employer_has_role(user, "thesis_reviewer")


def is_signatory(user):
    return _employer_has_role(user, "signatory")
