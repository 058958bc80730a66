"""What the home dashboards show: the app on top reads every other app through its selectors."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts import selectors as contract_selectors
from events.selectors import councils as council_selectors
from events.selectors import experts as expert_selectors
from partners import selectors as partner_selectors
from partners.models import ChangeRequestStatus, PartnerStatus, PartnerType
from practice import selectors as practice_selectors
from practice.models import DocumentStatus, OfferStatus

REVIEW_STATE_LABELS = {
    "no_reviewer": _("No reviewer"),
    "waiting": _("Assigned"),
    "draft": _("Draft"),
    "overdue": _("Overdue"),
    "submitted": _("Submitted"),
}
STATUS_COLOURS = {"prospect": "#6c757d", "active": "#198754", "dormant": "#e0a800", "ended": "#343a40"}


def _chart(labels_by_value, counts, colours=None):
    chart = {
        "labels": [str(label) for value, label in labels_by_value],
        "values": [counts.get(value, 0) for value, _label in labels_by_value],
    }
    if colours:
        chart["colours"] = [colours[value] for value, _label in labels_by_value]
    return chart


def _review_states(user, today):
    theses = practice_selectors.theses_visible_to(user)
    counts = theses.aggregate(
        no_reviewer=Count("pk", filter=Q(reviewer__isnull=True)),
        waiting=Count("pk", filter=Q(reviewer__isnull=False, review__isnull=True, review_due__gte=today)),
        draft=Count("pk", filter=Q(review__status=DocumentStatus.DRAFT, review_due__gte=today)),
        overdue=Count(
            "pk",
            filter=Q(reviewer__isnull=False, review_due__lt=today) & ~Q(review__status=DocumentStatus.SUBMITTED),
        ),
        submitted=Count("pk", filter=Q(review__status=DocumentStatus.SUBMITTED)),
    )
    return counts


def staff_dashboard(user):
    today = timezone.localdate()
    partners = partner_selectors.partners_visible_to(user)
    by_status = dict(partners.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_type = dict(partners.values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
    needing_attention = partner_selectors.partners_needing_attention(user)
    current_periods = practice_selectors.periods_visible_to(user).filter(
        start_date__lte=today, end_date__gte=today - timezone.timedelta(days=30)
    )
    without_internship = practice_selectors.teachers_without_recent_internship(user, today)
    reviews = _review_states(user, today)
    return {
        "partner_count": sum(by_status.values()),
        "active_count": by_status.get(PartnerStatus.ACTIVE, 0),
        "status_chart": _chart(PartnerStatus.choices, by_status, STATUS_COLOURS),
        "type_chart": _chart(PartnerType.choices, by_type),
        "needing_attention": list(needing_attention[:8]),
        "needing_attention_count": needing_attention.count(),
        "follow_ups": list(partner_selectors.follow_ups_due(user).select_related("partner")[:8]),
        "pending_requests": partner_selectors.pending_change_request_count(user),
        "current_periods": list(current_periods.order_by("end_date")[:8]),
        "offers_to_publish": practice_selectors.offers_visible_to(user).filter(status=OfferStatus.SUBMITTED).count(),
        "teachers_without_internship": list(without_internship[:8]),
        "teachers_without_internship_count": without_internship.count(),
        "reviews": reviews,
        "expiring_contracts": list(contract_selectors.expiring_soon(user)[:8]),
        "expiring_certificates": list(expert_selectors.certificates_expiring(user, today=today)[:8]),
        "overdue_decisions": list(council_selectors.overdue_decisions(user, today=today)[:8]),
        "review_chart": {
            "labels": [str(label) for label in REVIEW_STATE_LABELS.values()],
            "values": [reviews[key] for key in REVIEW_STATE_LABELS],
            "colours": ["#adb5bd", "#0dcaf0", "#1f4e79", "#dc3545", "#198754"],
        },
    }


def employer_dashboard(user):
    organisation = partner_selectors.partners_visible_to(user).get()
    offers = practice_selectors.offers_visible_to(user)
    return {
        "organisation": organisation,
        "colleagues": list(partner_selectors.contacts_visible_to(user).filter(is_active=True)[:10]),
        "pending_request": organisation.change_requests.filter(status=ChangeRequestStatus.PENDING).first(),
        "offer_counts": dict(
            offers.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        ),
        "current_placements": list(practice_selectors.current_placements_for_employer(user)[:10]),
        "evaluations_due": list(practice_selectors.evaluations_due_for_employer(user)[:10]),
        "theses_to_review": list(practice_selectors.theses_to_review(user)[:10]),
        "contracts": list(contract_selectors.contracts_visible_to(user).order_by("-signed_on", "-pk")[:6]),
    }
