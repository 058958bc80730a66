"""Reads of graduate employment (a staff-only subject: every read here is for college staff).

The national indicators (the ministry's monitoring of graduates' employment):

- **employed within 1 year** = graduates whose status at the 12-month checkpoint counts as
  employed (employed, self-employed or entrepreneur, military service), divided by the graduates
  with a known status at that checkpoint less those continuing full-time study or on parental
  leave there (they are reported apart):

      rate_1y = employed_1y / (with_data − studying − parental_leave) × 100 %

- **employed within 2 years**: the same at the 24-month checkpoint (``with_data_2y``,
  ``studying_2y``, ``parental_leave_2y``).
- **at partners** and **in the specialty**: of the graduates working at the 12-month checkpoint
  (employed or self-employed: those with a workplace), the share whose employer is a partner
  from the register, and the share working in their specialty.

«No record» and «no data» are the same: not known. A rate whose denominator is 0 is ``None``
(«нет данных»), never 0 %. Graduates are students with the status «graduated», counted under
their group's graduation year and specialty.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership_portal.accounts.permissions import is_college_staff
from partnership_portal.queries import SubqueryCount
from practice.models import Student, StudentStatus, StudyGroup

from ..models.employment import (
    COUNTED_AS_EMPLOYED,
    WORKING_STATUSES,
    Checkpoint,
    EmploymentImport,
    EmploymentRecord,
    EmploymentStatus,
    checkpoint_due_date,
)

ONE_DECIMAL = Decimal("0.1")


def percentage(part, whole):
    """``part`` of ``whole`` in per cent with one decimal (half up); ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class EmploymentRates:
    graduation_year: int
    graduates: int
    with_data: int  # known status at 12 months
    employed_1y: int
    employed_2y: int
    at_partners: int
    in_specialty: int
    studying: int  # at 12 months
    parental_leave: int  # at 12 months
    rate_1y: Decimal | None
    rate_2y: Decimal | None
    rate_at_partners: Decimal | None
    rate_in_specialty: Decimal | None
    # The 2-year base and the working graduates the partner / specialty shares are taken of.
    with_data_2y: int = 0
    studying_2y: int = 0
    parental_leave_2y: int = 0
    working_1y: int = 0
    specialty_id: int | None = None

    @property
    def base_1y(self):
        return self.with_data - self.studying - self.parental_leave

    @property
    def base_2y(self):
        return self.with_data_2y - self.studying_2y - self.parental_leave_2y


def _record_counts():
    at_12, at_24 = Q(checkpoint=Checkpoint.MONTHS_12), Q(checkpoint=Checkpoint.MONTHS_24)
    known = ~Q(status=EmploymentStatus.NO_DATA)
    working = Q(status__in=WORKING_STATUSES)
    counted = Q(status__in=COUNTED_AS_EMPLOYED)
    return {
        "with_data": Count("pk", filter=at_12 & known),
        "employed_1y": Count("pk", filter=at_12 & counted),
        "studying": Count("pk", filter=at_12 & Q(status=EmploymentStatus.STUDYING)),
        "parental_leave": Count("pk", filter=at_12 & Q(status=EmploymentStatus.PARENTAL_LEAVE)),
        "working_1y": Count("pk", filter=at_12 & working),
        "at_partners": Count("pk", filter=at_12 & working & Q(employer__isnull=False)),
        "in_specialty": Count("pk", filter=at_12 & working & Q(in_specialty=True)),
        "with_data_2y": Count("pk", filter=at_24 & known),
        "employed_2y": Count("pk", filter=at_24 & counted),
        "studying_2y": Count("pk", filter=at_24 & Q(status=EmploymentStatus.STUDYING)),
        "parental_leave_2y": Count("pk", filter=at_24 & Q(status=EmploymentStatus.PARENTAL_LEAVE)),
    }


COUNT_FIELDS = tuple(_record_counts())


