"""Factories of the employment subject: graduated groups, graduates and their records."""

import factory
from django.utils import timezone

from monitoring.models.employment import Checkpoint, EmploymentRecord, EmploymentStatus
from practice.models import StudentStatus
from tests.factories import StudentFactory, StudyGroupFactory


def graduated_group(years_ago=2, **fields):
    """A group that graduated ``years_ago`` years before this year (its checkpoints are due
    from 30 December of its graduation year)."""
    year = timezone.localdate().year - years_ago
    fields.setdefault("admission_year", year - 4)
    return StudyGroupFactory(graduation_year=year, **fields)


class GraduateFactory(StudentFactory):
    status = StudentStatus.GRADUATED
    group = factory.LazyFunction(graduated_group)


class EmploymentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentRecord

    student = factory.SubFactory(GraduateFactory)
    checkpoint = Checkpoint.MONTHS_12
    status = EmploymentStatus.UNEMPLOYED
