"""Reconciliation: every figure of ``monitoring.indicators`` equals the same figure counted in
plain Python over the rows (``reference.py``), for several years and specialties."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from monitoring import indicators
from monitoring.indicators import Scope

from . import reference
from .factories import build_world

pytestmark = pytest.mark.django_db


def computed(scope):
    return {figure.key: figure.value for section in indicators.sections(scope) for figure in section.figures}


def test_sections_come_in_the_fixed_order_with_every_figure():
    found = indicators.sections(Scope.year(timezone.localdate().year))
    assert [section.key for section in found] == list(indicators.SECTION_KEYS)
    expected = set(
        reference.figures(
            *Scope.year(timezone.localdate().year)[:2] if False else (Scope.year(2000).start, Scope.year(2000).end)
        )
    )
    assert {figure.key for section in found for figure in section.figures} == expected


def test_with_no_rows_every_figure_is_no_data_never_zero():
    values = computed(Scope.year(timezone.localdate().year))
    assert values and all(value is None for value in values.values()), values


@pytest.mark.parametrize("years_ago", [0, 1, 2])
def test_every_figure_equals_the_plain_python_count(years_ago):
    s1, s2 = build_world()
    year = timezone.localdate().year - years_ago
    for specialty_id in (None, s1.pk, s2.pk):
        scope = Scope.year(year, specialty_id)
        expected = reference.figures(scope.start, scope.end, specialty_id)
        assert computed(scope) == expected, (year, specialty_id)
    # The world is varied enough for the comparison to mean something.
    assert sum(value not in (None, 0) for value in reference.figures(scope.start, scope.end).values()) >= 15


def test_quarters_and_months_reconcile_too():
    build_world(seed=11)
    today = timezone.localdate()
    for scope in (Scope.quarter(today.year, (today.month - 1) // 3 + 1), Scope.month(today.year, today.month)):
        assert computed(scope) == reference.figures(scope.start, scope.end), scope


def test_trend_gives_one_value_per_year_equal_to_that_years_figure():
    s1, _s2 = build_world()
    years = [timezone.localdate().year - 2, timezone.localdate().year - 1, timezone.localdate().year]
    for key in ("partners.active", "contracts.in_force", "events.participants", "employment.within_1_year"):
        expected = [(year, reference.figures(*_bounds(year), s1.pk)[key]) for year in years]
        assert indicators.trend(key, years, s1.pk) == expected


def _bounds(year):
    scope = Scope.year(year)
    return scope.start, scope.end


def test_scope_labels_and_bounds():
    assert (Scope.quarter(2028, 1).start, Scope.quarter(2028, 1).end) == (
        Scope.month(2028, 1).start,
        Scope.month(2028, 3).end,
    )
    assert Scope.month(2028, 2).end.day == 29
    assert Scope.month(2027, 12).end.isoformat() == "2027-12-31"
    with translation.override("ru"):
        assert Scope.month(2026, 3).label == "март 2026"


def test_sections_run_a_fixed_number_of_queries():
    scope = Scope.year(timezone.localdate().year)
    build_world(scale=1)
    with CaptureQueriesContext(connection) as few:
        indicators.sections(scope)
    build_world(seed=3, scale=3)
    with CaptureQueriesContext(connection) as many:
        indicators.sections(scope)
    assert len(few) == len(many) <= 30
