"""What the home dashboards show: the app on top reads every other app through its selectors."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts import selectors as contract_selectors
from contracts.models import Contract, ContractType
from events.selectors import councils as council_selectors
from events.selectors import experts as expert_selectors
from partners import selectors as partner_selectors
from partners.models import ChangeRequestStatus, PartnerStatus, PartnerType
from partnership_portal.accounts.permissions import (
    is_administrator,
    is_college_staff,
    is_partnership_manager,
    is_practice_coordinator,
    is_teacher,
)
from partnership_portal.queries import Tally, counts, first_rows, first_with_total
from practice import selectors as practice_selectors
from practice.models import DocumentStatus, OfferStatus, PlacementState

REVIEW_STATE_LABELS = {
    "no_reviewer": _("No reviewer"),
    "waiting": _("Assigned"),
    "draft": _("Draft"),
    "overdue": _("Overdue"),
    "submitted": _("Submitted"),
}
# Contracts that simply end with the practice they were made for: nothing to renew when they expire.
ENDS_WITH_PRACTICE = (ContractType.PRACTICAL_TRAINING, ContractType.TRIPARTITE_PRACTICE)
# How many rows a dashboard list shows; the card's «All» link leads to the rest.
LIST_SIZE = 8
# A teacher is reminded of the next internship this many days before it falls due.
INTERNSHIP_WARNING_DAYS = 180
INTERNSHIP_EVERY_YEARS = 3
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
    """The theses by the state of their review (the chart of the staff dashboard), counted in one
    pass over the theses and their reviews; the same states as ``thesis_review_state``."""
    no_review = Q(review__status__isnull=True)  # a review's status is never empty: no review
    return Tally(
        practice_selectors.theses_visible_to(user),
        no_reviewer=Q(reviewer__isnull=True),
        waiting=Q(reviewer__isnull=False) & no_review & Q(review_due__gte=today),
        draft=Q(review__status=DocumentStatus.DRAFT, review_due__gte=today),
        overdue=Q(reviewer__isnull=False, review_due__lt=today) & ~Q(review__status=DocumentStatus.SUBMITTED),
        submitted=Q(review__status=DocumentStatus.SUBMITTED),
    )


def staff_dashboard(user):
    """Twelve queries in all, whatever the data: every count in one query (``counts``), each
    list with its total (``first_with_total``)."""
    today = timezone.localdate()
    partners = partner_selectors.partners_visible_to(user)
    figures = counts(
        **{f"status:{value}": partners.filter(status=value) for value, _label in PartnerStatus.choices},
        **{f"type:{value}": partners.filter(type=value) for value, _label in PartnerType.choices},
        reviews=_review_states(user, today),
        pending_requests=partner_selectors.pending_change_requests(user),
        offers_to_publish=practice_selectors.offers_visible_to(user).filter(status=OfferStatus.SUBMITTED),
    )
    by_status = {value: figures[f"status:{value}"] for value, _label in PartnerStatus.choices}
    by_type = {value: figures[f"type:{value}"] for value, _label in PartnerType.choices}
    review_counts = figures["reviews"]
    needing_attention, needing_attention_count = first_with_total(partner_selectors.partners_needing_attention(user), 8)
    current_periods = practice_selectors.periods_visible_to(user).filter(
        start_date__lte=today, end_date__gte=today - timezone.timedelta(days=30)
    )
    without_internship, without_internship_count = first_with_total(
        practice_selectors.teachers_without_recent_internship(user, today), 8
    )
    expiring = contract_selectors.expiring_soon(user)
    # An amendment's parent is looked up row by row (the few expiring amendments), not joined: a
    # join of the expiring contracts to their parents hashed the whole table.
    practice_parent = Exists(Contract.objects.filter(pk=OuterRef("parent_id"), type__in=ENDS_WITH_PRACTICE))
    ends_with_practice = Q(type__in=ENDS_WITH_PRACTICE) | (Q(type=ContractType.AMENDMENT) & Q(practice_parent))
    # Agreements to renew first; practice contracts that simply end with the practice apart.
    to_renew, to_renew_count = first_with_total(expiring.exclude(ends_with_practice), LIST_SIZE)
    practice_ending, practice_ending_count = first_with_total(expiring.filter(ends_with_practice), LIST_SIZE)
    return {
        "partner_count": sum(by_status.values()),
        "active_count": by_status.get(PartnerStatus.ACTIVE, 0),
        "status_chart": _chart(PartnerStatus.choices, by_status, STATUS_COLOURS),
        "type_chart": _chart(PartnerType.choices, by_type),
        "needing_attention": needing_attention,
        "needing_attention_count": needing_attention_count,
        "follow_ups": list(first_rows(partner_selectors.follow_ups_due(user).select_related("partner"), LIST_SIZE)),
        "pending_requests": figures["pending_requests"],
        "current_periods": list(current_periods.order_by("end_date")[:8]),
        "offers_to_publish": figures["offers_to_publish"],
        "teachers_without_internship": without_internship,
        "teachers_without_internship_count": without_internship_count,
        "reviews": review_counts,
        "expiring_contracts": to_renew,
        "expiring_contracts_count": to_renew_count,
        "practice_contracts_ending": practice_ending,
        "practice_contracts_ending_count": practice_ending_count,
        "expiring_certificates": list(expert_selectors.certificates_expiring(user, today=today)[:8]),
        "overdue_decisions": list(council_selectors.overdue_decisions(user, today=today)[:8]),
        "review_chart": {
            "labels": [str(label) for label in REVIEW_STATE_LABELS.values()],
            "values": [review_counts[key] for key in REVIEW_STATE_LABELS],
            "colours": ["#adb5bd", "#0dcaf0", "#1f4e79", "#dc3545", "#198754"],
        },
    }


def employer_dashboard(user):
    today = timezone.localdate()
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
        # A sheet is due when its practice ends: one not submitted by then is overdue since that day.
        "evaluations_due": [
            _mark_overdue(placement, today) for placement in practice_selectors.evaluations_due_for_employer(user)[:10]
        ],
        # A reviewer may have thousands: the ten are chosen by their ids before the joins.
        "theses_to_review": list(first_rows(practice_selectors.theses_to_review(user), 10)),
        "contracts": list(contract_selectors.contracts_visible_to(user).order_by("-signed_on", "-pk")[:6]),
    }


def _mark_overdue(placement, today):
    placement.overdue_since = placement.end_date if placement.end_date < today else None
    return placement


# --- The teacher's home -----------------------------------------------------------------------


def lands_on_teacher_dashboard(user):
    """A teacher who neither manages partnerships nor coordinates practice gets the teacher's home;
    administrators and the other staff land on the staff dashboard."""
    return (
        is_college_staff(user)
        and not is_administrator(user)
        and is_teacher(user)
        and not (is_partnership_manager(user) or is_practice_coordinator(user))
    )


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def thesis_review_state(thesis, today):
    """(key, due or since date) of a thesis's review: the same states as the staff chart counts."""
    review = getattr(thesis, "review", None)
    if review is not None and review.status == DocumentStatus.SUBMITTED:
        return "submitted", review.submitted_at and timezone.localtime(review.submitted_at).date()
    if thesis.reviewer_id is None:
        return "no_reviewer", None
    if thesis.review_due and thesis.review_due < today:
        return "overdue", thesis.review_due
    if review is not None:
        return "draft", thesis.review_due
    return "waiting", thesis.review_due


