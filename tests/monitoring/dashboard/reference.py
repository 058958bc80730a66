"""Every indicator computed again, independently: plain Python over the model objects (every row
read, no aggregates, no database filtering), from the definitions in ``monitoring/indicators.py``'s
docstring. The reconciliation tests compare these with ``sections()``, the page and the export."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from contracts.models import Contract, ContractState, ContractType
from events.models import Contribution, Event, EventStatus, Participant
from monitoring.models import DemandDeclaration, EmploymentRecord, EmploymentStatus
from partners.models import Partner, PartnerStatus
from practice.models import (
    DocumentStatus,
    Offer,
    OfferStatus,
    Placement,
    PlacementState,
    PracticePeriod,
    Student,
    StudentStatus,
    Teacher,
    TeacherInternship,
    Thesis,
)

CONCLUDED = {ContractState.SIGNED, ContractState.ACTIVE, ContractState.EXPIRED}


def pct(part, whole):
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _within(day, start, end):
    return day is not None and start <= day <= end


def _overlaps(obj, start, end):
    return obj.start_date <= end and obj.end_date >= start


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _partner_specialties(partner):
    return {specialty.pk for specialty in partner.specialties.all()}


def _contract_matches(contract, specialty_id):
    if specialty_id is None:
        return True
    if contract.student_id:
        return contract.student.group.specialty_id == specialty_id
    return specialty_id in _partner_specialties(contract.partner)


def figures(start, end, specialty_id=None):
    """{figure key: value} for the period and specialty, every section."""
    as_of = min(end, timezone.localdate())
    result = {}

    # Partners: registered by the end, current status.
    partners = [
        p
        for p in Partner.objects.all()
        if timezone.localdate(p.created_at) <= end and (specialty_id is None or specialty_id in _partner_specialties(p))
    ]
    by_status = {status: sum(1 for p in partners if p.status == status) for status in PartnerStatus}
    known = bool(partners)
    result["partners.active"] = by_status[PartnerStatus.ACTIVE] if known else None
    result["partners.dormant"] = by_status[PartnerStatus.DORMANT] if known else None
    result["partners.prospect"] = by_status[PartnerStatus.PROSPECT] if known else None
    result["partners.active_share"] = pct(
        by_status[PartnerStatus.ACTIVE], by_status[PartnerStatus.ACTIVE] + by_status[PartnerStatus.DORMANT]
    )

    # Practice.
    contracts = list(Contract.objects.all())
    placements = [
        p
        for p in Placement.objects.all()
        if p.state != PlacementState.CANCELLED
        and _overlaps(p, start, end)
        and (specialty_id is None or p.student.group.specialty_id == specialty_id)
    ]

    def covered(placement):
        return any(
            c.partner_id == placement.partner_id
            and c.state in CONCLUDED
            and c.type != ContractType.AMENDMENT
            and c.start_date <= placement.start_date <= c.end_date
            for c in contracts
        )

    placed = {p.student_id for p in placements}
    placed_covered = {p.student_id for p in placements if covered(p)}
    periods = [
        p
        for p in PracticePeriod.objects.all()
        if _overlaps(p, start, end) and (specialty_id is None or p.group.specialty_id == specialty_id)
    ]
    needed = sum(1 for period in periods for s in period.group.students.all() if s.status != StudentStatus.EXPELLED)
    offers = [
        o
        for o in Offer.objects.all()
        if o.status in (OfferStatus.PUBLISHED, OfferStatus.CLOSED)
        and _overlaps(o, start, end)
        and (specialty_id is None or o.specialty_id == specialty_id)
    ]
    offered = sum(o.places for o in offers) if offers else None
    result["practice.students_placed"] = len(placed) if (placed or periods) else None
    result["practice.under_contract_share"] = pct(len(placed_covered), len(placed))
    result["practice.places_offered"] = offered
    result["practice.places_needed"] = needed if periods else None
    result["practice.places_ratio"] = pct(offered, needed if periods else None)

    # Theses.
    theses = [
        t
        for t in Thesis.objects.all()
        if _within(t.defence_date, start, end)
        and (specialty_id is None or t.student.group.specialty_id == specialty_id)
    ]
    reviewed = 0
    for thesis in theses:
        review = getattr(thesis, "review", None) if hasattr(thesis, "review") else None
        reviewed += bool(review and review.status == DocumentStatus.SUBMITTED)
    result["theses.defended"] = len(theses) or None
    result["theses.reviewed_share"] = pct(reviewed, len(theses))

    # Teacher internships.
    since = _years_before(as_of, 3)
    internships = list(TeacherInternship.objects.all())
    teachers = [t for t in Teacher.objects.all() if t.is_active]
    with_recent = [
        t for t in teachers if any(i.teacher_id == t.pk and since <= i.end_date <= as_of for i in internships)
    ]
    result["internships.coverage"] = pct(len(with_recent), len(teachers))
    result["internships.without"] = len(teachers) - len(with_recent) if teachers else None
    result["internships.completed"] = sum(1 for i in internships if start <= i.end_date <= end) if teachers else None

    # Contracts.
    chosen = [c for c in contracts if c.type != ContractType.AMENDMENT and _contract_matches(c, specialty_id)]
    in_force = [c for c in chosen if c.state in CONCLUDED and c.start_date <= as_of <= c.end_date]
    any_known = any(c.signed_on <= end for c in chosen)
    result["contracts.in_force"] = len(in_force) if any_known else None
    result["contracts.expiring"] = (
        sum(1 for c in in_force if c.end_date <= as_of + dt.timedelta(days=90)) if any_known else None
    )
    result["contracts.signed"] = (
        sum(1 for c in chosen if c.state in CONCLUDED and start <= c.signed_on <= end) if any_known else None
    )

    # Events: by the local day they start.
    events = [e for e in Event.objects.all() if start <= timezone.localtime(e.starts_at).date() <= end]
    held = [e for e in events if e.status == EventStatus.HELD]
    held_ids = {e.pk for e in held}
    registered = sum(1 for p in Participant.objects.all() if p.event_id in held_ids)
    crowd = sum(e.visitors or 0 for e in held)
    result["events.held"] = len(held) if events else None
    result["events.participants"] = registered + crowd if events else None

    # Contributions and income.
    contributions = [
        c
        for c in Contribution.objects.all()
        if start <= c.date <= end
        and (
            specialty_id is None
            or c.specialty_id == specialty_id
            or (c.specialty_id is None and c.programme_id and c.programme.specialty_id == specialty_id)
        )
    ]
    income = [
        c
        for c in contracts
        if c.type in (ContractType.CONSULTING, ContractType.CONTRACT_WORK, ContractType.RESEARCH)
        and c.state in CONCLUDED
        and c.details.get("direction") == "college_performs"
        and c.amount is not None
        and start <= c.signed_on <= end
        and _contract_matches(c, specialty_id)
    ]
    result["contributions.count"] = len(contributions) or None
    result["contributions.value"] = sum((c.value for c in contributions), Decimal(0)) if contributions else None
    result["contributions.income"] = sum((c.amount for c in income), Decimal(0)) if income else None

    # Employment: 1-year rate of the graduates of the year before, 2-year of two years before.
    year = start.year
    records = list(EmploymentRecord.objects.all())

    def graduates_records(graduation_year, checkpoint):
        return [
            r
            for r in records
            if r.checkpoint == checkpoint
            and r.student.status == StudentStatus.GRADUATED
            and r.student.group.graduation_year == graduation_year
            and (specialty_id is None or r.student.group.specialty_id == specialty_id)
        ]

    def rate(graduation_year, checkpoint):
        rows = graduates_records(graduation_year, checkpoint)
        known_rows = [r for r in rows if r.status != EmploymentStatus.NO_DATA]
        apart = [r for r in known_rows if r.status in (EmploymentStatus.STUDYING, EmploymentStatus.PARENTAL_LEAVE)]
        employed = [
            r
            for r in known_rows
            if r.status in (EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED, EmploymentStatus.MILITARY)
        ]
        return pct(len(employed), len(known_rows) - len(apart))

    working = [
        r
        for r in graduates_records(year - 1, 12)
        if r.status in (EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED)
    ]
    result["employment.within_1_year"] = rate(year - 1, 12)
    result["employment.within_2_years"] = rate(year - 2, 24)
    result["employment.at_partners"] = pct(sum(1 for r in working if r.employer_id), len(working))
    result["employment.in_specialty"] = pct(sum(1 for r in working if r.in_specialty), len(working))

    # Demand: declarations of the year against the graduates expected that year.
    demand = sum(
        d.people
        for d in DemandDeclaration.objects.all()
        if d.year == year and (specialty_id is None or d.specialty_id == specialty_id)
    )
    supply = sum(
        1
        for s in Student.objects.all()
        if s.status in (StudentStatus.STUDYING, StudentStatus.GRADUATED)
        and s.group.graduation_year == year
        and (specialty_id is None or s.group.specialty_id == specialty_id)
    )
    result["demand.people"] = demand or None
    result["demand.graduates"] = supply or None
    result["demand.coverage"] = pct(supply or None, demand or None)
    return result