def _rates(graduation_year, graduates, counts, specialty_id=None):
    counts = {field: counts.get(field, 0) for field in COUNT_FIELDS}
    base_1y = counts["with_data"] - counts["studying"] - counts["parental_leave"]
    base_2y = counts["with_data_2y"] - counts["studying_2y"] - counts["parental_leave_2y"]
    return EmploymentRates(
        graduation_year=graduation_year,
        graduates=graduates,
        rate_1y=percentage(counts["employed_1y"], base_1y),
        rate_2y=percentage(counts["employed_2y"], base_2y),
        rate_at_partners=percentage(counts["at_partners"], counts["working_1y"]),
        rate_in_specialty=percentage(counts["in_specialty"], counts["working_1y"]),
        specialty_id=specialty_id,
        **counts,
    )


def _graduates(graduation_years, specialty_id):
    students = Student.objects.filter(status=StudentStatus.GRADUATED, group__graduation_year__in=graduation_years)
    if specialty_id is not None:
        students = students.filter(group__specialty_id=specialty_id)
    return students


def _grouped(graduation_years, specialty_id, *, by_specialty):
    """{(year, specialty_id or None): (graduates, counts)} in two aggregate queries."""
    keys = ["group__graduation_year"] + (["group__specialty_id"] if by_specialty else [])
    graduates = {
        tuple(row[key] for key in keys): row["n"]
        for row in _graduates(graduation_years, specialty_id).values(*keys).annotate(n=Count("pk")).order_by()
    }
    record_keys = [f"student__{key}" for key in keys]
    records = EmploymentRecord.objects.filter(student__in=_graduates(graduation_years, specialty_id))
    counts = {
        tuple(row[key] for key in record_keys): row
        for row in records.values(*record_keys).annotate(**_record_counts()).order_by()
    }
    return graduates, counts


def employment_rates(*, graduation_years: list[int], specialty_id: int | None = None) -> list[EmploymentRates]:
    """One ``EmploymentRates`` per graduation year asked for, in that order (a year without
    graduates has zeros and ``None`` rates); ``specialty_id`` None takes every specialty.
    Two aggregate queries whatever the number of graduates."""
    years = sorted({int(year) for year in graduation_years})
    if not years:
        return []
    graduates, counts = _grouped(years, specialty_id, by_specialty=False)
    return [_rates(year, graduates.get((year,), 0), counts.get((year,), {}), specialty_id) for year in years]


def employment_rates_by_specialty(
    *, graduation_years: list[int], specialty_id: int | None = None
) -> list[EmploymentRates]:
    """``EmploymentRates`` per (graduation year, specialty) that has graduates, ordered by year
    and specialty code: the rows of the rates page. Two aggregate queries."""
    from partners.models import Specialty

    years = sorted({int(year) for year in graduation_years})
    if not years:
        return []
    graduates, counts = _grouped(years, specialty_id, by_specialty=True)
    codes = dict(Specialty.objects.filter(pk__in={key[1] for key in graduates}).values_list("pk", "code"))
    keys = sorted(graduates, key=lambda key: (key[0], codes.get(key[1], "")))
    return [_rates(year, graduates[(year, spec)], counts.get((year, spec), {}), spec) for year, spec in keys]


def graduation_years():
    """The graduation years of groups with graduates, latest first."""
    return list(
        StudyGroup.objects.filter(students__status=StudentStatus.GRADUATED)
        .values_list("graduation_year", flat=True)
        .distinct()
        .order_by("-graduation_year")
    )


# --- Objects visible to staff ------------------------------------------------------------------


def graduate_groups_visible_to(user):
    """Groups with at least one graduate, with their specialty."""
    if not is_college_staff(user):
        return StudyGroup.objects.none()
    has_graduates = Student.objects.filter(group_id=OuterRef("pk"), status=StudentStatus.GRADUATED)
    return StudyGroup.objects.select_related("specialty").filter(Exists(has_graduates))


def get_graduate_group_for(user, pk):
    return get_object_or_404(graduate_groups_visible_to(user), pk=pk)


