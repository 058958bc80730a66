"""Reads of the practice app that depend on who asks.

Staff see everything of the college. An employer sees their organisation's offers, the
placements with their organisation (and so only those students), and the theses assigned to
them for review; anything else is 404. Anonymous users see nothing.
"""

import operator
from functools import reduce

from django.db.models import Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partners.permissions import employer_contact
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.queries import SubqueryCount, ids_or_subquery

from .models import (
    DocumentStatus,
    Offer,
    OfferStatus,
    Placement,
    PlacementState,
    PracticePeriod,
    Student,
    StudentStatus,
    StudyGroup,
    Teacher,
    TeacherInternship,
    Thesis,
)

# --- Reference data (staff only) ------------------------------------------------------------


def _staff_only(queryset, user):
    return queryset if is_college_staff(user) else queryset.none()


def groups_visible_to(user):
    return _staff_only(
        StudyGroup.objects.select_related("specialty").annotate(
            student_count=SubqueryCount(Student.objects.filter(group=OuterRef("pk")))
        ),
        user,
    )


def group_choices(user, query):
    """Groups whose name contains every word of ``query`` (none for an empty query), by name:
    what the group autocomplete offers. Staff only."""
    if not query:
        return StudyGroup.objects.none()
    groups = _staff_only(StudyGroup.objects.only("name"), user)
    for word in query.split():
        groups = groups.filter(name__icontains=word)
    return groups.order_by("name", "pk")


def student_choices(user, query):
    """Students (not expelled) whose name contains every word of ``query``, by name, with their
    group: what the student autocomplete offers. Staff only; none for an empty query."""
    if not query:
        return Student.objects.none()
    students = _staff_only(Student.objects.select_related("group").exclude(status=StudentStatus.EXPELLED), user)
    for word in query.split():
        students = students.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
        )
    return students.order_by("last_name", "first_name", "pk")


def get_group_for(user, pk):
    return get_object_or_404(groups_visible_to(user), pk=pk)


def students_visible_to(user):
    """Staff see every student; an employer sees the students placed with their organisation
    (not cancelled) and those whose thesis they review."""
    students = Student.objects.select_related("group__specialty")
    if is_college_staff(user):
        return students
    if is_employer(user):
        contact = employer_contact(user)
        placed = Placement.objects.filter(student=OuterRef("pk"), partner_id=user.partner_id).exclude(
            state=PlacementState.CANCELLED
        )
        reviewed = Thesis.objects.filter(student=OuterRef("pk"), reviewer=contact) if contact else None
        condition = Q(Exists(placed))
        if reviewed is not None:
            condition |= Q(Exists(reviewed))
        return students.filter(condition)
    return students.none()


def get_student_for(user, pk):
    return get_object_or_404(students_visible_to(user), pk=pk)


def teachers_visible_to(user):
    return _staff_only(Teacher.objects.select_related("user"), user)


# --- Periods --------------------------------------------------------------------------------


def periods_visible_to(user):
    """Staff see every period, with how many placements and submitted evaluations it has."""
    return _staff_only(
        PracticePeriod.objects.select_related("group__specialty", "college_supervisor")
        .annotate(
            # Per row: a GROUP BY would join and group every placement of every period.
            placement_count=SubqueryCount(
                Placement.objects.filter(period=OuterRef("pk")).exclude(state=PlacementState.CANCELLED)
            ),
            evaluated_count=SubqueryCount(
                Placement.objects.filter(period=OuterRef("pk"), evaluation__status=DocumentStatus.SUBMITTED)
            ),
        )
        .order_by("-start_date", "group__name", "pk"),
        user,
    )


def get_period_for(user, pk):
    return get_object_or_404(periods_visible_to(user), pk=pk)


# --- Offers ---------------------------------------------------------------------------------


def offers_visible_to(user):
    offers = (
        Offer.objects.select_related("partner", "specialty", "contact")
        .annotate(
            taken=SubqueryCount(Placement.objects.filter(offer=OuterRef("pk")).exclude(state=PlacementState.CANCELLED))
        )
        .order_by("-start_date", "-created_at", "pk")
    )
    if is_college_staff(user):
        return offers
    if is_employer(user):
        return offers.filter(partner_id=user.partner_id)
    return offers.none()


def get_offer_for(user, pk):
    return get_object_or_404(offers_visible_to(user), pk=pk)


def open_offers_for_period(user, period):
    """Published offers for the period's specialty whose dates overlap the period, with places left."""
    return (
        offers_visible_to(user)
        .filter(
            status=OfferStatus.PUBLISHED,
            specialty_id=period.group.specialty_id,
            start_date__lte=period.end_date,
            end_date__gte=period.start_date,
            taken__lt=F("places"),
        )
        .order_by("partner__name", "start_date")
    )


# --- Placements -----------------------------------------------------------------------------


