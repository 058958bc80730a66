"""Reads of employers' feedback on the programmes.

Staff see every requirement and rating; an employer sees its own organisation's requirements and
the students placed with it (to rate them). Another organisation's requirement or placement is a
404. The per-specialty summaries are staff pages.

``requirement_counts`` is the figure other subjects (the indicators) may show.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partners.models import Partner, Specialty
from partners.selectors import partner_search
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.queries import ids_or_subquery
from practice.models import Placement

from ..models import Competence, CompetenceRating, Requirement, RequirementStatus
from ..permissions.feedback import RATABLE_PLACEMENT_STATES

# How many years the per-specialty averages show, the current one included.
YEARS_SHOWN = 5


def _search_text(query):
    return (query or "").strip()


# --- Requirements -------------------------------------------------------------------------------


def requirements_visible_to(user):
    requirements = Requirement.objects.select_related("partner", "specialty", "submitted_by", "decided_by")
    if is_college_staff(user):
        return requirements
    if is_employer(user):
        return requirements.filter(partner_id=user.partner_id)
    return requirements.none()


def get_requirement_for(user, pk):
    return get_object_or_404(requirements_visible_to(user), pk=pk)


def requirement_list(user, *, query="", status="", specialty=None, partner=None):
    """The requirements ``user`` sees, searched (text, justification, decision; staff: the
    partner's name or ИНН too) and filtered, newest first."""
    requirements = requirements_visible_to(user)
    query = _search_text(query)
    if query:
        # The matching requirements and organisations are looked up first, each through its trigram
        # indexes, and the list takes their ids: testing each requirement's texts and organisation
        # in the list's own query would read every requirement.
        by_text = Requirement.objects.filter(
            Q(text__icontains=query) | Q(justification__icontains=query) | Q(decision_note__icontains=query)
        )
        found = Q(pk__in=ids_or_subquery(by_text))
        if is_college_staff(user):
            partners = partner_search(Partner.objects.all(), query)
            found |= Q(partner__in=ids_or_subquery(partners))
        requirements = requirements.filter(found)
    if status:
        requirements = requirements.filter(status=status)
    if specialty:
        requirements = requirements.filter(specialty=specialty)
    if partner and is_college_staff(user):
        requirements = requirements.filter(partner=partner)
    return requirements.order_by("-created_at", "-pk")


def partners_with_requirements():
    """The partners the staff filter offers: those that submitted a requirement."""
    return Partner.objects.filter(Exists(Requirement.objects.filter(partner_id=OuterRef("pk")))).order_by("name")


def specialties_for_requirements():
    """Every specialty: an employer may write about one the register does not list for it yet."""
    return Specialty.objects.order_by("code")


def _bounds(start, end):
    """Aware datetimes of the local midnights that open ``start`` and close ``end``."""
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def requirement_counts(*, start, end, specialty_id=None):
    """How many requirements were submitted from ``start`` to ``end`` (dates, both included, in
    the portal's time zone), and of them how many are taken into a programme, declined and still
    pending now: ``{"submitted", "taken", "declined", "pending"}``, all ints."""
    since, until = _bounds(start, end)
    requirements = Requirement.objects.filter(created_at__gte=since, created_at__lt=until)
    if specialty_id is not None:
        requirements = requirements.filter(specialty_id=specialty_id)
    counts = requirements.aggregate(
        submitted=Count("pk"),
        taken=Count("pk", filter=Q(status=RequirementStatus.TAKEN)),
        declined=Count("pk", filter=Q(status=RequirementStatus.DECLINED)),
        pending=Count("pk", filter=Q(status=RequirementStatus.PENDING)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


# --- Competences --------------------------------------------------------------------------------


def competences_visible_to(user):
    competences = Competence.objects.select_related("specialty").annotate(rating_count=Count("ratings"))
    return competences if is_college_staff(user) else competences.none()


def get_competence_for(user, pk):
    return get_object_or_404(competences_visible_to(user), pk=pk)


def competence_list(user, *, query="", specialty=None):
    competences = competences_visible_to(user)
    query = _search_text(query)
    if query:
        competences = competences.filter(name__icontains=query)
    if specialty:
        competences = competences.filter(specialty=specialty)
    return competences.order_by("specialty__code", "name", "pk")


def active_competences(specialty_id):
    return Competence.objects.filter(specialty_id=specialty_id, is_active=True).order_by("name", "pk")


# --- Ratings ------------------------------------------------------------------------------------


def ratable_placements_for(user):
    """The placements an employer may rate: its organisation's, once the practice has begun."""
    if not is_employer(user):
        return Placement.objects.none()
    return (
        Placement.objects.select_related("student__group__specialty", "period")
        .filter(partner_id=user.partner_id, state__in=RATABLE_PLACEMENT_STATES)
        .annotate(rating_count=Count("competence_ratings"), rating_average=Avg("competence_ratings__score"))
    )


def get_ratable_placement_for(user, pk):
    return get_object_or_404(ratable_placements_for(user).select_related("partner"), pk=pk)


def rating_list(user, *, query="", unrated=False):
    placements = ratable_placements_for(user)
    query = _search_text(query)
    if query:
        for word in query.split()[:3]:
            placements = placements.filter(
                Q(student__last_name__icontains=word)
                | Q(student__first_name__icontains=word)
                | Q(student__group__name__icontains=word)
            )
    if unrated:
        placements = placements.filter(rating_count=0)
    return placements.order_by("-end_date", "student__last_name", "student__first_name", "pk")


def ratings_of(placement):
    """The placement's ratings by competence id."""
    return {rating.competence_id: rating for rating in placement.competence_ratings.select_related("competence")}


# --- Per-specialty summaries (staff) ------------------------------------------------------------


def specialty_overview():
    """Every specialty with requirements or rated competences, with its counts."""
    return (
        Specialty.objects.annotate(
            submitted=Count("requirements", distinct=True),
            pending=Count("requirements", filter=Q(requirements__status=RequirementStatus.PENDING), distinct=True),
            taken=Count("requirements", filter=Q(requirements__status=RequirementStatus.TAKEN), distinct=True),
            declined=Count("requirements", filter=Q(requirements__status=RequirementStatus.DECLINED), distinct=True),
            competence_count=Count("rated_competences", distinct=True),
        )
        .filter(Q(submitted__gt=0) | Q(competence_count__gt=0))
        .order_by("code")
    )


def get_specialty(pk):
    return get_object_or_404(Specialty, pk=pk)


def _rounded(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class CompetenceRow:
    competence: Competence
    cells: list = field(default_factory=list)  # (average or None, count) per year
    average: Decimal | None = None
    count: int = 0


@dataclass
class RatingTable:
    years: list
    rows: list

    def chart(self, row):
        """One competence's averages over the years, for charts.js (a bar per year)."""
        return {
            "labels": [str(year) for year in self.years],
            "values": [float(average) if average is not None else None for average, _count in row.cells],
        }


def rating_table(specialty, *, today=None):
    """The average rating of each competence of ``specialty`` per year of the practice (the year
    its placement ended), over the last ``YEARS_SHOWN`` years, and over those years together.
    Competences no longer rated stay while they have ratings in those years."""
    today = today or timezone.localdate()
    years = list(range(today.year - YEARS_SHOWN + 1, today.year + 1))
    ratings = CompetenceRating.objects.filter(
        competence__specialty=specialty,
        placement__end_date__year__gte=years[0],
        placement__end_date__year__lte=years[-1],
    )
    by_year = (
        ratings.annotate(year=ExtractYear("placement__end_date"))
        .values("competence_id", "year")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by()
    )
    cells = defaultdict(dict)
    for entry in by_year:
        cells[entry["competence_id"]][entry["year"]] = (_rounded(entry["average"]), entry["count"])
    overall = {
        entry["competence_id"]: (_rounded(entry["average"]), entry["count"])
        for entry in ratings.values("competence_id").annotate(average=Avg("score"), count=Count("pk")).order_by()
    }
    competences = Competence.objects.filter(specialty=specialty).filter(Q(is_active=True) | Q(pk__in=list(cells)))
    rows = []
    for competence in competences.order_by("name", "pk"):
        average, count = overall.get(competence.pk, (None, 0))
        rows.append(
            CompetenceRow(
                competence=competence,
                cells=[cells[competence.pk].get(year, (None, 0)) for year in years],
                average=average,
                count=count,
            )
        )
    return RatingTable(years=years, rows=rows)


def specialty_counts(specialty):
    """The specialty's requirements by status, all time."""
    counts = Requirement.objects.filter(specialty=specialty).aggregate(
        submitted=Count("pk"),
        taken=Count("pk", filter=Q(status=RequirementStatus.TAKEN)),
        declined=Count("pk", filter=Q(status=RequirementStatus.DECLINED)),
        pending=Count("pk", filter=Q(status=RequirementStatus.PENDING)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def specialty_requirements(specialty):
    return (
        Requirement.objects.filter(specialty=specialty)
        .select_related("partner", "decided_by")
        .order_by("status", "-programme_year", "-created_at", "-pk")
    )


def recent_comments(specialty, limit=20):
    """The latest rating comments on the specialty's competences."""
    return (
        CompetenceRating.objects.filter(competence__specialty=specialty)
        .exclude(comment="")
        .select_related("competence", "placement__partner")
        .order_by("-updated_at", "-pk")[:limit]
    )
