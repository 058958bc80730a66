"""The indicator dashboard page and its XLSX export: staff only, the same figures as
``sections()`` and as the plain-Python counts, a fixed number of queries; the home dashboard
moved to monitoring and links to it."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from monitoring import dashboards
from monitoring.indicators import Scope
from tests.helpers import assert_constant_queries, ru
from tests.url_table import STAFF_ONLY, TABLE

from . import reference
from .factories import build_world

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:dashboard")
EXPORT = reverse("monitoring:dashboard_export")


def page_values(html):
    """{figure key: raw value text} as the page states them in data-value (empty: no data)."""
    return dict(re.findall(r'data-figure="([\w.]+)" data-value="([^"]*)"', html))


def as_text(value):
    return "" if value is None else str(value)


def test_the_url_table_lists_both_pages_as_staff_only():
    assert TABLE["monitoring:dashboard"].expected == TABLE["monitoring:dashboard_export"].expected == STAFF_ONLY


def test_employer_gets_404_and_anonymous_the_login_page(client, employer_a):
    assert client.get(URL).status_code == 302
    client.force_login(employer_a)
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT).status_code == 404


def test_the_page_shows_the_same_figures_as_the_plain_python_count(staff_client):
    s1, _s2 = build_world()
    year = timezone.localdate().year - 1
    for specialty_id in (None, s1.pk):
        params = {"year": year, **({"specialty": specialty_id} if specialty_id else {})}
        html = staff_client.get(URL, params).content.decode()
        scope = Scope.year(year, specialty_id)
        expected = {
            key: as_text(value) for key, value in reference.figures(scope.start, scope.end, specialty_id).items()
        }
        assert page_values(html) == expected


def test_each_figure_prints_its_value_and_no_data_in_words(staff_client):
    build_world()
    year = timezone.localdate().year - 1
    response = staff_client.get(URL, {"year": year})
    html = response.content.decode()
    sections = {section.key: section for section in response.context["sections"]}
    money = next(f for f in sections["contributions"].figures if f.key == "contributions.value")
    assert money.value is not None and money.text in html
    assert money.text.endswith("\u00a0₽") and "," in money.text  # kopecks after a decimal comma
    # Two years before the world's first employment checkpoint there is no rate: words, not 0.
    empty = staff_client.get(URL, {"year": timezone.localdate().year - 5}).content.decode()
    assert 'data-figure="employment.within_1_year" data-value=""' in empty
    assert ru("no data") in empty


def test_every_figure_carries_its_trend_over_five_years(staff_client):
    s1, _s2 = build_world()
    year = timezone.localdate().year
    response = staff_client.get(URL, {"year": year, "specialty": s1.pk})
    figure = next(f for s in response.context["sections"] for f in s.figures if f.key == "contracts.in_force")
    expected = [(y, reference.figures(*_bounds(y), s1.pk)["contracts.in_force"]) for y in range(year - 4, year + 1)]
    assert [(when, value) for when, value, _text in figure.trend] == expected


def _bounds(year):
    scope = Scope.year(year)
    return scope.start, scope.end


def test_charts_come_with_their_data_as_tables(staff_client):
    build_world()
    html = staff_client.get(URL, {"year": timezone.localdate().year - 1}).content.decode()
    for match in re.finditer(
        r'<canvas data-chart="(\w+)" data-source="([\w-]+)" aria-label="[^"]*" aria-describedby="([\w-]+)"', html
    ):
        kind, source, table = match.groups()
        assert kind in ("bar", "doughnut", "line")
        assert f'<script id="{source}" type="application/json">' in html
        assert f'id="{table}"' in html
    assert html.count("<canvas") >= 8
    assert "charts.js" in html and "chart.umd.min.js" in html


def test_the_export_holds_the_same_figures_as_the_page(staff_client):
    s1, _s2 = build_world()
    year = timezone.localdate().year - 1
    response = staff_client.get(EXPORT, {"year": year, "specialty": s1.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    assert list(header[4:9]) == list(range(year - 4, year + 1))
    exported = {row[2]: row[8] for row in rows[2:]}
    scope = Scope.year(year, s1.pk)
    expected = reference.figures(scope.start, scope.end, s1.pk)
    assert set(exported) == set(expected)
    for key, value in expected.items():
        if value is None:
            assert exported[key] == ru("no data"), key
        else:
            assert Decimal(str(exported[key])) == Decimal(value), key


def test_a_bad_filter_gives_this_year_not_an_error(staff_client):
    response = staff_client.get(URL, {"year": "1812", "specialty": "abc"})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year and response.context["specialty_id"] is None
    assert staff_client.get(EXPORT, {"year": "x' OR 1=1"}).status_code == 200


def test_the_dashboard_runs_the_same_queries_with_few_and_many_rows(staff_client):
    build_world(scale=1)
    assert_constant_queries(staff_client, URL, lambda: build_world(seed=5, scale=3), refresh="1")


def test_the_figures_come_from_the_cache_until_computed_again(staff_client, django_assert_max_num_queries):
    """Computed once per year, specialty and language for ten minutes: the page says when, and
    «Пересчитать сейчас» computes them at once."""
    build_world(scale=1)
    first = staff_client.get(URL)
    before = page_values(first.content.decode())
    assert 'data-testid="indicators-computed"' in first.content.decode()
    build_world(seed=5, scale=3)  # more of everything
    with django_assert_max_num_queries(6):  # session, user, roles, the filter's specialties
        cached = staff_client.get(URL)
    assert page_values(cached.content.decode()) == before
    assert cached.context["computed_at"] == first.context["computed_at"]
    fresh = staff_client.get(URL, {"refresh": "1"})
    assert page_values(fresh.content.decode()) != before
    assert fresh.context["computed_at"] > first.context["computed_at"]
    assert page_values(staff_client.get(URL).content.decode()) == page_values(fresh.content.decode())


def test_the_cache_keeps_each_year_and_language_apart(staff_client):
    build_world(scale=1)
    this_year = timezone.localdate().year
    russian = staff_client.get(URL).context["sections"][0].title
    assert staff_client.get(URL, {"year": this_year - 1}).context["year"] == this_year - 1
    staff_client.post(reverse("set_language"), {"language": "en", "next": URL})
    english = staff_client.get(URL).context["sections"][0].title
    assert russian != english and english.isascii()


def test_the_home_dashboard_lives_in_monitoring_and_links_to_the_indicators(staff_client):
    response = staff_client.get(reverse("home"))
    assert response.templates[0].name == "dashboard/staff.html"
    assert f'href="{URL}"' in response.content.decode()
    assert dashboards.staff_dashboard.__module__ == "monitoring.dashboards"


def test_the_project_base_imports_no_dashboard_module():
    import importlib.util

    assert importlib.util.find_spec("partnership_portal.dashboards") is None
