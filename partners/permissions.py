"""Named rules about partner organisations."""

from partnership_portal.accounts.permissions import is_college_staff, is_employer


def is_partner_member(user, partner):
    """The user represents this partner organisation."""
    return is_employer(user) and user.partner_id == partner.pk


def can_view_partner(user, partner):
    return is_college_staff(user) or is_partner_member(user, partner)
