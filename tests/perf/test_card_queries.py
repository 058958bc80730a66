"""The staff partner card runs the same number of queries whatever the partner has (issue 11).

Its sections (practice, contracts, events, contributions, councils, demand) come from several
apps; each reads its counts and latest rows with a constant number of queries.
"""

from django.urls import reverse

from tests.factories import (
    ContactFactory,
    InteractionFactory,
    PlacementFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)
from tests.helpers import assert_constant_queries

# Measured 28 before issue 11; the counts of the practice section, the interactions and the
# contributions are now one query each. The target (12) needs the sections loaded apart.
MAX_CARD_QUERIES = 25


def test_the_partner_card_runs_a_constant_small_number_of_queries(staff_client, partner_a, staff):
    def add_rows(count=12):
        for _index in range(count):
            contact = ContactFactory(partner=partner_a)
            InteractionFactory(partner=partner_a, contact=contact, author=staff)
            PlacementFactory(partner=partner_a)
            TeacherInternshipFactory(partner=partner_a)
            ThesisFactory(ordered_by=partner_a)

    add_rows(1)  # one of each first: an empty list may skip a query
    queries = assert_constant_queries(staff_client, reverse("partners:detail", args=[partner_a.pk]), add_rows)
    assert queries <= MAX_CARD_QUERIES


def test_the_card_counts_what_it_lists(staff_client, partner_a, staff):
    for _index in range(3):
        ThesisFactory(ordered_by=partner_a)
        TeacherInternshipFactory(partner=partner_a)
        InteractionFactory(partner=partner_a, author=staff)
    PlacementFactory(partner=partner_a)
    response = staff_client.get(reverse("partners:detail", args=[partner_a.pk]))
    assert response.context["interaction_count"] == 3
    practice = next(s for s in response.context["sections"] if s["template"] == "practice/_partner_card_section.html")
    assert practice["thesis_count"] == 3
    assert practice["internship_count"] == 3
    assert practice["placement_counts"] == {"total": 1, "evaluated": 0}
