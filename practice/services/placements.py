"""Placements: a student at a partner for a practice period, one by one or a whole group at once.

Rules kept here for every caller: the student studies in the period's group; the placement lies
within the period; a student is never in two overlapping placements (checked with the student's
row locked, so two coordinators cannot place the same student at once); the employer supervisor
works at the partner; an offer takes placements only while published, for its own organisation
and specialty, up to its number of places. State changes follow ``PLACEMENT_TRANSITIONS``.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners import activity
from partners.models import Partner

from ..models import (
    PLACEMENT_TRANSITIONS,
    DocumentStatus,
    Evaluation,
    Offer,
    OfferStatus,
    Placement,
    PlacementState,
    PracticePeriod,
    Student,
    StudentStatus,
)

# States in which the organisation has the student (or is about to): these move its activity.
ACTIVE_STATES = (PlacementState.PLANNED, PlacementState.CONFIRMED, PlacementState.IN_PROGRESS, PlacementState.COMPLETED)


def _day(value):
    return f"{value:%d.%m.%Y}"


def students_without_placement(period):
    """Studying students of the period's group with no placement overlapping the period."""
    overlapping = Placement.objects.filter(
        student=OuterRef("pk"), start_date__lte=period.end_date, end_date__gte=period.start_date
    ).exclude(state=PlacementState.CANCELLED)
    return (
        Student.objects.filter(group_id=period.group_id, status=StudentStatus.STUDYING)
        .exclude(Exists(overlapping))
        .order_by("last_name", "first_name", "middle_name")
    )


