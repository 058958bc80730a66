"""Partnership health: each partner's last activity date and the dormancy flag.

The last activity of a partner is the latest date among its interactions and, as other apps
register themselves here (``register_source`` in their ``AppConfig.ready``), its placements,
contracts and events. ``record_activity`` moves the date forward cheaply as things happen;
``refresh_activity`` recomputes it from every source (nightly, and after deletions).
"""

import logging

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext

from .models import Interaction, Partner, PartnerStatus, quiet_partners_q

logger = logging.getLogger(__name__)

_SOURCES = []


def register_source(source):
    """``source(partner_ids or None) -> {partner_id: date}``: the latest activity per partner."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


@register_source
def interactions_source(partner_ids=None):
    interactions = Interaction.objects.all()
    if partner_ids is not None:
        interactions = interactions.filter(partner_id__in=partner_ids)
    return dict(interactions.values_list("partner_id").annotate(latest=Max("date")).values_list("partner_id", "latest"))


def record_activity(partner_id, on_date):
    """Moves the partner's last activity forward to ``on_date``; wakes a dormant partner up."""
    Partner.objects.filter(pk=partner_id).filter(
        Q(last_activity_on__lt=on_date) | Q(last_activity_on__isnull=True)
    ).update(last_activity_on=on_date)
    # Recent activity (not an old meeting logged late) ends dormancy.
    _set_status(
        Partner.objects.filter(pk=partner_id, status=PartnerStatus.DORMANT).exclude(quiet_partners_q()),
        PartnerStatus.ACTIVE,
    )


@transaction.atomic
def refresh_activity(partner_ids=None):
    """Recomputes ``last_activity_on`` from every source; returns how many partners changed."""
    latest = {}
    for source in _SOURCES:
        for partner_id, day in source(partner_ids).items():
            if day and (partner_id not in latest or day > latest[partner_id]):
                latest[partner_id] = day
    partners = Partner.objects.all() if partner_ids is None else Partner.objects.filter(pk__in=partner_ids)
    changed = []
    for partner in partners.only("pk", "last_activity_on").iterator(chunk_size=2000):
        day = latest.get(partner.pk)
        if partner.last_activity_on != day:
            partner.last_activity_on = day
            changed.append(partner)
    Partner.objects.bulk_update(changed, ["last_activity_on"], batch_size=1000)
    return len(changed)


def _set_status(queryset, status):
    """Changes status one by one so that each change is in the partner's history."""
    count = 0
    for partner in queryset.select_for_update():
        partner.status = status
        partner._change_reason = gettext("status set by the partnership health check")
        partner.save(update_fields=["status", "updated_at"])
        count += 1
    return count


@transaction.atomic
def flag_dormant_partners(today=None):
    """Active partners quiet for the dormancy period become dormant; returns how many."""
    quiet = Partner.objects.filter(status=PartnerStatus.ACTIVE).filter(quiet_partners_q(today))
    count = _set_status(quiet, PartnerStatus.DORMANT)
    if count:
        logger.info("Flagged %d partners as dormant", count)
    return count
