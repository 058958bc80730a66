"""Every list page runs the same, small number of queries whatever its page size (issue 11).

Each list gets more rows than the larger page size, with the related rows its table shows,
then is read at two page sizes: the query count must be equal (no query per row) and at most
``MAX_QUERIES``; the page must really hold that many rows (else the test would prove nothing).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import ContractType
from tests.contracts import contract_of, sent
from tests.factories import (
    ContactFactory,
    OfferFactory,
    PartnerFactory,
    PlacementFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)

MAX_QUERIES = 12
SMALL, LARGE = 5, 20
ROWS = LARGE + 2


def page_queries(client, settings, url, per_page, **params):
    settings.PAGINATE_BY = per_page
    client.get(url, params)  # warm-up: session, language
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    rows = len(response.context["page_obj"].object_list)
    assert rows == per_page, f"{url}: {rows} rows on a page of {per_page}"
    return len(captured)


def assert_flat(client, settings, url, **params):
    small = page_queries(client, settings, url, SMALL, **params)
    large = page_queries(client, settings, url, LARGE, **params)
    assert small == large, f"{url}: {small} queries for {SMALL} rows, {large} for {LARGE}"
    assert large <= MAX_QUERIES, f"{url}: {large} queries"
    return large


def test_partner_list(staff_client, settings):
    specialty = SpecialtyFactory(code="09.02.07", name="Информационные системы")
    for index in range(ROWS):
        partner = PartnerFactory(short_name=f"Партнёр {index}" if index % 2 else "")
        partner.specialties.add(specialty)
        ContactFactory(partner=partner)
    assert_flat(staff_client, settings, reverse("partners:list"))
    assert_flat(staff_client, settings, reverse("partners:list"), sort="-activity")


@pytest.mark.parametrize("who", ["staff", "employer"])
def test_contract_list(client, settings, staff, employer_a, partner_a, who):
    for index in range(ROWS):
        contract_type = [ContractType.COOPERATION, ContractType.CONSULTING][index % 2]
        sent(contract_of(contract_type, partner_a, staff), staff)
    client.force_login(staff if who == "staff" else employer_a)
    assert_flat(client, settings, reverse("contracts:list"))


def test_thesis_list_and_search(staff_client, settings):
    group = StudyGroupFactory()
    for _index in range(ROWS):
        ThesisFactory(student=StudentFactory(group=group))
    assert_flat(staff_client, settings, reverse("practice:thesis_list"))
    assert_flat(staff_client, settings, reverse("practice:thesis_list"), q="студентов", group=group.pk)


def test_period_list(staff_client, settings):
    for _index in range(ROWS):
        period = PracticePeriodFactory()
        PlacementFactory(period=period, student=StudentFactory(group=period.group))
    assert_flat(staff_client, settings, reverse("practice:period_list"))


def test_offer_list(staff_client, settings):
    for _index in range(ROWS):
        PlacementFactory(offer=OfferFactory())
    assert_flat(staff_client, settings, reverse("practice:offer_list"))


def test_internship_list(staff_client, settings):
    teacher = TeacherFactory()
    for _index in range(ROWS):
        TeacherInternshipFactory(teacher=teacher)
    assert_flat(staff_client, settings, reverse("practice:internship_list"))


def test_employer_placements(client, settings, employer_a, partner_a):
    for _index in range(ROWS):
        PlacementFactory(partner=partner_a)
    client.force_login(employer_a)
    assert_flat(client, settings, reverse("practice:employer_placements"))