def graduates_visible_to(user):
    if not is_college_staff(user):
        return Student.objects.none()
    return Student.objects.filter(status=StudentStatus.GRADUATED).select_related("group__specialty")


def get_graduate_for(user, pk):
    return get_object_or_404(graduates_visible_to(user), pk=pk)


def employment_records_visible_to(user):
    if not is_college_staff(user):
        return EmploymentRecord.objects.none()
    return EmploymentRecord.objects.select_related("student__group__specialty", "employer", "recorded_by")


def employment_imports_visible_to(user):
    if not is_college_staff(user):
        return EmploymentImport.objects.none()
    return EmploymentImport.objects.select_related("uploaded_by")


def get_employment_import_for(user, pk):
    return get_object_or_404(employment_imports_visible_to(user), pk=pk)


def check_checkpoint(checkpoint):
    """The checkpoint of a URL, or 404 (only 6, 12 and 24 exist)."""
    if checkpoint not in Checkpoint.values:
        raise Http404
    return Checkpoint(checkpoint)


# --- Groups and their checkpoints ----------------------------------------------------------------


@dataclass(frozen=True)
class GroupCheckpoint:
    checkpoint: int
    label: str
    due_on: object  # date
    is_due: bool
    filled: int
    graduates: int

    @property
    def is_complete(self):
        return self.graduates > 0 and self.filled >= self.graduates


def graduate_group_list(user, *, year=None, specialty=None, query=""):
    """Groups with graduates, latest graduation first, each with ``graduate_count``."""
    # Counted per group of the page (a subquery through the student index), not by grouping the
    # join of every group with every student.
    graduates = Student.objects.filter(group=OuterRef("pk"), status=StudentStatus.GRADUATED)
    groups = graduate_groups_visible_to(user).annotate(graduate_count=SubqueryCount(graduates))
    if year:
        groups = groups.filter(graduation_year=year)
    if specialty:
        groups = groups.filter(specialty=specialty)
    query = (query or "").strip()
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(specialty__name__icontains=query))
    return groups.order_by("-graduation_year", "name")


def attach_checkpoints(groups, today):
    """Sets ``group.checkpoints`` (a ``GroupCheckpoint`` per checkpoint) on each group of a page,
    in one query; each group needs ``graduate_count``."""
    groups = list(groups)
    filled = {
        (row["student__group_id"], row["checkpoint"]): row["n"]
        for row in EmploymentRecord.objects.filter(
            student__group__in=[group.pk for group in groups], student__status=StudentStatus.GRADUATED
        )
        .values("student__group_id", "checkpoint")
        .annotate(n=Count("pk"))
        .order_by()
    }
    for group in groups:
        group.checkpoints = [checkpoint_of(group, checkpoint, today, filled.get((group.pk, checkpoint.value), 0))
                             for checkpoint in Checkpoint]  # fmt: skip
    return groups


def checkpoint_of(group, checkpoint, today, filled):
    due_on = checkpoint_due_date(group.graduation_year, checkpoint)
    return GroupCheckpoint(
        checkpoint=checkpoint.value,
        label=checkpoint.label,
        due_on=due_on,
        is_due=due_on <= today,
        filled=filled,
        graduates=group.graduate_count,
    )


def group_table_rows(group, checkpoint):
    """The group's graduates with their record at ``checkpoint`` (or None), in two queries."""
    graduates = list(group.students.filter(status=StudentStatus.GRADUATED).order_by("last_name", "first_name", "pk"))
    records = {
        record.student_id: record
        for record in EmploymentRecord.objects.select_related("employer").filter(
            student__in=graduates, checkpoint=checkpoint
        )
    }
    return [(student, records.get(student.pk)) for student in graduates]


# --- Targeted-training graduates -----------------------------------------------------------------


class ObligationVerdict:
    MEETING = "meeting"
    AT_RISK = "at_risk"
    NOT_MEETING = "not_meeting"


