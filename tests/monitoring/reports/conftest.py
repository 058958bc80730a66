"""Data the reports print: partners, teachers with internships, contributions and theses, so that
several sections have figures (and the others show «нет данных»)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import ContributionKind
from events.services.contributions import contribution_create
from partners.models import PartnerStatus
from tests.factories import PartnerFactory, SpecialtyFactory, TeacherFactory, TeacherInternshipFactory


@pytest.fixture
def figures(db, staff):
    """Four partners (one dormant), three teachers (two with a recent internship) and two
    contributions dated today; returns the specialty the partners list."""
    return make_figures(staff)


def make_figures(staff):
    today = timezone.localdate()
    specialty = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    partners = [PartnerFactory(status=PartnerStatus.ACTIVE) for _ in range(3)]
    partners.append(PartnerFactory(status=PartnerStatus.DORMANT))
    for partner in partners[:2]:
        partner.specialties.add(specialty)
    teachers = [TeacherFactory() for _ in range(3)]
    for teacher in teachers[:2]:
        TeacherInternshipFactory(
            teacher=teacher, partner=partners[0], start_date=today - dt.timedelta(days=20), end_date=today
        )
    for partner, value in ((partners[0], Decimal("150000.00")), (partners[1], Decimal("42500.50"))):
        contribution_create(
            partner=partner,
            kind=ContributionKind.MONEY,
            value=value,
            date=today,
            description="Оснащение лаборатории",
            created_by=staff,
            document="Письмо о передаче средств",
        )
    return specialty
