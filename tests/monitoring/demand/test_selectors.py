"""demand_vs_supply against the same figures computed in plain Python over the rows."""

import pytest
from django.utils import timezone

from monitoring.models import DemandDeclaration, DemandSource
from monitoring.selectors import demand as selectors
from monitoring.selectors.demand import DemandSupplyRow, demand_vs_supply
from practice.models import Student, StudentStatus
from tests.factories import SpecialtyFactory, StudentFactory, StudyGroupFactory

from .factories import DemandDeclarationFactory

pytestmark = pytest.mark.django_db


def expected_rows(years, specialty_id=None):
    """The table computed independently: every row read, summed in Python."""
    demand, supply = {}, {}
    for declaration in DemandDeclaration.objects.all():
        if declaration.year in years and specialty_id in (None, declaration.specialty_id):
            key = (declaration.specialty_id, declaration.year)
            demand[key] = demand.get(key, 0) + declaration.people
    for student in Student.objects.select_related("group"):
        group = student.group
        if (
            group.graduation_year in years
            and specialty_id in (None, group.specialty_id)
            and student.status in (StudentStatus.STUDYING, StudentStatus.GRADUATED)
        ):
            key = (group.specialty_id, group.graduation_year)
            supply[key] = supply.get(key, 0) + 1
    rows = []
    for key in demand.keys() | supply.keys():
        specialty = DemandDeclaration._meta.get_field("specialty").related_model.objects.get(pk=key[0])
        rows.append(DemandSupplyRow(key[0], str(specialty), key[1], demand.get(key, 0), supply.get(key, 0)))
    return sorted(rows, key=lambda row: (row.specialty_label, row.year))


@pytest.fixture
def data():
    year = timezone.localdate().year
    welding = SpecialtyFactory(code="15.02.19", name="Сварочное производство")
    machining = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    it = SpecialtyFactory(code="09.02.07", name="Информационные системы и программирование")
    group_now = StudyGroupFactory(specialty=machining, admission_year=year - 4, graduation_year=year)
    group_next = StudyGroupFactory(specialty=machining, admission_year=year - 3, graduation_year=year + 1)
    group_weld = StudyGroupFactory(specialty=welding, admission_year=year - 2, graduation_year=year + 2)
    for status in (StudentStatus.STUDYING, StudentStatus.STUDYING, StudentStatus.GRADUATED,
                   StudentStatus.EXPELLED, StudentStatus.ACADEMIC_LEAVE):  # fmt: skip
        StudentFactory(group=group_now, status=status)
    for _ in range(4):
        StudentFactory(group=group_next)
    StudentFactory(group=group_weld)
    DemandDeclarationFactory(specialty=machining, year=year, people=5)
    DemandDeclarationFactory(specialty=machining, year=year, people=2, partner=None,
                             source=DemandSource.EMPLOYMENT_CENTRE, employer_name="ООО «Вектор»")  # fmt: skip
    DemandDeclarationFactory(specialty=it, year=year + 1, people=7)
    DemandDeclarationFactory(specialty=welding, year=year + 5, people=9)  # outside the years asked
    return {"year": year, "machining": machining, "welding": welding, "it": it}


def test_demand_vs_supply_matches_rows_summed_in_python(data):
    year = data["year"]
    years = [year, year + 1, year + 2]
    rows = demand_vs_supply(years=years)
    assert rows == expected_rows(years)
    by_key = {(row.specialty_id, row.year): (row.demand, row.supply) for row in rows}
    assert by_key == {
        (data["it"].pk, year + 1): (7, 0),
        (data["machining"].pk, year): (7, 3),
        (data["machining"].pk, year + 1): (0, 4),
        (data["welding"].pk, year + 2): (0, 1),
    }


def test_demand_vs_supply_for_one_specialty(data):
    year = data["year"]
    years = list(range(year - 1, year + 6))
    rows = demand_vs_supply(years=years, specialty_id=data["welding"].pk)
    assert rows == expected_rows(years, data["welding"].pk)
    assert [(row.year, row.demand, row.supply) for row in rows] == [(year + 2, 0, 1), (year + 5, 9, 0)]
    assert rows[0].specialty_label == "15.02.19 Сварочное производство"


def test_demand_vs_supply_without_years_is_empty(data):
    assert demand_vs_supply(years=[]) == []


def test_demand_vs_supply_takes_three_queries_whatever_the_data(data, django_assert_num_queries):
    year = data["year"]
    with django_assert_num_queries(3):
        demand_vs_supply(years=[year, year + 1, year + 2])
    for offset in range(20):
        DemandDeclarationFactory(
            specialty=SpecialtyFactory(code=f"{20 + offset}.02.01", name=f"Специальность {offset}"), year=year
        )
    with django_assert_num_queries(3):
        rows = demand_vs_supply(years=[year, year + 1, year + 2])
    assert len(rows) == 24


def test_totals_by_year_sum_the_rows(data):
    year = data["year"]
    rows = demand_vs_supply(years=[year, year + 1, year + 2])
    assert selectors.demand_totals_by_year(rows) == {year: (7, 3), year + 1: (7, 4), year + 2: (0, 1)}


def test_employer_sees_only_own_organisation_declarations(employer_a, partner_a, partner_b, staff):
    own = DemandDeclarationFactory(partner=partner_a)
    other = DemandDeclarationFactory(partner=partner_b)
    centre = DemandDeclarationFactory(partner=None, source=DemandSource.EMPLOYMENT_CENTRE)
    assert list(selectors.declarations_visible_to(employer_a)) == [own]
    assert set(selectors.declarations_visible_to(staff)) == {own, other, centre}
