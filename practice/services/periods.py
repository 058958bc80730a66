"""Practice periods: a group's training, work or pre-diploma practice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import PlacementState, PracticePeriod

PERIOD_FIELDS = (
    "kind",
    "group",
    "module",
    "start_date",
    "end_date",
    "hours",
    "college_supervisor",
    "competences",
    "general_competences",
)


def _normalise_competences(text):
    """One competence per line, without blank lines or surrounding spaces."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _apply(period, fields):
    unknown = set(fields) - set(PERIOD_FIELDS)
    if unknown:
        raise ValueError(f"unknown period fields: {sorted(unknown)}")
    for field, value in fields.items():
        if field in ("competences", "general_competences"):
            value = _normalise_competences(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(period, field, value)


@transaction.atomic
def period_create(*, created_by, **fields):
    """Creates a practice period of a group (fields: ``PERIOD_FIELDS``)."""
    period = PracticePeriod()
    _apply(period, fields)
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def period_update(*, period, updated_by, **fields):
    """Changes a period. Its group cannot change once students of the group are placed."""
    period = PracticePeriod.objects.select_for_update().get(pk=period.pk)
    old_group_id = period.group_id
    _apply(period, fields)
    placed = period.placements.exclude(state=PlacementState.CANCELLED)
    if period.group_id != old_group_id and placed.exists():
        raise ValidationError({"group": _("The group cannot change: students of this group are already placed.")})
    if placed.filter(start_date__lt=period.start_date).exists() or placed.filter(end_date__gt=period.end_date).exists():
        raise ValidationError(_("Some placements fall outside the new dates. Change or cancel those placements first."))
    period.full_clean()
    period.save()
    return period