def placements_visible_to(user):
    placements = Placement.objects.select_related(
        "student__group__specialty", "period", "partner", "employer_supervisor", "college_supervisor", "evaluation"
    ).defer("evaluation__snapshot")
    if is_college_staff(user):
        return placements
    if is_employer(user):
        return placements.filter(partner_id=user.partner_id).exclude(state=PlacementState.CANCELLED)
    return placements.none()


def get_placement_for(user, pk):
    return get_object_or_404(placements_visible_to(user), pk=pk)


def current_placements_for_employer(user, today=None):
    """Students with the employer now (or starting within two weeks)."""
    today = today or timezone.localdate()
    return (
        placements_visible_to(user)
        .filter(start_date__lte=today + timezone.timedelta(days=14), end_date__gte=today)
        .order_by("start_date", "student__last_name")
    )


def evaluations_due_for_employer(user):
    """Placements of the employer's organisation that started and have no submitted sheet yet."""
    return (
        placements_visible_to(user)
        .filter(state__in=[PlacementState.CONFIRMED, PlacementState.IN_PROGRESS, PlacementState.COMPLETED])
        .filter(start_date__lte=timezone.localdate())
        .exclude(evaluation__status=DocumentStatus.SUBMITTED)
        .order_by("end_date")
    )


# --- Theses ---------------------------------------------------------------------------------


def theses_visible_to(user):
    theses = Thesis.objects.select_related(
        "student__group__specialty", "supervisor", "ordered_by", "reviewer__partner", "review"
    ).defer("review__snapshot")
    if is_college_staff(user):
        return theses
    contact = employer_contact(user)
    if contact is not None:
        return theses.filter(reviewer=contact)
    return theses.none()


# The staff list's order: by group, then student; the id makes pages stable.
THESIS_LIST_ORDER = ("student__group__name", "student__last_name", "student__first_name", "pk")


def thesis_search(theses, query):
    """Theses whose student's name or topic contains every word of ``query`` (any case).

    For each word the matching students are found first, by each name through its own trigram
    index (a union: no plan then weighs an ``OR`` of three names against a scan of every
    student), and the theses by topic through theirs; then the theses by those ids
    (``ids_or_subquery``) through the indexes of ``student_id`` and ``id``: no condition is
    tested on every thesis (an upper-cased ``LIKE`` on each topic costs more than the planner
    reckons). A word shorter than a trigram has no index to read and may match most rows: there
    the conditions stay subqueries, hashed once for a scan of the theses. Two queries per word
    long enough, run now.
    """
    for word in (query or "").split():
        names = [Q(**{f"{name}__icontains": word}) for name in STUDENT_NAMES]
        if len(word) < TRIGRAM:
            students = Student.objects.filter(reduce(operator.or_, names)).values("pk")
            topics = Q(topic__icontains=word)
        else:
            by_name = [Student.objects.filter(name).order_by().values("pk") for name in names]
            students = ids_or_subquery(by_name[0].union(*by_name[1:]))
            topics = Q(pk__in=ids_or_subquery(Thesis.objects.filter(topic__icontains=word)))
        theses = theses.filter(Q(student__in=students) | topics)
    return theses


STUDENT_NAMES = ("last_name", "first_name", "middle_name")

# The shortest substring a trigram index finds by its trigrams.
TRIGRAM = 3


def teacher_of(user):
    """The teacher record of a staff user, or None (one query, only for staff)."""
    if not is_college_staff(user):
        return None
    return Teacher.objects.filter(user=user).first()


def get_thesis_for(user, pk):
    return get_object_or_404(theses_visible_to(user), pk=pk)


def theses_to_review(user):
    """The theses assigned to this employer reviewer whose review is not submitted yet."""
    return theses_visible_to(user).exclude(review__status=DocumentStatus.SUBMITTED).order_by("review_due")


def reviewer_candidates(partner=None):
    """Contacts who can review: thesis reviewers with an active portal account."""
    from partners.models import Contact

    contacts = Contact.objects.filter(is_thesis_reviewer=True, is_active=True, user__is_active=True).select_related(
        "partner"
    )
    if partner is not None:
        contacts = contacts.filter(partner=partner)
    return contacts.order_by("partner__name", "last_name")


# --- Teacher internships --------------------------------------------------------------------


def internships_visible_to(user):
    return _staff_only(TeacherInternship.objects.select_related("teacher", "partner"), user)


def get_internship_for(user, pk):
    return get_object_or_404(internships_visible_to(user), pk=pk)


def teachers_without_recent_internship(user, today=None, years=3):
    """Active teachers with no internship that ended within the last ``years`` years."""
    today = today or timezone.localdate()
    try:
        since = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        since = today.replace(year=today.year - years, day=28)
    recent = TeacherInternship.objects.filter(teacher=OuterRef("pk"), end_date__gte=since)
    return teachers_visible_to(user).filter(is_active=True).exclude(Exists(recent)).order_by("last_name", "first_name")