def offer_places_taken(offer_ids):
    """{offer id: placements made on it (not cancelled)}."""
    rows = (
        Placement.objects.filter(offer_id__in=offer_ids)
        .exclude(state=PlacementState.CANCELLED)
        .order_by()
        .values_list("offer_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows.values_list("offer_id", "n"))


def _check_overlap(placement):
    other = (
        Placement.objects.filter(
            student_id=placement.student_id, start_date__lte=placement.end_date, end_date__gte=placement.start_date
        )
        .exclude(state=PlacementState.CANCELLED)
        .exclude(pk=placement.pk)
        .select_related("partner", "student")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _(
                "%(student)s is already placed at %(partner)s from %(start)s to %(end)s: "
                "placements of one student cannot overlap."
            )
            % {
                "student": other.student.full_name,
                "partner": other.partner.display_name,
                "start": _day(other.start_date),
                "end": _day(other.end_date),
            }
        )


def _check_within_period(placement, period):
    errors = {}
    if placement.start_date < period.start_date:
        errors["start_date"] = _("The practice period starts on %(date)s.") % {"date": _day(period.start_date)}
    if placement.end_date > period.end_date:
        errors["end_date"] = _("The practice period ends on %(date)s.") % {"date": _day(period.end_date)}
    if errors:
        raise ValidationError(errors)


def _check_supervisor(placement):
    supervisor = placement.employer_supervisor
    if supervisor is not None and supervisor.partner_id != placement.partner_id:
        message = _("The supervisor must be a contact person of %(partner)s.") % {
            "partner": placement.partner.display_name
        }
        raise ValidationError({"employer_supervisor": message})


def _check_offer(offer, period, partner):
    """The offer can take one more student of ``period`` at ``partner`` (its row must be locked)."""
    if offer.partner_id != partner.pk:
        raise ValidationError({"offer": _("The offer is from another organisation.")})
    if offer.status != OfferStatus.PUBLISHED:
        raise ValidationError({"offer": _("Only a published offer takes students.")})
    if offer.specialty_id != period.group.specialty_id:
        raise ValidationError(
            {"offer": _("The offer is for another specialty than the group %(group)s.") % {"group": period.group.name}}
        )
    taken = offer_places_taken([offer.pk]).get(offer.pk, 0)
    if taken >= offer.places:
        message = _("No places left on «%(offer)s»: all %(places)d are taken.") % {
            "offer": offer.title,
            "places": offer.places,
        }
        raise ValidationError({"offer": message})


def _record_activity(placement):
    if placement.state in ACTIVE_STATES and placement.start_date <= timezone.localdate():
        activity.record_activity(placement.partner_id, placement.start_date)


@transaction.atomic
def placement_create(
    *,
    period,
    student,
    partner,
    created_by,
    offer=None,
    employer_supervisor=None,
    college_supervisor=None,
    start_date=None,
    end_date=None,
):
    """Places ``student`` at ``partner`` for ``period``, in the planned state. Dates default to the
    period's (narrowed to the offer's); supervisors to the period's teacher and the offer's contact.
    Moves the partner's last activity if the placement has started."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    period = PracticePeriod.objects.select_related("group", "college_supervisor").get(pk=period.pk)
    if student.group_id != period.group_id:
        message = _("%(student)s is not in the group %(group)s of this practice period.") % {
            "student": student.full_name,
            "group": period.group.name,
        }
        raise ValidationError({"student": message})
    if student.status != StudentStatus.STUDYING:
        message = _("%(student)s is not studying now (%(status)s) and cannot be placed.") % {
            "student": student.full_name,
            "status": student.get_status_display(),
        }
        raise ValidationError({"student": message})
    if offer is not None:
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _check_offer(offer, period, partner)
    if start_date is None:
        start_date = max(period.start_date, offer.start_date) if offer else period.start_date
    if end_date is None:
        end_date = min(period.end_date, offer.end_date) if offer else period.end_date
    if college_supervisor is None:
        college_supervisor = period.college_supervisor
    if employer_supervisor is None and offer is not None:
        employer_supervisor = offer.contact
    placement = Placement(
        student=student,
        period=period,
        partner=partner,
        offer=offer,
        start_date=start_date,
        end_date=end_date,
        employer_supervisor=employer_supervisor,
        college_supervisor=college_supervisor,
        state=PlacementState.PLANNED,
    )
    placement.full_clean()
    _check_within_period(placement, period)
    _check_supervisor(placement)
    _check_overlap(placement)
    placement.save()
    _record_activity(placement)
    return placement


@transaction.atomic
def placement_update(*, placement, updated_by, employer_supervisor=None, college_supervisor=None, start_date, end_date):
    """Changes the supervisors and dates of a placement that is neither cancelled nor evaluated."""
    Student.objects.select_for_update().filter(pk=placement.student_id).first()
    placement = Placement.objects.select_for_update().select_related("period", "partner").get(pk=placement.pk)
    if placement.state in (PlacementState.CANCELLED, PlacementState.EVALUATED):
        raise ValidationError(_("A cancelled or evaluated placement can no longer change."))
    placement.employer_supervisor, placement.college_supervisor = employer_supervisor, college_supervisor
    placement.start_date, placement.end_date = start_date, end_date
    placement.full_clean()
    _check_within_period(placement, placement.period)
    _check_supervisor(placement)
    _check_overlap(placement)
    placement.save()
    _record_activity(placement)
    return placement


@transaction.atomic
def placement_transition(*, placement, to_state, by, reason=""):
    """Moves a placement to ``to_state`` along ``PLACEMENT_TRANSITIONS``; cancelling needs a reason.
    "Evaluated" comes with a submitted evaluation sheet. Moves the partner's last activity."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if to_state not in PlacementState.values:
        raise ValidationError(_("Unknown state."))
    to_state = PlacementState(to_state)
    if to_state not in PLACEMENT_TRANSITIONS[PlacementState(placement.state)]:
        raise ValidationError(
            _("A placement cannot go from «%(from)s» to «%(to)s».")
            % {"from": placement.get_state_display(), "to": to_state.label}
        )
    if to_state == PlacementState.EVALUATED and not placement_has_submitted_evaluation(placement):
        raise ValidationError(_("The placement is evaluated once the employer submits the evaluation sheet."))
    reason = (reason or "").strip()
    if to_state == PlacementState.CANCELLED:
        if not reason:
            raise ValidationError({"reason": _("Say why the placement is cancelled.")})
        placement.cancel_reason = reason
    placement.state = to_state
    placement.full_clean()
    placement.save(update_fields=["state", "cancel_reason", "updated_at"])
    _record_activity(placement)
    return placement


def placement_has_submitted_evaluation(placement):
    return Evaluation.objects.filter(placement_id=placement.pk, status=DocumentStatus.SUBMITTED).exists()


@transaction.atomic
def placements_bulk_create(*, period, assignments, created_by, direct=None):
    """Places several students of ``period`` at once: ``assignments`` is {student id: offer id}
    (empty offers are skipped), ``direct`` {student id: partner id} for students placed at an
    organisation without an offer. All or nothing: if the students chosen for an offer exceed its
    places left, or any student cannot be placed, nothing is saved and ``ValidationError`` says why
    (errors about one student are keyed by the student's id). Returns the placements made."""
    chosen = {int(student_id): int(offer_id) for student_id, offer_id in assignments.items() if offer_id}
    at_partner = {
        int(student_id): int(partner_id)
        for student_id, partner_id in (direct or {}).items()
        if partner_id and int(student_id) not in chosen
    }
    if not chosen and not at_partner:
        raise ValidationError(_("Choose an offer for at least one student."))
    # Students first, then offers: the same order as placement_create takes its locks.
    students = {
        student.pk: student
        for student in Student.objects.select_for_update().filter(pk__in=[*chosen, *at_partner]).order_by("pk")
    }
    offers = {
        offer.pk: offer
        for offer in Offer.objects.select_for_update()
        .select_related("partner")
        .filter(pk__in=set(chosen.values()))
        .order_by("pk")
    }
    partners = {partner.pk: partner for partner in Partner.objects.filter(pk__in=set(at_partner.values()))}
    taken = offer_places_taken(list(offers))
    errors = []
    for offer_id, count in sorted(Counter(chosen.values()).items()):
        offer = offers.get(offer_id)
        if offer is None:
            errors.append(_("One of the chosen offers no longer exists. Reload the page."))
            continue
        left = max(offer.places - taken.get(offer_id, 0), 0)
        if count > left:
            errors.append(
                ngettext(
                    "%(partner)s, «%(offer)s»: %(count)d students chosen, but only %(left)d place left.",
                    "%(partner)s, «%(offer)s»: %(count)d students chosen, but only %(left)d places left.",
                    left,
                )
                % {"partner": offer.partner.display_name, "offer": offer.title, "count": count, "left": left}
            )
    if set(at_partner.values()) - set(partners):
        errors.append(_("One of the chosen organisations no longer exists. Reload the page."))
    if errors:
        raise ValidationError(errors)
    created, student_errors = [], {}
    everyone = [*chosen, *at_partner]
    ordered = sorted(everyone, key=lambda pk: (students[pk].full_name, pk) if pk in students else ("", pk))
    for student_id in ordered:
        student = students.get(student_id)
        if student is None:
            student_errors[student_id] = [_("This student no longer exists.")]
            continue
        offer = offers[chosen[student_id]] if student_id in chosen else None
        partner = offer.partner if offer else partners[at_partner[student_id]]
        try:
            created.append(
                placement_create(period=period, student=student, partner=partner, offer=offer, created_by=created_by)
            )
        except ValidationError as error:
            student_errors[student_id] = error.messages
    if student_errors:
        # Raising here rolls back the placements already made in this call.
        raise ValidationError(student_errors)
    return created
