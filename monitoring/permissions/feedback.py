"""Named rules about employers' feedback on the programmes."""

from partners.permissions import is_partner_member
from partnership_portal.accounts.permissions import is_college_staff, is_employer, is_partnership_manager
from practice.models import PlacementState

from ..models import RequirementStatus

# A student can be rated once the practice has begun (and after it, for as long as the placement stands).
RATABLE_PLACEMENT_STATES = (PlacementState.IN_PROGRESS, PlacementState.COMPLETED, PlacementState.EVALUATED)


def can_submit_requirement(user):
    return is_employer(user)


def can_decide_requirements(user):
    """Taking a requirement into a programme or declining it: the partnership manager (with the
    deputy director's authority over programmes) and administrators."""
    return is_partnership_manager(user)


def can_manage_competences(user):
    """The lists of competences employers rate: the partnership manager and administrators."""
    return is_partnership_manager(user)


def can_view_feedback_summary(user):
    """The per-specialty summaries of requirements and ratings: any college staff."""
    return is_college_staff(user)


def can_edit_requirement(user, requirement):
    """The employer edits its organisation's requirement until the college decides on it."""
    return is_partner_member(user, requirement.partner) and requirement.status == RequirementStatus.PENDING


def can_rate_placement(user, placement):
    """An employer rates the students placed with its organisation once their practice has begun."""
    return (
        is_employer(user) and is_partner_member(user, placement.partner) and placement.state in RATABLE_PLACEMENT_STATES
    )
