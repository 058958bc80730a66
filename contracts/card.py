"""The contracts section of the staff partner card (registered in ContractsConfig.ready)."""

from django.db.models import Count, Q

from . import selectors
from .models import ContractState
from .permissions import can_manage_contracts
from .views.contracts import with_row_facts

LATEST = 10


def partner_contracts_section(user, partner):
    contracts = selectors.contracts_visible_to(user).filter(partner=partner)
    counts = contracts.aggregate(
        total=Count("pk"),
        in_force=Count("pk", filter=Q(state__in=[ContractState.SIGNED, ContractState.ACTIVE])),
        expiring=Count("pk", filter=Q(pk__in=selectors.contracts_expiring(contracts).values("pk"))),
    )
    latest = contracts.annotate(signature_count=selectors.signature_count()).order_by("-signed_on", "-seq")[:LATEST]
    return {
        "template": "contracts/_partner_card_section.html",
        "contracts": with_row_facts(list(latest)),
        "counts": counts,
        "can_manage": can_manage_contracts(user),
    }
