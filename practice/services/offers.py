"""Offers of practice and internship places: draft → submitted → published → closed.

The employer writes and submits an offer; a practice coordinator publishes it (only published
offers take placements) and closes it. An offer whose end date has passed closes by itself
(daily task ``practice.close_expired_offers``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners import activity
from partnership_portal.accounts.permissions import is_college_staff

from ..models import Offer, OfferStatus, PlacementState

OFFER_FIELDS = (
    "specialty",
    "title",
    "places",
    "start_date",
    "end_date",
    "location",
    "requirements",
    "is_paid",
    "contact",
)


def _apply(offer, fields):
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"unknown offer fields: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(offer, field, value.strip() if isinstance(value, str) else value)


def _check_contact(offer):
    if offer.contact is not None and offer.contact.partner_id != offer.partner_id:
        raise ValidationError(
            {"contact": _("The contact person must work at the organisation that offers the places.")}
        )


def _locked(offer):
    return Offer.objects.select_for_update().get(pk=offer.pk)


@transaction.atomic
def offer_create(*, partner, created_by, submit=False, **fields):
    """Creates a draft offer of ``partner`` (fields: ``OFFER_FIELDS``); with ``submit``, sends it
    to the college at once (``offer_submit``, in the same transaction: both or neither)."""
    offer = Offer(partner=partner, created_by=created_by, status=OfferStatus.DRAFT)
    _apply(offer, fields)
    _check_contact(offer)
    # Who created it is bookkeeping (empty for offers entered in the admin), not the user's input.
    offer.full_clean(exclude=["created_by"])
    offer.save()
    if submit:
        offer = offer_submit(offer=offer, submitted_by=created_by)
    return offer


@transaction.atomic
def offer_update(*, offer, updated_by, submit=False, **fields):
    """Changes an offer that is not closed. Once students are placed on it, the places cannot drop
    below them and the specialty cannot change. With ``submit``, a draft is then sent to the
    college (``offer_submit``, in the same transaction)."""
    offer = _locked(offer)
    if offer.status == OfferStatus.CLOSED:
        raise ValidationError(_("A closed offer can no longer change."))
    old_specialty_id = offer.specialty_id
    _apply(offer, fields)
    _check_contact(offer)
    taken = offer.placements.exclude(state=PlacementState.CANCELLED).count()
    if taken and offer.specialty_id != old_specialty_id:
        raise ValidationError(
            {"specialty": _("Students are already placed on this offer: its specialty cannot change.")}
        )
    if offer.places is not None and offer.places < taken:
        message = ngettext(
            "%(taken)d student is already placed on this offer: keep at least that many places.",
            "%(taken)d students are already placed on this offer: keep at least that many places.",
            taken,
        ) % {"taken": taken}
        raise ValidationError({"places": message})
    # Who created it is bookkeeping (empty for offers entered in the admin), not the user's input.
    offer.full_clean(exclude=["created_by"])
    offer.save()
    if submit:
        offer = offer_submit(offer=offer, submitted_by=updated_by)
    return offer


@transaction.atomic
def offer_submit(*, offer, submitted_by):
    """The employer sends a draft to the college for publication. Moves the partner's last activity."""
    offer = _locked(offer)
    if offer.status != OfferStatus.DRAFT:
        raise ValidationError(_("Only a draft offer can be submitted."))
    today = timezone.localdate()
    if offer.end_date < today:
        raise ValidationError(_("The offer's end date has passed: change the dates first."))
    offer.status = OfferStatus.SUBMITTED
    offer.save(update_fields=["status", "updated_at"])
    activity.record_activity(offer.partner_id, today)
    return offer


def offer_can_publish(offer):
    """A submitted offer; or a draft that college staff wrote on the partner's behalf."""
    if offer.status == OfferStatus.SUBMITTED:
        return True
    return offer.status == OfferStatus.DRAFT and offer.created_by is not None and is_college_staff(offer.created_by)


@transaction.atomic
def offer_publish(*, offer, published_by):
    """Publishes an offer: placements can now be made on it."""
    offer = _locked(offer)
    if not offer_can_publish(offer):
        raise ValidationError(_("Only a submitted offer can be published."))
    if offer.end_date < timezone.localdate():
        raise ValidationError(_("The offer's end date has passed: it cannot be published."))
    offer.status, offer.published_at = OfferStatus.PUBLISHED, timezone.now()
    offer.save(update_fields=["status", "published_at", "updated_at"])
    return offer


@transaction.atomic
def offer_close(*, offer, closed_by):
    """Closes an offer: it takes no more placements (those made stay)."""
    offer = _locked(offer)
    if offer.status == OfferStatus.CLOSED:
        raise ValidationError(_("The offer is already closed."))
    offer.status, offer.closed_at = OfferStatus.CLOSED, timezone.now()
    offer.save(update_fields=["status", "closed_at", "updated_at"])
    return offer


@transaction.atomic
def offers_close_expired(today=None):
    """Closes submitted and published offers whose end date has passed; returns how many."""
    today = today or timezone.localdate()
    return Offer.objects.filter(status__in=[OfferStatus.SUBMITTED, OfferStatus.PUBLISHED], end_date__lt=today).update(
        status=OfferStatus.CLOSED, closed_at=timezone.now(), updated_at=timezone.now()
    )
