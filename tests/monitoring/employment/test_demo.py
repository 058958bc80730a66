"""Demo data of graduate employment."""

import pytest
from django.utils import timezone

from monitoring.demo import employment as demo
from monitoring.models.employment import EmploymentRecord, checkpoint_due_date
from monitoring.selectors.employment import employment_rates
from partnership_portal.demo import SCALES
from tests.factories import PartnerFactory

from .factories import GraduateFactory, graduated_group

pytestmark = pytest.mark.django_db


def test_demo_seeds_valid_statuses_at_due_checkpoints_once(staff):
    PartnerFactory.create_batch(5)
    groups = [graduated_group(years_ago=years_ago) for years_ago in (1, 2, 3)]
    for group in groups:
        GraduateFactory.create_batch(15, group=group)
    demo.seed(SCALES["small"], staff=staff)
    records = list(EmploymentRecord.objects.select_related("student__group"))
    assert len(records) > 60
    today = timezone.localdate()
    for record in records:
        record.full_clean()  # every row passes the model's own checks
        assert checkpoint_due_date(record.student.group.graduation_year, record.checkpoint) <= today
    rates = employment_rates(graduation_years=[groups[2].graduation_year])[0]
    assert rates.rate_1y is not None and rates.rate_2y is not None
    assert EmploymentRecord.objects.exclude(employer=None).exists()
    demo.seed(SCALES["small"], staff=staff)
    assert EmploymentRecord.objects.count() == len(records)
