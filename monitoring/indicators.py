"""The partnership's indicators: every figure the staff dashboard and the periodic reports show,
computed once here (see ``.scratch/INDICATORS_API.md`` for the shapes).

A ``Scope`` is a period (inclusive dates) and optionally a specialty. ``sections(scope)`` returns
the sections in a fixed order; each figure is a plain value (``int`` or ``Decimal``) or ``None``,
which means «нет данных» and is never shown as 0. The rules, section by section:

- **partners**: the partners registered by the period's end (``created_at``) with their CURRENT
  status — the register keeps no status per date, so for a past period this is "the partners of
  then, as they stand now". With a specialty: the partners that list it. None: no partner.
- **practice**: the students with a placement (not cancelled) overlapping the period, and the
  share of them with at least one such placement at a partner under a concluded contract (state
  signed, in force or expired; an amendment does not count on its own) whose validity covers the
  placement's start. Places offered: the places of the published or closed offers overlapping the
  period. Places needed: the students (not expelled) of the groups with a practice period
  overlapping the period, once per period. Specialty: the student's group, the offer's.
- **theses**: the theses defended in the period (``defence_date``) and the share with a submitted
  review by an employer's specialist. Specialty: the student's group.
- **internships**: the active teachers, and those with an internship that ended within 3 years
  before the period's end (or today, if the period is not over; an internship ending later does
  not count yet), as ``practice.selectors.teachers_without_recent_internship`` counts. Teachers
  have no specialty: the filter does not apply.
- **contracts**: concluded contracts (signed, in force or expired; amendments apart) whose
  validity covers the period's end (or today if the period is not over), those of them that end
  within 90 days after that day, and the contracts concluded in the period (``signed_on``).
  Specialty: a student's contract by the student's group; any other by its partner's specialties.
- **events**: the events held (status «held») that started in the period, and their participants:
  the registered ones plus the crowd counts («visitors»). Events have no specialty.
- **contributions**: the partners' contributions dated in the period (count and value) and the
  extrabudgetary income: the concluded consulting, contract-work and R&D contracts the college
  performs (as ``events.selectors.contributions.income_contracts``), by ``signed_on`` in the period.
  Specialty: the contribution's, else its programme's (as the contributions totals count);
  income by the contracts' rule above.
- **employment** and **demand**: from ``monitoring.selectors.employment.employment_rates`` and
  ``monitoring.selectors.demand.demand_vs_supply`` (by the calendar year of the period's start);
  None while a source has no rows for the scope.

A count is None when its source has no rows for the scope at all (events: no event started in the
period; contributions: none dated in it); a sum over no rows is None; a share is None when its
denominator is 0. Each section runs a few aggregate queries, whatever the number of rows.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from contracts.models import Contract, ContractState, ContractType
from events.models import Contribution, ContributionKind, Event, EventStatus, EventType, Participant
from events.selectors.contributions import income_contracts
from partners.models import Partner, PartnerStatus
from practice.models import (
    DocumentStatus,
    Offer,
    OfferStatus,
    Placement,
    PlacementState,
    PracticePeriod,
    StudentStatus,
    Teacher,
    TeacherInternship,
    Thesis,
)

PERCENT = Decimal("0.1")
MONEY = Decimal("0.01")
EXPIRING_DAYS = 90
INTERNSHIP_YEARS = 3
CONCLUDED_STATES = (ContractState.SIGNED, ContractState.ACTIVE, ContractState.EXPIRED)
OFFERED_STATES = (OfferStatus.PUBLISHED, OfferStatus.CLOSED)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
SECTION_KEYS = (
    "partners",
    "practice",
    "theses",
    "internships",
    "contracts",
    "events",
    "contributions",
    "employment",
    "demand",
)


# --- Shapes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date
    specialty_id: int | None = None

    @classmethod
    def year(cls, year, specialty_id=None):
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), specialty_id)

    @classmethod
    def quarter(cls, year, quarter, specialty_id=None):
        first_month = 3 * (quarter - 1) + 1
        return cls(dt.date(year, first_month, 1), _month_end(year, first_month + 2), specialty_id)

    @classmethod
    def month(cls, year, month, specialty_id=None):
        return cls(dt.date(year, month, 1), _month_end(year, month), specialty_id)

    @property
    def label(self):
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            return _("%(year)d year") % {"year": self.start.year}
        if self.start.day == 1 and self.end == _month_end(self.start.year, self.start.month):
            text = date_format(self.start, "F Y")
            return text[:1].lower() + text[1:] if (get_language() or "").startswith("ru") else text
        if (
            self.start.day == 1
            and self.start.month % 3 == 1
            and self.end == _month_end(self.start.year, self.start.month + 2)
        ):
            return _("%(quarter)s quarter %(year)d") % {
                "quarter": ROMAN[(self.start.month - 1) // 3 + 1],
                "year": self.start.year,
            }
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    @property
    def as_of(self):
        """The day "at the period's end" means: its last day, or today while it is not over."""
        return min(self.end, timezone.localdate())


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | Decimal | None
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    labels: list
    series: list


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list
    chart: Chart | None = None
    rows: list | None = None


def _month_end(year, month):
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def share(part, whole):
    """``part`` as a percentage of ``whole`` to one decimal; None when ``whole`` is 0 or unknown."""
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT)


def _of(part, whole):
    return _("%(part)s of %(whole)s") % {"part": part, "whole": whole} if whole else ""


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _day_range(scope):
    """Aware datetimes bounding the period's local days, for datetime fields."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


