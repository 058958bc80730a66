"""The feedback demo data: every state of a requirement, ratings with a trend, idempotent."""

import pytest
from django.db.models import Count

from monitoring.demo import feedback as demo
from monitoring.models import Competence, CompetenceRating, Requirement, RequirementStatus
from monitoring.selectors import feedback as selectors
from partners import demo as partners_demo
from partners.models import Partner, Specialty
from partnership_portal.accounts import demo as accounts_demo
from partnership_portal.demo import SCALES
from practice import demo as practice_demo

pytestmark = pytest.mark.django_db


def test_the_demo_fills_requirements_competences_and_ratings_once():
    scale = SCALES["small"]
    staff = accounts_demo.seed_staff()
    partners_demo.seed(scale, staff=staff)
    practice_demo.seed(scale)
    demo.seed(scale, staff=staff[0])
    counts = (Competence.objects.count(), Requirement.objects.count(), CompetenceRating.objects.count())
    assert counts[0] >= 5 * Specialty.objects.count()
    assert counts[1] > 10 and counts[2] > 50
    assert set(Requirement.objects.values_list("status", flat=True)) == set(RequirementStatus.values)
    first = Partner.objects.order_by("pk").first()
    assert set(Requirement.objects.filter(partner=first).values_list("status", flat=True)) == set(
        RequirementStatus.values
    )
    assert Competence.objects.filter(specialty__code="15.02.16", name="Работа на станках с ЧПУ").exists()
    # The demo employer has students still to rate, and rated ones.
    employer = first.users.filter(is_active=True).first()
    placements = selectors.ratable_placements_for(employer)
    assert placements.filter(rating_count=0).exists() and placements.filter(rating_count__gt=0).exists()
    # Some specialty's table has averages in more than one year.
    specialty_id = (CompetenceRating.objects.values("competence__specialty").annotate(n=Count("pk")).order_by("-n")[0])[
        "competence__specialty"
    ]
    table = selectors.rating_table(Specialty.objects.get(pk=specialty_id))
    assert any(sum(count > 0 for _average, count in row.cells) >= 2 for row in table.rows)
    demo.seed(scale, staff=staff[0])
    assert (Competence.objects.count(), Requirement.objects.count(), CompetenceRating.objects.count()) == counts