VERDICT_LABELS = {
    ObligationVerdict.MEETING: gettext_lazy("Being met"),
    ObligationVerdict.AT_RISK: gettext_lazy("At risk"),
    ObligationVerdict.NOT_MEETING: gettext_lazy("Not being met"),
}
# Statuses that defer a targeted graduate's obligation (the rules of targeted training allow a
# deferral for military service, parental leave and continuing full-time study).
DEFERRING = frozenset({EmploymentStatus.MILITARY, EmploymentStatus.PARENTAL_LEAVE, EmploymentStatus.STUDYING})


def obligation_verdict(obligation, latest, today):
    """(verdict, reason) of a targeted graduate's work obligation, from the obligation's own
    status, their latest known employment status and the employment deadline:

    - meeting: the obligation is being worked off or fulfilled, or the latest status is work at
      the contract's organisation;
    - not meeting: the obligation is breached, or the deadline has passed and they do not work
      there (and no deferral applies);
    - at risk: otherwise (not yet employed there before the deadline, a deferral, or no data).
    """
    from contracts.models import ObligationStatus

    partner_id = obligation.contract.partner_id
    if obligation.status in (ObligationStatus.WORKING, ObligationStatus.FULFILLED):
        return ObligationVerdict.MEETING, obligation.get_status_display()
    if obligation.status == ObligationStatus.BREACHED:
        return ObligationVerdict.NOT_MEETING, obligation.get_status_display()
    if latest is not None and latest.status in WORKING_STATUSES and latest.employer_id == partner_id:
        return ObligationVerdict.MEETING, _("Works at the contract's organisation")
    if latest is not None and latest.status in DEFERRING:
        return ObligationVerdict.AT_RISK, _("Deferred: %(status)s") % {"status": latest.get_status_display()}
    if obligation.employment_deadline < today:
        if latest is not None and latest.status in WORKING_STATUSES:
            return ObligationVerdict.NOT_MEETING, _("Works for another employer after the deadline")
        return ObligationVerdict.NOT_MEETING, _("Not employed at the organisation by the deadline")
    if latest is None:
        return ObligationVerdict.AT_RISK, _("No employment data yet")
    if latest.status in WORKING_STATUSES:
        return ObligationVerdict.AT_RISK, _("Works for another employer")
    return ObligationVerdict.AT_RISK, _("Not employed at the organisation yet")


def targeted_graduates(user, *, verdict=None, query="", today):
    """Targeted-training obligations of graduates (contracts past the draft), each with
    ``latest`` (their latest known employment record), ``verdict`` and ``reason``. Three
    queries; the verdict filter runs in Python over the list (a college has hundreds of these)."""
    from contracts.models import ContractState, ContractType
    from contracts.selectors import obligations_visible_to

    if not is_college_staff(user):
        return []
    obligations = (
        obligations_visible_to(user)
        .filter(contract__type=ContractType.TARGETED_TRAINING, contract__student__status=StudentStatus.GRADUATED)
        .exclude(contract__state=ContractState.DRAFT)
        .select_related("contract__student__group__specialty")
        .prefetch_related(
            Prefetch(
                "contract__student__employment_records",
                queryset=EmploymentRecord.objects.exclude(status=EmploymentStatus.NO_DATA)
                .select_related("employer")
                .order_by("-checkpoint"),
                to_attr="known_records",
            )
        )
        .order_by("employment_deadline", "pk")
    )
    query = (query or "").strip()
    if query:
        obligations = obligations.filter(
            Q(contract__student__last_name__icontains=query)
            | Q(contract__number__icontains=query)
            | Q(contract__partner__name__icontains=query)
        )
    rows = []
    for obligation in obligations:
        records = obligation.contract.student.known_records
        obligation.latest = records[0] if records else None
        obligation.verdict, obligation.reason = obligation_verdict(obligation, obligation.latest, today)
        obligation.verdict_label = VERDICT_LABELS[obligation.verdict]
        if verdict is None or obligation.verdict == verdict:
            rows.append(obligation)
    return rows