# --- Partners -------------------------------------------------------------------------------------

STATUS_ORDER = (PartnerStatus.ACTIVE, PartnerStatus.DORMANT, PartnerStatus.PROSPECT, PartnerStatus.ENDED)


def _partners(scope):
    start, end = _day_range(scope)
    partners = Partner.objects.filter(created_at__lt=end)
    if scope.specialty_id:
        partners = partners.filter(specialties__id=scope.specialty_id)
    counts = partners.aggregate(
        total=Count("pk"), **{status.value: Count("pk", filter=Q(status=status)) for status in STATUS_ORDER}
    )
    total = counts["total"]
    value = lambda n: n if total else None  # noqa: E731
    figures = [
        Figure("partners.active", _("Active partners"), value(counts[PartnerStatus.ACTIVE])),
        Figure("partners.dormant", _("Dormant partners"), value(counts[PartnerStatus.DORMANT])),
        Figure("partners.prospect", _("Prospective partners"), value(counts[PartnerStatus.PROSPECT])),
        Figure(
            "partners.active_share",
            _("Active among working partners"),
            share(counts[PartnerStatus.ACTIVE], counts[PartnerStatus.ACTIVE] + counts[PartnerStatus.DORMANT]),
            "%",
            _of(counts[PartnerStatus.ACTIVE], counts[PartnerStatus.ACTIVE] + counts[PartnerStatus.DORMANT]),
        ),
    ]
    chart = None
    if total:
        chart = Chart(
            "doughnut",
            _("Partners by status"),
            [str(status.label) for status in STATUS_ORDER],
            [(_("Partners"), [counts[status] for status in STATUS_ORDER])],
        )
    return Section("partners", _("Partners"), figures, chart)


# --- Practice -------------------------------------------------------------------------------------


def _covering_contract(placement_ref):
    return Contract.objects.filter(
        partner_id=OuterRef(f"{placement_ref}partner_id"),
        state__in=CONCLUDED_STATES,
        start_date__lte=OuterRef(f"{placement_ref}start_date"),
        end_date__gte=OuterRef(f"{placement_ref}start_date"),
    ).exclude(type=ContractType.AMENDMENT)


