"""Writes of demonstration-exam experts and their nominations to demonstration exams."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import EventType, Expert, ExpertNomination

EXPERT_FIELDS = ("contact", "competence", "certificate_number", "certificate_expires_on")


def exam_last_day(event):
    """The last day of the exam in the college's time zone: the certificate must cover it."""
    return timezone.localdate(event.ends_at)


@transaction.atomic
def expert_create(*, contact, competence, certificate_number, certificate_expires_on, created_by):
    """Records a partner's employee as a demonstration-exam expert in one competence."""
    expert = Expert(
        contact=contact,
        competence=competence.strip(),
        certificate_number=certificate_number.strip(),
        certificate_expires_on=certificate_expires_on,
    )
    expert.full_clean()
    expert.save()
    return expert


@transaction.atomic
def expert_update(*, expert, updated_by, **fields):
    unknown = set(fields) - set(EXPERT_FIELDS)
    if unknown:
        raise TypeError(f"expert_update() got unknown fields: {sorted(unknown)}")
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    for name, value in fields.items():
        setattr(expert, name, value.strip() if isinstance(value, str) else value)
    expert.full_clean()
    expert.save()
    return expert


def nomination_problems(event, expert):
    """Why ``expert`` cannot be nominated to ``event`` (messages for the expert field), or []."""
    if event.type != EventType.DEMO_EXAM:
        return [_("Experts are nominated to demonstration exams only.")]
    last_day = exam_last_day(event)
    if expert.certificate_expires_on < last_day:
        return [
            _(
                "The expert's certificate № %(number)s is valid until %(expiry)s and the exam ends on "
                "%(exam)s: an expert whose certificate has expired by the exam cannot be nominated."
            )
            % {
                "number": expert.certificate_number,
                "expiry": date_format(expert.certificate_expires_on, "d.m.Y"),
                "exam": date_format(last_day, "d.m.Y"),
            }
        ]
    return []


@transaction.atomic
def expert_nominate(*, event, expert, nominated_by):
    """Nominates the expert to a demonstration exam; refuses an expired certificate or a second
    nomination of the same expert."""
    problems = nomination_problems(event, expert)
    if problems:
        raise ValidationError({"expert": problems})
    if ExpertNomination.objects.filter(event=event, expert=expert).exists():
        raise ValidationError({"expert": [_("This expert is already nominated to the exam.")]})
    return ExpertNomination.objects.create(event=event, expert=expert)


@transaction.atomic
def nomination_withdraw(*, nomination, withdrawn_by):
    nomination.delete()
