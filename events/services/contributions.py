"""Writes of contributions and development programmes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import activity

from ..models import Contribution, Programme

CONTRIBUTION_FIELDS = ("partner", "kind", "value", "date", "description", "inventory_number", "specialty",
                       "programme", "contract", "document")  # fmt: skip
PROGRAMME_FIELDS = ("name", "specialty", "budget", "start_year", "end_year", "description")


def _clean_contribution(contribution):
    contribution.description = contribution.description.strip()
    contribution.inventory_number = contribution.inventory_number.strip()
    contribution.document = contribution.document.strip()
    if not contribution.contract_id and not contribution.document:
        raise ValidationError(
            {"document": _("Choose the contract it rests on, or name the document (a letter, an act of transfer).")}
        )
    contribution.full_clean()


@transaction.atomic
def contribution_create(*, partner, kind, value, date, description, created_by, **fields):
    """Records a partner's contribution. Moves the partner's last activity forward (to the
    contribution's date, never past today) and so ends its dormancy."""
    unknown = set(fields) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    contribution = Contribution(partner=partner, kind=kind, value=value, date=date, description=description,
                                created_by=created_by, **fields)  # fmt: skip
    _clean_contribution(contribution)
    contribution.save()
    activity.record_activity(partner.pk, min(date, timezone.localdate()))
    return contribution


@transaction.atomic
def contribution_update(*, contribution, **fields):
    """Edits a contribution; recomputes the last activity of its partner (and of the previous
    partner, when it moved), since the date may have moved back."""
    unknown = set(fields) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    previous_partner_id = contribution.partner_id
    for name, value in fields.items():
        setattr(contribution, name, value)
    _clean_contribution(contribution)
    contribution.save()
    activity.refresh_activity(sorted({previous_partner_id, contribution.partner_id}))
    return contribution


@transaction.atomic
def programme_create(*, name, budget, start_year, end_year, **fields):
    """Adds a development programme co-financed by partners."""
    programme = Programme(name=name.strip(), budget=budget, start_year=start_year, end_year=end_year, **fields)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_update(*, programme, **fields):
    for name, value in fields.items():
        setattr(programme, name, value.strip() if isinstance(value, str) else value)
    programme.full_clean()
    programme.save()
    return programme
