"""Short names of the contract types, for narrow columns (lists, cards); the full name stays on
the contract's page and in its PDF."""

from django import template
from django.utils.translation import gettext_lazy as _

from contracts.models import ContractType

register = template.Library()

SHORT_TYPE_LABELS = {
    ContractType.COOPERATION: _("Cooperation"),
    ContractType.PRACTICAL_TRAINING: _("Practical training"),
    ContractType.TRIPARTITE_PRACTICE: _("Tripartite, practice"),
    ContractType.TARGETED_TRAINING: _("Targeted training"),
    ContractType.CONSULTING: _("Consulting"),
    ContractType.CONTRACT_WORK: _("Contract work"),
    ContractType.RESEARCH: _("R&D"),
    ContractType.JOINT_PROJECT: _("Joint project"),
    ContractType.SPONSORSHIP: _("Donation"),
    ContractType.AMENDMENT: _("Amendment"),
}


@register.filter
def short_type(contract):
    """«Трёхсторонний, практика» for a tripartite practice contract; the full name if none is set."""
    return SHORT_TYPE_LABELS.get(contract.type) or contract.get_type_display()
