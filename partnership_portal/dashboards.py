"""What the home dashboards show. Each app adds its widgets through its selectors."""

from django.db.models import Count

from partners import selectors as partner_selectors
from partners.models import PartnerStatus, PartnerType


def _chart(labels_by_value, counts):
    return {
        "labels": [str(label) for value, label in labels_by_value],
        "values": [counts.get(value, 0) for value, _label in labels_by_value],
    }


def staff_dashboard(user):
    partners = partner_selectors.partners_visible_to(user)
    by_status = dict(partners.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_type = dict(partners.values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
    return {
        "partner_count": sum(by_status.values()),
        "active_count": by_status.get(PartnerStatus.ACTIVE, 0),
        "status_chart": _chart(PartnerStatus.choices, by_status),
        "type_chart": _chart(PartnerType.choices, by_type),
        "needing_attention": list(partner_selectors.partners_needing_attention(user, limit=8)),
        "follow_ups": list(partner_selectors.follow_ups_due(user).select_related("partner")[:8]),
        "pending_requests": partner_selectors.pending_change_request_count(user),
    }


def employer_dashboard(user):
    organisation = partner_selectors.partners_visible_to(user).get()
    return {
        "organisation": organisation,
        "colleagues": list(partner_selectors.contacts_visible_to(user).filter(is_active=True)[:10]),
        "pending_request": organisation.change_requests.filter(status="pending").first(),
    }