def _practice(scope):
    placements = Placement.objects.filter(start_date__lte=scope.end, end_date__gte=scope.start).exclude(
        state=PlacementState.CANCELLED
    )
    offers = Offer.objects.filter(status__in=OFFERED_STATES, start_date__lte=scope.end, end_date__gte=scope.start)
    periods = PracticePeriod.objects.filter(start_date__lte=scope.end, end_date__gte=scope.start)
    if scope.specialty_id:
        placements = placements.filter(student__group__specialty_id=scope.specialty_id)
        offers = offers.filter(specialty_id=scope.specialty_id)
        periods = periods.filter(group__specialty_id=scope.specialty_id)
    placed = placements.aggregate(
        students=Count("student", distinct=True),
        covered=Count("student", distinct=True, filter=Q(Exists(_covering_contract("")))),
    )
    offered = dict(
        offers.order_by().values_list("specialty_id").annotate(n=Sum("places")).values_list("specialty_id", "n")
    )
    needed = dict(
        periods.order_by()
        .values_list("group__specialty_id")
        .annotate(n=Count("group__students", filter=~Q(group__students__status=StudentStatus.EXPELLED)))
        .values_list("group__specialty_id", "n")
    )
    has_periods = bool(needed)
    students = placed["students"] if placed["students"] or has_periods else None
    places_offered = sum(offered.values()) if offered else None
    places_needed = sum(needed.values()) if has_periods else None
    figures = [
        Figure("practice.students_placed", _("Students at practice with partners"), students, _("people")),
        Figure(
            "practice.under_contract_share",
            _("Practice at a partner under a signed contract"),
            share(placed["covered"], placed["students"]),
            "%",
            _of(placed["covered"], placed["students"]),
        ),
        Figure("practice.places_offered", _("Practice places offered"), places_offered),
        Figure("practice.places_needed", _("Students to place"), places_needed),
        Figure(
            "practice.places_ratio",
            _("Places offered per student to place"),
            share(places_offered, places_needed),
            "%",
        ),
    ]
    chart, rows = None, None
    specialty_ids = sorted(offered.keys() | needed.keys())
    if specialty_ids:
        codes = _specialty_codes(specialty_ids)
        ordered = sorted(specialty_ids, key=lambda pk: codes.get(pk, ""))
        labels = [codes.get(pk, "") for pk in ordered]
        chart = Chart(
            "bar",
            _("Practice places by specialty"),
            labels,
            [
                (_("Places offered"), [offered.get(pk, 0) for pk in ordered]),
                (_("Students to place"), [needed.get(pk, 0) for pk in ordered]),
            ],
        )
        rows = [[_("Specialty"), _("Places offered"), _("Students to place")]] + [
            [codes.get(pk, ""), offered.get(pk, 0), needed.get(pk, 0)] for pk in ordered
        ]
    return Section("practice", _("Practice"), figures, chart, rows)


def _specialty_codes(ids):
    from partners.models import Specialty

    return dict(Specialty.objects.filter(pk__in=ids).values_list("pk", "code"))


# --- Theses ---------------------------------------------------------------------------------------


def _theses(scope):
    theses = Thesis.objects.filter(defence_date__range=(scope.start, scope.end))
    if scope.specialty_id:
        theses = theses.filter(student__group__specialty_id=scope.specialty_id)
    counts = theses.aggregate(
        total=Count("pk"), reviewed=Count("pk", filter=Q(review__status=DocumentStatus.SUBMITTED))
    )
    total, reviewed = counts["total"], counts["reviewed"]
    figures = [
        Figure("theses.defended", _("Theses defended"), total or None),
        Figure(
            "theses.reviewed_share",
            _("Theses reviewed by employers' specialists"),
            share(reviewed, total),
            "%",
            _of(reviewed, total),
        ),
    ]
    chart = None
    if total:
        chart = Chart(
            "doughnut",
            _("Theses of the period"),
            [_("Reviewed by an employer"), _("No employer review")],
            [(_("Theses"), [reviewed, total - reviewed])],
        )
    return Section("theses", _("Diploma theses"), figures, chart)


# --- Teacher internships --------------------------------------------------------------------------


