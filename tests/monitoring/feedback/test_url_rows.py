"""This subject's rows of the URL-by-role table, checked over a small world of their own (the full
table in tests/test_urls_by_role.py builds every app's objects; this runs in seconds)."""

from types import SimpleNamespace

import pytest

import tests.url_table  # noqa: F401  (first: the table imports the monitoring rows)
from practice.models import PlacementState
from tests.factories import PlacementFactory
from tests.monitoring import urls_feedback
from tests.test_urls_by_role import check

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_world(staff, admin_user, employer_a, employer_b, partner_a, partner_b):
    placement = PlacementFactory(partner=partner_a, state=PlacementState.IN_PROGRESS)
    base = SimpleNamespace(
        staff=staff,
        admin=admin_user,
        employer_a=employer_a,
        employer_b=employer_b,
        partner_a=partner_a,
        partner_b=partner_b,
        placement_a=placement,
        group_a=placement.student.group,
    )
    made = urls_feedback.world(base)
    made.pop("admin_objects")
    return SimpleNamespace(**vars(base), **made)


@pytest.mark.parametrize("key", sorted(urls_feedback.ROWS))
def test_each_role_gets_the_expected_status(key, small_world, client):
    failures = check(key, small_world, client)
    assert not failures, "\n".join(failures)
