"""The staff partner card and each of its sections run a small number of queries whatever the
partner has (issue 11).

The card renders its own data (requisites, contacts, interactions) and a placeholder per section
that other apps register; each section (practice, contracts, events, councils, contributions,
demand) comes by its own request, with a constant number of queries of its own.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracts.models import ContractType
from events.models import Body, BodyKind, ContributionKind, EventPlace, EventType, MemberRole
from events.services import contributions as contribution_services
from events.services import councils as council_services
from events.services import events as event_services
from monitoring.models import DemandDeclaration
from partners import card
from tests.contracts import contract_of
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    PlacementFactory,
    SpecialtyFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)
from tests.helpers import card_section

MAX_QUERIES = 12
SECTION_KEYS = ["practice", "contracts", "events", "councils", "contributions", "demand"]


def add_rows(partner, staff, count=12):
    """``count`` rows of everything the card and its sections list, with what they count."""
    specialty = SpecialtyFactory()
    body = council_services.body_create(kind=BodyKind.OTHER, name=f"Совет {Body.objects.count()}", created_by=staff)
    for index in range(count):
        contact = ContactFactory(partner=partner)
        council_services.membership_add(body=body, contact=contact, role=MemberRole.MEMBER, added_by=staff,
                                      term_start=timezone.localdate())  # fmt: skip
        starts = timezone.now() + dt.timedelta(days=index + 1)
        event_services.event_create(
            created_by=staff, type=EventType.EXCURSION, title=f"Экскурсия {index}", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), place=EventPlace.PARTNER, site_partner=partner,
        )  # fmt: skip
        InteractionFactory(partner=partner, contact=contact, author=staff)
        PlacementFactory(partner=partner)
        TeacherInternshipFactory(partner=partner)
        ThesisFactory(ordered_by=partner)
        contract_of(ContractType.COOPERATION, partner, staff)
        contribution_services.contribution_create(
            partner=partner, kind=ContributionKind.MONEY, value=Decimal("100.00"), date=dt.date(2026, 1, 15),
            description=f"Взнос {index}", document=f"Письмо № {index}", created_by=staff,
        )  # fmt: skip
        DemandDeclaration.objects.create(partner=partner, specialty=specialty, year=2026 + index % 3, people=2)


def queries_of(client, url, **headers):
    client.get(url, **headers)  # warm-up: session, language
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured), response


def test_every_registered_section_is_measured_here():
    assert [section.key for section in card.registered_sections()] == [
        "practice", "contracts", "events", "councils", "contributions", "demand"
    ]  # fmt: skip


def test_the_card_itself_runs_a_constant_small_number_of_queries(staff_client, partner_a, staff):
    url = reverse("partners:detail", args=[partner_a.pk])
    add_rows(partner_a, staff, 1)  # one of each first: an empty list may skip a query
    few, _ = queries_of(staff_client, url)
    add_rows(partner_a, staff)
    many, response = queries_of(staff_client, url)
    assert few == many, f"{few} queries with few rows, {many} with many"
    assert many <= MAX_QUERIES
    html = response.content.decode()
    for key in SECTION_KEYS:  # a placeholder each, which asks for its section when the card loads
        assert f'hx-get="{reverse("partners:card_section", args=[partner_a.pk, key])}"' in html


@pytest.mark.parametrize("key", SECTION_KEYS)
def test_each_section_runs_a_constant_small_number_of_queries(key, staff_client, partner_a, staff):
    url = reverse("partners:card_section", args=[partner_a.pk, key])
    add_rows(partner_a, staff, 1)
    few, _ = queries_of(staff_client, url, HTTP_HX_REQUEST="true")
    add_rows(partner_a, staff)
    many, response = queries_of(staff_client, url, HTTP_HX_REQUEST="true")
    assert few == many, f"{key}: {few} queries with few rows, {many} with many"
    assert many <= MAX_QUERIES, f"{key}: {many} queries"
    assert "<html" not in response.content.decode()[:500]  # the fragment htmx swaps in


def test_the_card_counts_what_it_lists(staff_client, partner_a, staff):
    for _index in range(3):
        ThesisFactory(ordered_by=partner_a)
        TeacherInternshipFactory(partner=partner_a)
        InteractionFactory(partner=partner_a, author=staff)
    PlacementFactory(partner=partner_a)
    response = staff_client.get(reverse("partners:detail", args=[partner_a.pk]))
    assert response.context["interaction_count"] == 3
    practice = card_section(staff_client, partner_a, "practice").context["section"]
    assert practice["thesis_count"] == 3
    assert practice["internship_count"] == 3
    assert practice["placement_counts"] == {"total": 1, "evaluated": 0}


def test_a_section_without_htmx_is_a_page_of_its_own(staff_client, partner_a):
    ThesisFactory(ordered_by=partner_a, topic="Модернизация линии окраски")
    response = staff_client.get(reverse("partners:card_section", args=[partner_a.pk, "practice"]))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Модернизация линии окраски" in html
    assert reverse("partners:detail", args=[partner_a.pk]) in html  # the way back to the card
    assert "HX-Request" in response["Vary"]


def test_an_unknown_section_or_another_role_gets_404(client, staff_client, partner_a, employer_a):
    assert staff_client.get(reverse("partners:card_section", args=[partner_a.pk, "nothing"])).status_code == 404
    assert staff_client.get(reverse("partners:card_section", args=[987654, "practice"])).status_code == 404
    client.force_login(employer_a)
    assert card_section(client, partner_a, "practice").status_code == 404
