"""Named rules of the practice app."""

from partners.permissions import employer_contact, is_partner_member, is_practice_supervisor, is_thesis_reviewer
from partnership_portal.accounts.permissions import is_college_staff, is_employer, is_practice_coordinator

from .models import DocumentStatus, OfferStatus, PlacementState


def can_manage_practice(user):
    """Groups, students, periods, placements, publishing offers: the practice coordinator."""
    return is_practice_coordinator(user)


def can_manage_theses(user):
    """Theses and reviewer assignment: practice coordinators (and administrators)."""
    return is_practice_coordinator(user)


def can_manage_internships(user):
    """Teacher internships: any staff member records their own or others'."""
    return is_college_staff(user)


def can_edit_offer(user, offer):
    """The employer edits their offer until it is published; staff coordinators edit any open offer."""
    if can_manage_practice(user):
        return offer.status != OfferStatus.CLOSED
    return is_partner_member(user, offer.partner) and offer.status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED)


def can_evaluate(user, placement):
    """The employer supervisor of the placement (or any practice supervisor of that organisation)
    fills the sheet once the practice has started, until it is submitted."""
    if not (is_employer(user) and is_partner_member(user, placement.partner) and is_practice_supervisor(user)):
        return False
    if placement.state not in (PlacementState.IN_PROGRESS, PlacementState.COMPLETED, PlacementState.CONFIRMED):
        return False
    evaluation = getattr(placement, "evaluation", None)
    return evaluation is None or evaluation.status == DocumentStatus.DRAFT


def is_assigned_reviewer(user, thesis):
    contact = employer_contact(user)
    return bool(contact and thesis.reviewer_id == contact.pk and is_thesis_reviewer(user))


def can_write_review(user, thesis):
    review = getattr(thesis, "review", None)
    return is_assigned_reviewer(user, thesis) and (review is None or review.status == DocumentStatus.DRAFT)
