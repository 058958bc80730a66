"""The small demo tells the story a newcomer walks after ``make run``: groups that study what the
partners offer places for, one period still to be placed, whose whole group fits one offer and
gets its tripartite contracts in one batch, reviews submitted and in draft, offers with real
titles, and competences numbered after their module."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from contracts import services as contract_services
from contracts.models import ContractState
from partnership_portal.accounts.models import User
from practice import selectors
from practice.demo.specialties import profile
from practice.models import (
    DocumentStatus,
    Offer,
    OfferStatus,
    PracticeKind,
    PracticePeriod,
    Review,
    StudentStatus,
    StudyGroup,
)
from practice.services import placements as placement_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses a live server
    call_command("seed_demo", scale="small", stdout=io.StringIO())


def manager():
    return User.objects.get(email="manager@college.example")


def test_the_demo_groups_offers_periods_and_reviews_tell_one_story(demo):
    # The groups study specialties the partners offer places for, listed in their cards.
    studying = set(
        StudyGroup.objects.filter(students__status=StudentStatus.STUDYING).values_list("specialty__code", flat=True)
    )
    published = set(Offer.objects.filter(status=OfferStatus.PUBLISHED).values_list("specialty__code", flat=True))
    assert studying and studying <= published
    for offer in Offer.objects.select_related("partner", "specialty"):
        assert offer.partner.specialties.filter(pk=offer.specialty_id).exists(), offer

    # Offers have varied titles, each of its specialty.
    offers = list(Offer.objects.select_related("specialty"))
    assert len({offer.title for offer in offers}) >= 5
    for offer in offers:
        assert offer.title in profile(offer.specialty).offers, (offer.specialty.code, offer.title)

    # Competences are numbered after their module (ПК 2.x belong to ПМ.02).
    periods = PracticePeriod.objects.exclude(kind=PracticeKind.PRE_DIPLOMA)
    assert periods.exists()
    for period in periods:
        number = int(re.match(r"ПМ\.0(\d) ", period.module)[1])
        assert period.competence_list, period
        assert all(item.startswith(f"ПК {number}.") for item in period.competence_list), period.competence_list

    # Thesis reviews: some submitted (and frozen), some still in draft.
    statuses = set(Review.objects.values_list("status", flat=True))
    assert statuses == {DocumentStatus.SUBMITTED, DocumentStatus.DRAFT}
    assert all(review.snapshot for review in Review.objects.filter(status=DocumentStatus.SUBMITTED))
    assert not any(review.snapshot for review in Review.objects.filter(status=DocumentStatus.DRAFT))


def test_one_period_is_still_to_be_placed_and_the_whole_journey_works_on_it(demo):
    today = timezone.localdate()
    waiting = list(PracticePeriod.objects.filter(placements__isnull=True, start_date__gt=today))
    assert len(waiting) == 1
    period = waiting[0]
    assert period.group.admission_year < period.start_date.year - (
        period.start_date.month < 9
    )  # not a first-year group
    students = list(placement_services.students_without_placement(period))
    assert len(students) >= 10
    # One offer takes the whole group: the «apply to all» of the bulk placement.
    offer = next(
        offer for offer in selectors.open_offers_for_period(manager(), period) if offer.places >= len(students)
    )
    placed = placement_services.placements_bulk_create(
        period=period, assignments={student.pk: offer.pk for student in students}, created_by=manager()
    )
    assert len(placed) == len(students)
    # Its tripartite contracts are issued in one batch: no partner, student or college data is missing.
    batch = contract_services.batch_create(period=period, created_by=manager())
    assert batch.total == len(students)
    assert set(batch.contracts.values_list("state", flat=True)) == {ContractState.AWAITING_SIGNATURES}
