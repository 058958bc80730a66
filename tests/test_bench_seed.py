"""The region scale of the demo seeds what the bench needs: a second training practice per group
(about 60,000 placements for 30,000 students) on top of the practices every scale has."""

import pytest
from django.utils import timezone

from partners.models import Specialty
from partnership_portal.demo import SCALES
from practice import demo
from practice.models import PracticeKind


@pytest.mark.django_db
def test_region_groups_have_every_practice_of_the_other_scales_and_a_second_training_practice():
    today = timezone.localdate()
    specialties = demo._group_order(list(Specialty.objects.order_by("code")))
    groups = [demo._group(index, specialties, today) for index in range(8)]  # every course, twice
    extra = 0
    for group in groups:
        small = demo._periods_of(group, [], today, demo._practices(SCALES["small"]))
        region = demo._periods_of(group, [], today, demo._practices(SCALES["region"]))
        assert demo._practices(SCALES["college"]) == demo._practices(SCALES["small"])
        as_key = lambda period: (period.kind, period.start_date)  # noqa: E731
        assert [as_key(p) for p in region[: len(small)]] == [as_key(p) for p in small]
        for period in region[len(small) :]:
            assert period.kind == PracticeKind.TRAINING and period.start_date.month == 3
            assert period.start_date.year == group.admission_year + 2
        extra += len(region) - len(small)
    # The groups in their third and fourth year have had it whatever the date: a third more placements.
    assert extra >= 4
    assert sum(len(demo._periods_of(g, [], today)) for g in groups) + extra >= 1.3 * sum(
        len(demo._periods_of(g, [], today)) for g in groups
    )