def _internships(scope):
    as_of = scope.as_of
    since = _years_before(as_of, INTERNSHIP_YEARS)
    recent = TeacherInternship.objects.filter(teacher=OuterRef("pk"), end_date__gte=since, end_date__lte=as_of)
    counts = Teacher.objects.filter(is_active=True).aggregate(
        total=Count("pk"), covered=Count("pk", filter=Q(Exists(recent)))
    )
    held = TeacherInternship.objects.filter(end_date__range=(scope.start, scope.end)).count()
    total, covered = counts["total"], counts["covered"]
    figures = [
        Figure(
            "internships.coverage",
            _("Teachers with an internship within 3 years"),
            share(covered, total),
            "%",
            _of(covered, total),
        ),
        Figure("internships.without", _("Teachers due an internship"), total - covered if total else None),
        Figure("internships.completed", _("Internships completed in the period"), held if total else None),
    ]
    chart = None
    if total:
        chart = Chart(
            "doughnut",
            _("Teacher internship coverage"),
            [_("Within 3 years"), _("Due an internship")],
            [(_("Teachers"), [covered, total - covered])],
        )
    return Section("internships", _("Teacher internships"), figures, chart)


# --- Contracts ------------------------------------------------------------------------------------


def _contract_specialty_q(specialty_id):
    partner_has = Partner.specialties.through.objects.filter(
        partner_id=OuterRef("partner_id"), specialty_id=specialty_id
    )
    return Q(student__group__specialty_id=specialty_id) | Q(student__isnull=True) & Q(Exists(partner_has))


def _contracts(scope):
    as_of = scope.as_of
    contracts = Contract.objects.exclude(type=ContractType.AMENDMENT)
    if scope.specialty_id:
        contracts = contracts.filter(_contract_specialty_q(scope.specialty_id))
    in_force = Q(state__in=CONCLUDED_STATES, start_date__lte=as_of, end_date__gte=as_of)
    per_type = {
        kind: (any_, force, expiring, signed)
        for kind, any_, force, expiring, signed in contracts.order_by()
        .values_list("type")
        .annotate(
            any=Count("pk", filter=Q(signed_on__lte=scope.end)),
            in_force=Count("pk", filter=in_force),
            expiring=Count("pk", filter=in_force & Q(end_date__lte=as_of + dt.timedelta(days=EXPIRING_DAYS))),
            signed=Count("pk", filter=Q(state__in=CONCLUDED_STATES, signed_on__range=(scope.start, scope.end))),
        )
        .values_list("type", "any", "in_force", "expiring", "signed")
    }
    known = sum(counts[0] for counts in per_type.values())

    def total(index):
        return sum(counts[index] for counts in per_type.values()) if known else None

    figures = [
        Figure(
            "contracts.in_force", _("Contracts in force"), total(1), note=_("on %(day)s") % {"day": f"{as_of:%d.%m.%Y}"}
        ),
        Figure("contracts.expiring", _("Expiring within 90 days"), total(2)),
        Figure("contracts.signed", _("Contracts concluded in the period"), total(3)),
    ]
    chart, rows = None, None
    types = [(kind, label) for kind, label in ContractType.choices if per_type.get(kind, (0, 0))[1]]
    if types:
        chart = Chart(
            "bar",
            _("Contracts in force by type"),
            [str(label) for _kind, label in types],
            [(_("Contracts in force"), [per_type[kind][1] for kind, _label in types])],
        )
        rows = [[_("Contract type"), _("In force"), _("Expiring within 90 days"), _("Concluded in the period")]] + [
            [str(label), *per_type[kind][1:]] for kind, label in ContractType.choices if kind in per_type
        ]
    return Section("contracts", _("Contracts"), figures, chart, rows)


# --- Events ---------------------------------------------------------------------------------------


