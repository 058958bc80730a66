"""The employment indicators, recomputed independently in plain Python over the rows."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models.employment import Checkpoint, EmploymentRecord, EmploymentStatus
from monitoring.selectors.employment import employment_rates, employment_rates_by_specialty
from practice.models import Student, StudentStatus
from tests.factories import PartnerFactory, SpecialtyFactory

from .factories import EmploymentRecordFactory, GraduateFactory, graduated_group

pytestmark = pytest.mark.django_db

S = EmploymentStatus


def pct(part, whole):
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def expected(year, specialty_id=None):
    """The indicators by their definition, from every row, without the ORM's aggregation."""
    graduates = [
        student
        for student in Student.objects.select_related("group")
        if student.status == StudentStatus.GRADUATED
        and student.group.graduation_year == year
        and (specialty_id is None or student.group.specialty_id == specialty_id)
    ]
    ids = {student.pk for student in graduates}
    records = [record for record in EmploymentRecord.objects.all() if record.student_id in ids]
    at = {12: [r for r in records if r.checkpoint == 12], 24: [r for r in records if r.checkpoint == 24]}
    employed = {S.EMPLOYED, S.SELF_EMPLOYED, S.MILITARY}
    out = {"graduates": len(graduates)}
    for months, suffix in ((12, "1y"), (24, "2y")):
        rows = at[months]
        known = [r for r in rows if r.status != S.NO_DATA]
        apart = [r for r in known if r.status in (S.STUDYING, S.PARENTAL_LEAVE)]
        counted = [r for r in known if r.status in employed]
        out[f"employed_{suffix}"] = len(counted)
        out[f"rate_{suffix}"] = pct(len(counted), len(known) - len(apart))
        out[f"known_{suffix}"] = len(known)
    working = [r for r in at[12] if r.status in (S.EMPLOYED, S.SELF_EMPLOYED)]
    out["at_partners"] = sum(1 for r in working if r.employer_id)
    out["in_specialty"] = sum(1 for r in working if r.in_specialty)
    out["rate_at_partners"] = pct(out["at_partners"], len(working))
    out["rate_in_specialty"] = pct(out["in_specialty"], len(working))
    out["studying"] = sum(1 for r in at[12] if r.status == S.STUDYING)
    out["parental_leave"] = sum(1 for r in at[12] if r.status == S.PARENTAL_LEAVE)
    return out


def actual(rates):
    return {
        "graduates": rates.graduates,
        "employed_1y": rates.employed_1y,
        "rate_1y": rates.rate_1y,
        "known_1y": rates.with_data,
        "employed_2y": rates.employed_2y,
        "rate_2y": rates.rate_2y,
        "known_2y": rates.with_data_2y,
        "at_partners": rates.at_partners,
        "in_specialty": rates.in_specialty,
        "rate_at_partners": rates.rate_at_partners,
        "rate_in_specialty": rates.rate_in_specialty,
        "studying": rates.studying,
        "parental_leave": rates.parental_leave,
    }


@pytest.fixture
def population():
    """Two graduation years, two specialties, every status at random (a fixed seed), some
    graduates with no record, some records of students who did not graduate."""
    chance = random.Random(20261201)
    partner = PartnerFactory()
    welding = SpecialtyFactory(code="15.02.19", name="Сварочное производство")
    machining = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    groups = [
        graduated_group(years_ago=years_ago, specialty=specialty)
        for years_ago in (2, 3)
        for specialty in (welding, machining)
    ]
    for group in groups:
        for n in range(9):
            student = GraduateFactory(group=group)
            if n == 0:
                continue  # no record at all
            for checkpoint in Checkpoint.values:
                status = chance.choice(S.values)
                fields = {}
                if status in (S.EMPLOYED, S.SELF_EMPLOYED):
                    fields = {
                        "employer": partner if chance.random() < 0.5 else None,
                        "in_specialty": chance.choice([True, False, None]),
                    }
                    if status == S.EMPLOYED and not fields["employer"]:
                        fields["employer_name"] = "ООО «Ромашка»"
                EmploymentRecordFactory(student=student, checkpoint=checkpoint, status=status, **fields)
        expelled = GraduateFactory(group=group, status=StudentStatus.EXPELLED)
        EmploymentRecordFactory(student=expelled, checkpoint=12, status=S.EMPLOYED, employer=partner)
    return {"years": [g.graduation_year for g in groups], "welding": welding, "machining": machining}


def test_rates_per_year_match_an_independent_computation(population):
    years = sorted(set(population["years"]))
    rates = employment_rates(graduation_years=years)
    assert [r.graduation_year for r in rates] == years
    for r in rates:
        assert actual(r) == expected(r.graduation_year)
        assert r.graduates == 18


def test_rates_of_one_specialty_match_an_independent_computation(population):
    years = sorted(set(population["years"]))
    welding = population["welding"].pk
    for r in employment_rates(graduation_years=years, specialty_id=welding):
        assert actual(r) == expected(r.graduation_year, welding)
        assert r.graduates == 9


def test_rates_by_specialty_give_a_row_per_year_and_specialty(population):
    years = sorted(set(population["years"]))
    rows = employment_rates_by_specialty(graduation_years=years)
    assert [(r.graduation_year, r.specialty_id) for r in rows] == [
        (year, specialty.pk) for year in years for specialty in (population["machining"], population["welding"])
    ]
    for r in rows:
        assert actual(r) == expected(r.graduation_year, r.specialty_id)


def test_a_year_without_data_has_no_rates_rather_than_zero():
    group = graduated_group(years_ago=0)
    GraduateFactory(group=group)
    [rates] = employment_rates(graduation_years=[group.graduation_year])
    assert (rates.graduates, rates.with_data) == (1, 0)
    assert (rates.rate_1y, rates.rate_2y, rates.rate_at_partners, rates.rate_in_specialty) == (None,) * 4


def test_studying_and_parental_leave_leave_the_denominator():
    group = graduated_group(years_ago=2)
    for status in (S.EMPLOYED, S.MILITARY, S.UNEMPLOYED, S.STUDYING, S.PARENTAL_LEAVE, S.NO_DATA):
        fields = {"employer_name": "ИП Иванов"} if status == S.EMPLOYED else {}
        EmploymentRecordFactory(student=GraduateFactory(group=group), checkpoint=12, status=status, **fields)
    [rates] = employment_rates(graduation_years=[group.graduation_year])
    # employed and military of employed + military + unemployed
    assert (rates.employed_1y, rates.base_1y, rates.rate_1y) == (2, 3, Decimal("66.7"))
    assert (rates.studying, rates.parental_leave, rates.with_data) == (1, 1, 5)


def test_rates_take_two_queries_whatever_the_number_of_graduates(population):
    years = sorted(set(population["years"]))
    with CaptureQueriesContext(connection) as captured:
        employment_rates(graduation_years=years)
    assert len(captured) == 2
