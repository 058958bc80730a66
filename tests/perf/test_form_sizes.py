"""Staff form pages at a region's scale (issue 11): a form that chooses a partner, a contact, a
student, a teacher or a group renders the chosen value only (``AutocompleteSelect``), so its page
keeps its size and its query count however many rows the college has."""

import datetime as dt

import pytest
from django.urls import reverse

from contracts.models import ContractType
from events.models import Body, BodyKind
from partners.models import Contact, Partner
from practice.models import Placement, PlacementState, Student, StudyGroup, Teacher
from tests.factories import (
    ContactFactory,
    OfferFactory,
    PartnerFactory,
    PlacementFactory,
    PracticePeriodFactory,
    StudentFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)
from tests.helpers import queries_for
from tests.monitoring.dashboard.factories import ContributionFactory, EventFactory

MANY = 150
# The biggest of these pages is about 30 KB; one of the old whole-table selects was 7 MB.
MAX_PAGE_BYTES = 80_000
# Labels of the chosen values differ a little between the two renders; a list of 150 rows
# would add several kilobytes.
MAX_GROWTH_BYTES = 1_000


def page_size(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return len(response.content)


def add_many_rows(specialty):
    """150 partners (each with a signatory), contacts, students, groups, teachers and placements."""
    partners = PartnerFactory.build_batch(MANY)
    for index, partner in enumerate(partners):
        partner.name = partner.search_text = f"ООО «Массовый партнёр {index}»"
    partners = Partner.objects.bulk_create(partners)
    for partner in partners:
        partner.specialties.add(specialty)
    Contact.objects.bulk_create(
        Contact(partner=partner, last_name=f"Подписантов{index}", first_name="Иван", position="Директор",
                is_signatory=True, email=f"sign{index}@mass.example")
        for index, partner in enumerate(partners)
    )  # fmt: skip
    groups = StudyGroup.objects.bulk_create(
        StudyGroup(name=f"МС-{index}", specialty=specialty, admission_year=2023, graduation_year=2027)
        for index in range(MANY)
    )
    students = Student.objects.bulk_create(
        Student(last_name=f"Массовый{index}", first_name="Пётр", birth_date=dt.date(2006, 1, 1), group=group)
        for index, group in enumerate(groups)
    )
    Teacher.objects.bulk_create(Teacher(last_name=f"Педагогов{index}", first_name="Олег") for index in range(MANY))
    period = PracticePeriodFactory(group=groups[0])
    Placement.objects.bulk_create(
        Placement(student=student, period=period, partner=partners[index], start_date=period.start_date,
                  end_date=period.end_date, state=PlacementState.CONFIRMED)
        for index, student in enumerate(students)
    )  # fmt: skip


@pytest.fixture
def world(db):
    """One of everything the edit pages need, and a period with a student still to place."""
    partner = PartnerFactory(name="АО «Уралмашзавод»")
    ContactFactory(partner=partner, is_signatory=True)
    placement = PlacementFactory(partner=partner)
    period = placement.period
    partner.specialties.add(period.group.specialty)
    StudentFactory(group=period.group)  # without a placement: the bulk form lists them
    offer = OfferFactory(partner=partner, specialty=period.group.specialty)
    return {
        "partner": partner,
        "placement": placement,
        "period": period,
        "offer": offer,
        "thesis": ThesisFactory(),
        "internship": TeacherInternshipFactory(partner=partner),
        "event": EventFactory(site_partner=partner),
        "contribution": ContributionFactory(partner=partner),
        "body": Body.objects.create(kind=BodyKind.BOARD_OF_TRUSTEES, name="Попечительский совет"),
        "specialty": period.group.specialty,
    }


CONTRACT_TYPES = [value for value in ContractType.values if value != ContractType.AMENDMENT]

PAGES = [
    ("practice:period_create", None, {}),
    ("practice:period_edit", "period", {}),
    ("practice:placement_create", "period", {}),
    ("practice:placement_edit", "placement", {}),
    ("practice:bulk_place", "period", {}),
    ("practice:offer_create", None, {}),
    ("practice:offer_create", None, {"partner": "partner"}),
    ("practice:thesis_create", None, {}),
    ("practice:thesis_edit", "thesis", {}),
    ("practice:internship_create", None, {}),
    ("practice:internship_edit", "internship", {}),
    *[("contracts:create", None, {"type": value}) for value in CONTRACT_TYPES],
    ("contracts:create", None, {"type": ContractType.TRIPARTITE_PRACTICE, "placement": "placement"}),
    ("events:event_create", None, {}),
    ("events:event_edit", "event", {}),
    ("events:contribution_create", None, {}),
    ("events:contribution_edit", "contribution", {}),
    ("events:membership_create", "body", {}),
    ("events:expert_create", None, {}),
]


@pytest.mark.parametrize(
    ("name", "obj", "params"), PAGES, ids=["-".join([name, *map(str, params.values())]) for name, _obj, params in PAGES]
)
def test_form_page_keeps_its_size_and_queries_with_many_rows(staff_client, world, name, obj, params):
    url = reverse(name, args=[world[obj].pk]) if obj else reverse(name)
    params = {key: (world[value].pk if value in world else value) for key, value in params.items()}
    few_queries = queries_for(staff_client, url, **params)
    few_bytes = page_size(staff_client, url, params)
    add_many_rows(world["specialty"])
    many_queries = queries_for(staff_client, url, **params)
    many_bytes = page_size(staff_client, url, params)
    assert few_queries == many_queries, f"{url}: {few_queries} queries with few rows, {many_queries} with many"
    assert many_bytes < MAX_PAGE_BYTES, f"{url}: {many_bytes} bytes"
    assert many_bytes - few_bytes < MAX_GROWTH_BYTES, f"{url}: {few_bytes} bytes with few rows, {many_bytes} with many"


def test_the_chosen_values_are_looked_up_not_listed(staff_client, world):
    """The tripartite contract prefilled from a placement shows its organisation, not the others."""
    add_many_rows(world["specialty"])
    params = {"type": ContractType.TRIPARTITE_PRACTICE, "placement": world["placement"].pk}
    html = staff_client.get(reverse("contracts:create"), params).content.decode()
    assert "Массовый партнёр" not in html and "Подписантов" not in html and "Массовый1" not in html
    assert world["partner"].display_name in html