def _events(scope):
    start, end = _day_range(scope)
    events = Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
    held_q = Q(status=EventStatus.HELD)
    per_type = {
        kind: (any_, held, visitors)
        for kind, any_, held, visitors in events.order_by()
        .values_list("type")
        .annotate(any=Count("pk"), held=Count("pk", filter=held_q), visitors=Sum("visitors", filter=held_q))
        .values_list("type", "any", "held", "visitors")
    }
    # Counted even when there are no events, so the page runs the same queries whatever the data.
    registered = Participant.objects.filter(event__in=events.filter(held_q)).count()
    if not per_type:
        figures = [
            Figure("events.held", _("Events held"), None),
            Figure("events.participants", _("Participants of the events held"), None, _("people")),
        ]
        return Section("events", _("Joint events"), figures)
    held = sum(counts[1] for counts in per_type.values())
    crowd = sum(counts[2] or 0 for counts in per_type.values())
    figures = [
        Figure("events.held", _("Events held"), held),
        Figure(
            "events.participants",
            _("Participants of the events held"),
            registered + crowd,
            _("people"),
            _("%(registered)s registered, %(crowd)s by a crowd count") % {"registered": registered, "crowd": crowd},
        ),
    ]
    types = [(kind, label) for kind, label in EventType.choices if per_type.get(kind, (0, 0))[1]]
    chart = None
    if types:
        chart = Chart(
            "bar",
            _("Events held by type"),
            [str(label) for _kind, label in types],
            [(_("Events held"), [per_type[kind][1] for kind, _label in types])],
        )
    return Section("events", _("Joint events"), figures, chart)


# --- Contributions --------------------------------------------------------------------------------


def _contributions(scope):
    contributions = Contribution.objects.filter(date__range=(scope.start, scope.end))
    income = income_contracts().filter(signed_on__range=(scope.start, scope.end))
    if scope.specialty_id:
        contributions = contributions.filter(
            Q(specialty_id=scope.specialty_id) | Q(specialty__isnull=True, programme__specialty_id=scope.specialty_id)
        )
        income = income.filter(_contract_specialty_q(scope.specialty_id))
    per_kind = {
        kind: (count, value)
        for kind, count, value in contributions.order_by()
        .values_list("kind")
        .annotate(count=Count("pk"), value=Sum("value"))
        .values_list("kind", "count", "value")
    }
    income_total = income.aggregate(total=Sum("amount"))["total"]
    count = sum(counts[0] for counts in per_kind.values()) or None
    value = sum((counts[1] for counts in per_kind.values()), Decimal(0)) if per_kind else None
    figures = [
        Figure("contributions.count", _("Contributions received"), count),
        Figure("contributions.value", _("Value of the contributions"), _money(value), "₽"),
        Figure("contributions.income", _("Extrabudgetary income"), _money(income_total), "₽"),
    ]
    kinds = [(kind, label) for kind, label in ContributionKind.choices if kind in per_kind]
    chart = None
    if kinds:
        chart = Chart(
            "doughnut",
            _("Contributions by kind, roubles"),
            [str(label) for _kind, label in kinds],
            [(_("Value, roubles"), [float(per_kind[kind][1]) for kind, _label in kinds])],
        )
    return Section("contributions", _("Contributions and income"), figures, chart)


def _money(value):
    return None if value is None else Decimal(value).quantize(MONEY)


# --- Employment and demand (other subjects' selectors) --------------------------------------------


