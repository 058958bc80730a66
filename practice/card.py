"""The practice section of the staff partner card (registered in PracticeConfig.ready)."""

from django.db.models import Count, Q

from . import selectors
from .models import DocumentStatus, PlacementState

LATEST = 10


def partner_practice_section(user, partner):
    placements = selectors.placements_visible_to(user).filter(partner=partner)
    counts = placements.aggregate(
        total=Count("pk", filter=~Q(state=PlacementState.CANCELLED)),
        evaluated=Count("pk", filter=Q(evaluation__status=DocumentStatus.SUBMITTED)),
    )
    # Both are single-valued relations: no row is repeated, so no DISTINCT is needed.
    theses = selectors.theses_visible_to(user).filter(Q(reviewer__partner=partner) | Q(ordered_by=partner))
    internships = selectors.internships_visible_to(user).filter(partner=partner)
    offers = selectors.offers_visible_to(user).filter(partner=partner)
    return {
        "template": "practice/_partner_card_section.html",
        "order": 10,
        "placements": list(placements.exclude(state=PlacementState.CANCELLED).order_by("-start_date")[:LATEST]),
        "placement_counts": counts,
        # Pick the latest ids with a lean query first: a partner may have thousands of theses.
        "theses": list(
            theses.filter(pk__in=list(theses.order_by("-created_at").values_list("pk", flat=True)[:LATEST])).order_by(
                "-created_at"
            )
        ),
        "thesis_count": theses.count(),
        "internships": list(internships[:LATEST]),
        "internship_count": internships.count(),
        "offers": list(offers.order_by("-start_date")[:LATEST]),
    }
