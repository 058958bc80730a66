"""What the home dashboards show. Each app adds its widgets through its selectors."""

from django.db.models import Count

from partners import selectors as partner_selectors
from partners.models import PartnerStatus, PartnerType

STATUS_COLOURS = {"prospect": "#6c757d", "active": "#198754", "dormant": "#e0a800", "ended": "#343a40"}


def _chart(labels_by_value, counts, colours=None):
    chart = {
        "labels": [str(label) for value, label in labels_by_value],
        "values": [counts.get(value, 0) for value, _label in labels_by_value],
    }
    if colours:
        chart["colours"] = [colours[value] for value, _label in labels_by_value]
    return chart


def staff_dashboard(user):
    partners = partner_selectors.partners_visible_to(user)
    by_status = dict(partners.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_type = dict(partners.values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
    needing_attention = partner_selectors.partners_needing_attention(user)
    return {
        "partner_count": sum(by_status.values()),
        "active_count": by_status.get(PartnerStatus.ACTIVE, 0),
        "status_chart": _chart(PartnerStatus.choices, by_status, STATUS_COLOURS),
        "type_chart": _chart(PartnerType.choices, by_type),
        "needing_attention": list(needing_attention[:8]),
        "needing_attention_count": needing_attention.count(),
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