def _supervised_by(teacher):
    """Placements the teacher supervises: their own, or their period's when the placement names nobody."""
    return Q(college_supervisor=teacher) | Q(college_supervisor__isnull=True, period__college_supervisor=teacher)


def _internship_status(user, teacher, today):
    last = practice_selectors.internships_visible_to(user).filter(teacher=teacher).order_by("-end_date").first()
    overdue = (
        practice_selectors.teachers_without_recent_internship(user, today, years=INTERNSHIP_EVERY_YEARS)
        .filter(pk=teacher.pk)
        .exists()
    )
    due_by = _years_after(last.end_date, INTERNSHIP_EVERY_YEARS) if last else None
    if overdue:
        state = "overdue"
    elif due_by and (due_by - today).days <= INTERNSHIP_WARNING_DAYS:
        state = "due_soon"
    else:
        state = "done"
    return {"last": last, "due_by": due_by, "state": state}


def teacher_dashboard(user):
    """The teacher's home: the theses they supervise with each review's state, their students on
    practice now, the evaluation sheets still missing, and their own internship status. A fixed
    number of queries, whatever the data."""
    today = timezone.localdate()
    teacher = practice_selectors.teachers_visible_to(user).filter(user=user).first()
    context = {"today": today, "teacher": teacher}
    if teacher is None:
        return context
    theses = (
        practice_selectors.theses_visible_to(user)
        .filter(supervisor=teacher)
        # This year's theses: those not defended yet and those defended in the last two months.
        .filter(Q(defence_date__isnull=True) | Q(defence_date__gte=today - timezone.timedelta(days=60)))
        .order_by("review_due", "student__last_name", "pk")
    )
    thesis_rows = []
    for thesis in theses[: LIST_SIZE * 2]:
        thesis.review_state, thesis.review_date = thesis_review_state(thesis, today)
        thesis.review_state_label = REVIEW_STATE_LABELS[thesis.review_state]
        thesis_rows.append(thesis)
    placements = (
        practice_selectors.placements_visible_to(user)
        .filter(_supervised_by(teacher))
        .exclude(state=PlacementState.CANCELLED)
    )
    on_practice = placements.filter(start_date__lte=today, end_date__gte=today).order_by(
        "end_date", "student__last_name", "pk"
    )
    sheets_missing = (
        placements.filter(end_date__lt=today, state__in=[PlacementState.CONFIRMED, PlacementState.IN_PROGRESS,
                                                         PlacementState.COMPLETED])
        .exclude(evaluation__status=DocumentStatus.SUBMITTED)
        .order_by("end_date", "student__last_name", "pk")
    )  # fmt: skip
    return {
        **context,
        "theses": thesis_rows,
        "thesis_count": theses.count(),
        "on_practice": list(on_practice[: LIST_SIZE * 2]),
        "on_practice_count": on_practice.count(),
        "sheets_missing": list(sheets_missing[: LIST_SIZE * 2]),
        "sheets_missing_count": sheets_missing.count(),
        "internship": _internship_status(user, teacher, today),
    }
