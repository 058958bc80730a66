"""The partner hears of the college's decision on its requirement: one letter per decision, after
commit, to the employer who submitted it (or, once that account is gone, to the organisation's
other employer accounts)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Requirement, RequirementStatus
from monitoring.services import feedback as services
from monitoring.tasks.feedback import notify_requirement_decision
from tests.conftest import employer_with_contact
from tests.helpers import ru

from .factories import RequirementFactory

pytestmark = pytest.mark.django_db


def decide(requirement, staff, status=RequirementStatus.DECLINED, note="Оборудование не закупается до 2028 года"):
    year = timezone.localdate().year if status == RequirementStatus.TAKEN else None
    return services.requirement_decide(requirement=requirement, status=status, note=note, programme_year=year, by=staff)


def test_a_decline_is_e_mailed_to_the_employer_after_commit(
    partner_a, employer_a, staff, django_capture_on_commit_callbacks
):
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a, text="Пятиосевая обработка")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide(requirement, staff)
        assert mail.outbox == []  # nothing leaves before the decision is committed
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == [employer_a.email]
    assert "Оборудование не закупается до 2028 года" in letter.body
    assert "Пятиосевая обработка" in letter.body
    assert reverse("monitoring:requirement_detail", args=[requirement.pk]) in letter.body
    assert ru("It is declined.") in letter.body
    requirement.refresh_from_db()
    assert requirement.notified_at is not None


def test_taking_in_tells_the_year(partner_a, employer_a, staff, django_capture_on_commit_callbacks):
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a)
    with django_capture_on_commit_callbacks(execute=True):
        decide(requirement, staff, status=RequirementStatus.TAKEN, note="Тема в МДК.01.01")
    year = timezone.localdate().year
    assert len(mail.outbox) == 1
    assert ru("It is taken into the programme of %(year)s.", year=year) in mail.outbox[0].body
    assert "Тема в МДК.01.01" in mail.outbox[0].alternatives[0][0]


def test_the_task_sends_a_decision_once(partner_a, employer_a, staff, django_capture_on_commit_callbacks):
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a)
    with django_capture_on_commit_callbacks(execute=True):
        decide(requirement, staff)
    notify_requirement_decision.apply(kwargs={"requirement_id": requirement.pk})
    notify_requirement_decision.apply(kwargs={"requirement_id": requirement.pk})
    assert len(mail.outbox) == 1


def test_a_revised_decision_is_sent_again(partner_a, employer_a, staff, django_capture_on_commit_callbacks):
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a)
    with django_capture_on_commit_callbacks(execute=True):
        decide(requirement, staff)
    with django_capture_on_commit_callbacks(execute=True):
        decide(requirement, staff, status=RequirementStatus.TAKEN, note="Пересмотрели: тема в МДК.02.01")
    assert len(mail.outbox) == 2
    assert "Пересмотрели" in mail.outbox[1].body


def test_nothing_is_sent_for_a_pending_or_deleted_requirement(partner_a, employer_a):
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a)
    notify_requirement_decision.apply(kwargs={"requirement_id": requirement.pk})
    Requirement.objects.filter(pk=requirement.pk).delete()
    notify_requirement_decision.apply(kwargs={"requirement_id": requirement.pk})
    assert mail.outbox == []


def test_with_the_submitter_deactivated_the_organisations_employers_hear(
    partner_a, partner_b, employer_a, employer_b, staff, django_capture_on_commit_callbacks
):
    colleague = employer_with_contact(partner_a, "chief.engineer@uralmash.example")
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a)
    employer_a.is_active = False
    employer_a.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        decide(requirement, staff)
    assert [letter.to for letter in mail.outbox] == [[colleague.email]]


def test_a_failed_letter_does_not_undo_the_decision(partner_a, employer_a, staff, settings):
    settings.EMAIL_BACKEND = "tests.monitoring.feedback.test_notification.BrokenBackend"
    requirement = RequirementFactory(partner=partner_a, submitted_by=employer_a)
    decide(requirement, staff)  # the test runs in a transaction: the letter waits for a commit
    with pytest.raises(OSError):
        services.requirement_notify(requirement_id=requirement.pk)
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.DECLINED
    assert requirement.notified_at is None  # a later run tries again


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP is down")