def _employment(scope):
    """The rates whose checkpoint falls in the period's year: within 1 year for the graduates of
    the year before, within 2 years for those of two years before (their 12- and 24-month
    checkpoints fall due that year); at partners and in the specialty of the year before."""
    year = scope.start.year
    try:
        from monitoring.selectors.employment import employment_rates
    except ImportError:  # the employment subject has not landed
        employment_rates = None
    rates = {}
    if employment_rates is not None:
        rates = {
            found.graduation_year: found
            for found in employment_rates(graduation_years=[year - 2, year - 1], specialty_id=scope.specialty_id)
        }
    last, before = rates.get(year - 1), rates.get(year - 2)

    def pick(found, rate, part, whole):
        if found is None:
            return None, ""
        return getattr(found, rate), _of(getattr(found, part), getattr(found, whole))

    rate_1y, note_1y = pick(last, "rate_1y", "employed_1y", "base_1y")
    rate_2y, note_2y = pick(before, "rate_2y", "employed_2y", "base_2y")
    partners, note_partners = pick(last, "rate_at_partners", "at_partners", "working_1y")
    specialty, note_specialty = pick(last, "rate_in_specialty", "in_specialty", "working_1y")
    figures = [
        Figure("employment.within_1_year", _("Employed within 1 year of graduation"), rate_1y, "%", note_1y),
        Figure("employment.within_2_years", _("Employed within 2 years of graduation"), rate_2y, "%", note_2y),
        Figure("employment.at_partners", _("Working graduates employed at partners"), partners, "%", note_partners),
        Figure(
            "employment.in_specialty", _("Working graduates employed in the specialty"), specialty, "%", note_specialty
        ),
    ]
    chart = None
    if any(figure.value is not None for figure in figures):
        chart = Chart(
            "bar",
            _("Graduate employment, %"),
            [figure.label for figure in figures],
            [(_("Per cent"), [None if figure.value is None else float(figure.value) for figure in figures])],
        )
    return Section("employment", _("Graduate employment"), figures, chart)


def _demand(scope):
    from monitoring.selectors.demand import demand_vs_supply

    rows = demand_vs_supply(years=[scope.start.year], specialty_id=scope.specialty_id)
    demand = sum(row.demand for row in rows) or None
    supply = sum(row.supply for row in rows) or None
    figures = [
        Figure("demand.people", _("Hiring demand"), demand, _("people")),
        Figure("demand.graduates", _("Graduates expected"), supply, _("people")),
        Figure("demand.coverage", _("Demand covered by graduates"), share(supply, demand), "%"),
    ]
    chart, table = None, None
    if rows:
        chart = Chart(
            "bar",
            _("Demand and graduates by specialty"),
            [row.specialty_label.split(" ", 1)[0] for row in rows],
            [
                (_("Hiring demand"), [row.demand for row in rows]),
                (_("Graduates expected"), [row.supply for row in rows]),
            ],
        )
        table = [[_("Specialty"), _("Hiring demand"), _("Graduates expected")]] + [
            [row.specialty_label, row.demand, row.supply] for row in rows
        ]
    return Section("demand", _("Demand and supply"), figures, chart, table)


# --- Entry points ---------------------------------------------------------------------------------

BUILDERS = {
    "partners": _partners,
    "practice": _practice,
    "theses": _theses,
    "internships": _internships,
    "contracts": _contracts,
    "events": _events,
    "contributions": _contributions,
    "employment": _employment,
    "demand": _demand,
}


def section(key, scope):
    return BUILDERS[key](scope)


def sections(scope):
    """Every section for the scope, in the fixed order of ``SECTION_KEYS``."""
    return [BUILDERS[key](scope) for key in SECTION_KEYS]


def trend(key, years, specialty_id=None):
    """One figure's value per calendar year: [(year, value)], in the order of ``years``."""
    builder = BUILDERS[key.split(".", 1)[0]]
    result = []
    for year in years:
        figures = {figure.key: figure.value for figure in builder(Scope.year(year, specialty_id)).figures}
        result.append((year, figures[key]))
    return result


def sections_by_year(years, specialty_id=None):
    """{year: sections(Scope.year(year, specialty_id))} for each of ``years``."""
    return {year: sections(Scope.year(year, specialty_id)) for year in years}


def trends(years, specialty_id=None, *, computed=None):
    """Every figure's trend at once: {key: [(year, value)]}, each section computed once a year
    (``computed``: the result of ``sections_by_year`` for these years, if the caller has it)."""
    computed = computed if computed is not None else sections_by_year(years, specialty_id)
    result = {}
    for year in years:
        for found in computed[year]:
            for figure in found.figures:
                result.setdefault(figure.key, []).append((year, figure.value))
    return result
