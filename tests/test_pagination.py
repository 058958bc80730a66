"""The lean paginator gives every page exactly as Django's Paginator does, also the pages of the
second half, which it finds from the end of the list in the reversed order."""

import pytest
from django.core.paginator import Paginator

from partners.models import Partner
from partnership_portal.pagination import LeanPaginator
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "order",
    [("name", "pk"), ("-last_activity_on", "-pk"), ("last_activity_on", "name", "pk"), ("status",)],
    ids=["name", "nulls-desc", "nulls-asc", "ties-without-pk"],
)
@pytest.mark.parametrize("per_page", [3, 4])
def test_every_page_is_the_one_django_gives(order, per_page):
    for index in range(11):
        # Ties in the name and the status, and no activity date on some.
        PartnerFactory(
            name=f"Партнёр {index % 4}", status=["active", "dormant"][index % 2],
            last_activity_on=None if index % 3 == 0 else f"2026-0{1 + index % 5}-10",
        )  # fmt: skip
    partners = Partner.objects.order_by(*order)
    plain, lean = Paginator(partners, per_page), LeanPaginator(partners, per_page)
    if order[-1].lstrip("-") != "pk":  # no total order: pages are only fixed by OFFSET
        partners = partners.order_by(*order, "pk")
        plain, lean = Paginator(partners, per_page), LeanPaginator(partners, per_page)
    for number in plain.page_range:
        assert [p.pk for p in lean.page(number)] == [p.pk for p in plain.page(number)], number


def test_a_page_of_the_second_half_is_read_in_the_reversed_order(django_assert_num_queries):
    PartnerFactory.create_batch(10)
    lean = LeanPaginator(Partner.objects.order_by("name", "pk"), 3)
    lean.count  # noqa: B018
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        list(lean.page(4))
    ids_query = captured.captured_queries[0]["sql"]
    assert '"partners_partner"."name" DESC' in ids_query and "OFFSET" not in ids_query


@pytest.mark.parametrize("cap", [20, 5])
def test_a_searched_list_takes_its_ids_at_once_up_to_the_cap(cap, monkeypatch):
    """Searched: the ids of every row found, in order, by one query (the count is their number, a
    page a slice); more rows than the cap: counted and paged as any list. Pages as Django's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnership_portal import pagination

    monkeypatch.setattr(pagination, "SEARCH_IDS", cap)
    for index in range(11):
        PartnerFactory(name=f"Партнёр {index % 4}", short_name="")
    found = Partner.objects.filter(name__startswith="Партнёр").order_by("-name", "pk")
    plain, searched = Paginator(found, 3), LeanPaginator(found, 3, searched=True)
    numbers = list(plain.page_range)
    with CaptureQueriesContext(connection) as captured:
        pages = {number: [p.pk for p in searched.page(number)] for number in numbers}
    assert pages == {number: [p.pk for p in plain.page(number)] for number in numbers}
    assert searched.count == 11
    # The ids once, then a query per page for its rows; beyond the cap a count and the ids per page.
    expected = 1 + len(pages) if cap >= 11 else 2 + 2 * len(pages)
    assert len(captured) == expected, [q["sql"][:80] for q in captured]
