"""Placing a group with one choice for everyone («apply to all»): the rows left «as for all»
take it, a row can still go elsewhere or wait, an organisation without an offer will do, and
the user goes straight on to the period's tripartite contracts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import PartnerStatus
from partnership_portal.accounts.models import StaffGroup
from practice.models import Placement
from tests.conftest import with_groups
from tests.factories import (
    OfferFactory,
    PartnerFactory,
    PlacementFactory,
    PracticePeriodFactory,
    StaffFactory,
    StudentFactory,
    StudyGroupFactory,
)
from tests.helpers import assert_constant_queries, ru


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def group(db):
    return StudyGroupFactory(name="ТМ-24-1")


@pytest.fixture
def period(group):
    return PracticePeriodFactory(group=group, start_date=days(10), end_date=days(38))


@pytest.fixture
def students(group):
    return [StudentFactory(group=group, last_name=name) for name in ("Алексеев", "Борисов", "Васильев", "Григорьев")]


@pytest.fixture
def big_offer(partner_a, group):
    return OfferFactory(partner=partner_a, specialty=group.specialty, places=10, start_date=days(0), end_date=days(60))


@pytest.fixture
def small_offer(partner_b, group):
    return OfferFactory(partner=partner_b, specialty=group.specialty, places=1, start_date=days(0), end_date=days(60))


def url(period):
    return reverse("practice:bulk_place", args=[period.pk])


def test_apply_to_all_places_every_row_left_as_for_all_and_rows_can_differ(
    staff_client, period, students, big_offer, small_offer
):
    response = staff_client.post(
        url(period),
        {
            "all": str(big_offer.pk),
            f"student_{students[0].pk}": "",
            f"student_{students[1].pk}": str(small_offer.pk),
            f"student_{students[2].pk}": "skip",
            # Григорьев's row is not sent at all: the same as left empty.
        },
    )
    assert response.status_code == 302
    placed = {p.student: p for p in Placement.objects.select_related("student", "offer", "partner")}
    assert set(placed) == {students[0], students[1], students[3]}
    assert placed[students[0]].offer == placed[students[3]].offer == big_offer
    assert (placed[students[1]].offer, placed[students[1]].partner) == (small_offer, small_offer.partner)


def test_apply_to_all_can_be_an_organisation_without_an_offer(staff_client, period, students, group):
    partner = PartnerFactory(name="АО «Уралхиммаш»")
    partner.specialties.add(group.specialty)
    response = staff_client.post(url(period), {"all_partner": str(partner.pk)})
    assert response.status_code == 302
    placements = Placement.objects.filter(period=period)
    assert placements.count() == 4
    assert {(p.partner_id, p.offer_id) for p in placements} == {(partner.pk, None)}
    assert {(p.start_date, p.end_date) for p in placements} == {(period.start_date, period.end_date)}


def test_only_organisations_of_the_specialty_still_partners_are_offered(staff_client, period, students, group):
    listed = PartnerFactory(name="АО «Listed»")
    ended = PartnerFactory(name="АО «Ended»", status=PartnerStatus.ENDED)
    other = PartnerFactory(name="АО «Other»")
    for partner in (listed, ended):
        partner.specialties.add(group.specialty)
    form = staff_client.get(url(period)).context["form"]
    # The organisations are typed and looked up (static/js/autocomplete.js), not listed in the page.
    assert list(form.fields["all_partner"].queryset) == [listed]
    # A forged choice of another organisation is refused and saves nothing.
    for forged in (other, ended):
        response = staff_client.post(url(period), {"all_partner": str(forged.pk)})
        assert response.status_code == 200 and "all_partner" in response.context["form"].errors
    assert not Placement.objects.exists()


def test_apply_to_all_over_the_places_saves_nothing_and_keeps_the_choice(staff_client, period, students, small_offer):
    response = staff_client.post(url(period), {"all": str(small_offer.pk)})
    assert response.status_code == 200
    assert not Placement.objects.exists()
    assert response.context["form"].non_field_errors()
    html = response.content.decode()
    assert f'<option value="{small_offer.pk}" selected>' in html  # the «all» select keeps it


def test_without_a_common_choice_an_empty_row_is_not_now(staff_client, period, students, big_offer):
    response = staff_client.post(url(period), {f"student_{students[2].pk}": str(big_offer.pk)})
    assert response.status_code == 302
    assert list(Placement.objects.values_list("student", flat=True)) == [students[2].pk]
    response = staff_client.post(url(period), {})
    assert response.context["form"].non_field_errors() == [ru("Choose an offer for at least one student.")]


def test_the_page_works_without_javascript_and_loads_its_own_script(staff_client, period, students, big_offer):
    html = staff_client.get(url(period)).content.decode()
    assert 'name="all"' in html and "data-bulk-all" in html
    assert html.count('<option value="" selected>') == 1 + len(students)  # «all» and every row start empty
    assert "/static/js/bulk-place.js" in html
    assert "<script>" not in html  # no inline script (strict CSP)


def test_after_placing_the_manager_goes_on_to_the_contracts_of_the_period(staff_client, period, students, big_offer):
    response = staff_client.post(url(period), {"all": str(big_offer.pk)})
    assert response["Location"] == reverse("contracts:batch_create", args=[period.pk])
    page = staff_client.get(response["Location"])
    # The form comes filled with the dates the new placements share; the placements are listed.
    assert page.context["form"].initial == {"start_date": period.start_date, "end_date": period.end_date}
    assert sorted(p.student.last_name for p, _signatory in page.context["placements"]) == [
        s.last_name for s in students
    ]


def test_placements_with_different_dates_leave_the_batch_dates_empty(staff_client, period, students, big_offer):
    short = OfferFactory(
        partner=big_offer.partner, specialty=period.group.specialty, places=2, start_date=days(20), end_date=days(60)
    )
    staff_client.post(url(period), {"all": str(big_offer.pk), f"student_{students[0].pk}": str(short.pk)})
    page = staff_client.get(reverse("contracts:batch_create", args=[period.pk]))
    assert page.context["form"].initial == {}


def test_a_coordinator_who_issues_no_contracts_goes_back_to_the_period(client, period, students, big_offer):
    coordinator = with_groups(StaffFactory(email="coord@college.example"), StaffGroup.PRACTICE_COORDINATOR)
    client.force_login(coordinator)
    response = client.post(url(period), {"all": str(big_offer.pk)})
    assert response["Location"] == reverse("practice:period_detail", args=[period.pk]) + "#placements"
    assert Placement.objects.count() == 4


def test_the_period_page_offers_placing_the_group_before_its_contracts(staff_client, period, students):
    html = staff_client.get(reverse("practice:period_detail", args=[period.pk])).content.decode()
    place = html.index(reverse("practice:bulk_place", args=[period.pk]))
    contracts = html.index(reverse("contracts:batch_create", args=[period.pk]))
    assert place < contracts


def test_the_bulk_page_runs_as_many_queries_for_twenty_students_as_for_one(staff_client, group, big_offer):
    period = PracticePeriodFactory(group=group, start_date=days(10), end_date=days(38))
    StudentFactory(group=group)
    busy = PracticePeriodFactory(group=group, start_date=days(-90), end_date=days(-60))
    PlacementFactory(period=busy, student=StudentFactory(group=group), partner=big_offer.partner)
    big_offer.partner.specialties.add(group.specialty)
    assert_constant_queries(staff_client, url(period), lambda: StudentFactory.create_batch(19, group=group))
