"""The reminder to the practice coordinators when a group's checkpoint falls due: once ever."""

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from monitoring.models.employment import EmploymentReminder, checkpoint_due_date
from monitoring.services.employment import employment_reminders_send
from monitoring.tasks.employment import remind_employment_checkpoints
from partnership_portal.accounts.models import StaffGroup
from tests.conftest import with_groups
from tests.factories import StaffFactory

from .factories import GraduateFactory, graduated_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinators(teacher):
    return [with_groups(StaffFactory(email=f"coordinator{n}@college.example"), StaffGroup.PRACTICE_COORDINATOR)
            for n in range(2)]  # fmt: skip


def test_coordinators_are_reminded_once_per_group_and_checkpoint(coordinators, django_capture_on_commit_callbacks):
    group = graduated_group(years_ago=1, name="ТМ-21-3")
    GraduateFactory(group=group)
    due = checkpoint_due_date(group.graduation_year, 12)
    with django_capture_on_commit_callbacks(execute=True):
        made = employment_reminders_send(today=due + timedelta(days=1))
    assert made == 1
    assert sorted(message.to[0] for message in mail.outbox) == [c.email for c in coordinators]
    assert "ТМ-21-3" in mail.outbox[0].subject and "12" in mail.outbox[0].subject
    assert f"/monitoring/employment/groups/{group.pk}/12/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        again = employment_reminders_send(today=due + timedelta(days=2))
    assert again == 0 and len(mail.outbox) == 2
    assert list(EmploymentReminder.objects.values_list("group_id", "checkpoint")) == [(group.pk, 12)]


def test_no_reminder_before_the_checkpoint_falls_due(coordinators, django_capture_on_commit_callbacks):
    group = graduated_group(years_ago=0)
    GraduateFactory(group=group)
    due = checkpoint_due_date(group.graduation_year, 6)
    with django_capture_on_commit_callbacks(execute=True):
        assert employment_reminders_send(today=due - timedelta(days=1)) == 0
    assert mail.outbox == []


def test_a_checkpoint_long_past_is_not_reminded_of(coordinators, django_capture_on_commit_callbacks):
    group = graduated_group(years_ago=1)
    GraduateFactory(group=group)
    due = checkpoint_due_date(group.graduation_year, 6)
    with django_capture_on_commit_callbacks(execute=True):
        assert employment_reminders_send(today=due + timedelta(days=45)) == 0
    assert mail.outbox == []


def test_the_daily_task_runs_the_reminders_and_is_idempotent(coordinators, django_capture_on_commit_callbacks):
    # Five days after the 30 June checkpoints of this year: last year's group is due at 12 months.
    with time_machine.travel(dt.datetime(timezone.localdate().year, 7, 5, 10, tzinfo=dt.UTC), tick=False):
        last_year, this_year = graduated_group(years_ago=1), graduated_group(years_ago=0)
        for group in (last_year, this_year):
            GraduateFactory(group=group)
        with django_capture_on_commit_callbacks(execute=True):
            remind_employment_checkpoints.apply()
            remind_employment_checkpoints.apply()
    assert list(EmploymentReminder.objects.values_list("group_id", "checkpoint")) == [(last_year.pk, 12)]
    assert len(mail.outbox) == len(coordinators)


def test_without_coordinators_the_reminder_waits_for_one(teacher, django_capture_on_commit_callbacks):
    group = graduated_group(years_ago=1)
    GraduateFactory(group=group)
    day = checkpoint_due_date(group.graduation_year, 12) + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert employment_reminders_send(today=day) == 0
    assert not EmploymentReminder.objects.exists()
    with_groups(StaffFactory(email="new-coordinator@college.example"), StaffGroup.PRACTICE_COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        assert employment_reminders_send(today=day + timedelta(days=1)) == 1
    assert [message.to for message in mail.outbox] == [["new-coordinator@college.example"]]
