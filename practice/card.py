"""The practice section of the staff partner card (registered in PracticeConfig.ready)."""

from django.db.models import Q

from partners.models import Partner
from partnership_portal.queries import SubqueryCount

from . import selectors
from .models import DocumentStatus, PlacementState

LATEST = 10


def partner_practice_section(user, partner):
    placements = selectors.placements_visible_to(user).filter(partner=partner)
    # Both are single-valued relations: no row is repeated, so no DISTINCT is needed.
    theses = selectors.theses_visible_to(user).filter(Q(reviewer__partner=partner) | Q(ordered_by=partner))
    internships = selectors.internships_visible_to(user).filter(partner=partner)
    offers = selectors.offers_visible_to(user).filter(partner=partner)
    # Every count of the section in one query (each a subquery through its own index).
    counts = (
        Partner.objects.filter(pk=partner.pk)
        .annotate(
            n_placed=SubqueryCount(placements.exclude(state=PlacementState.CANCELLED)),
            n_evaluated=SubqueryCount(placements.filter(evaluation__status=DocumentStatus.SUBMITTED)),
            n_theses=SubqueryCount(theses),
            n_internships=SubqueryCount(internships),
        )
        .values("n_placed", "n_evaluated", "n_theses", "n_internships")
        .get()
    )
    return {
        "template": "practice/_partner_card_section.html",
        "placements": list(placements.exclude(state=PlacementState.CANCELLED).order_by("-start_date")[:LATEST]),
        "placement_counts": {"total": counts["n_placed"], "evaluated": counts["n_evaluated"]},
        # Pick the latest ids with a lean query first: a partner may have thousands of theses.
        "theses": list(
            theses.filter(pk__in=list(theses.order_by("-created_at").values_list("pk", flat=True)[:LATEST])).order_by(
                "-created_at"
            )
        ),
        "thesis_count": counts["n_theses"],
        "internships": list(internships[:LATEST]),
        "internship_count": counts["n_internships"],
        "offers": list(offers.order_by("-start_date")[:LATEST]),
    }
