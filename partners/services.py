"""Writes on partners."""

from django.db import transaction

from .models import Partner


@transaction.atomic
def partner_create(*, name, inn):
    partner = Partner(name=name.strip(), inn=inn.strip())
    partner.full_clean()
    partner.save()
    return partner
