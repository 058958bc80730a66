"""Reads of hiring demand: who sees which declarations, and demand against supply.

Staff see every declaration; an employer sees its own organisation's (another organisation's
declaration is a 404). ``demand_vs_supply`` is staff data, the same for whoever asks: the
indicators dashboard and the reports use it.

Supply for a year is the graduates expected from the groups that graduate that year: their
students who are studying, and, for a year already past, those who graduated. Students on
academic leave or expelled are not counted (a student on leave finishes with a later group).
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404

from partners.models import Partner, Specialty
from partners.selectors import partner_search
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.queries import ids_or_subquery
from practice.models import Student, StudentStatus, StudyGroup

from ..models import DemandDeclaration, DemandImport

SUPPLY_STATUSES = (StudentStatus.STUDYING, StudentStatus.GRADUATED)


@dataclass(frozen=True)
class DemandSupplyRow:
    specialty_id: int
    specialty_label: str
    year: int
    demand: int
    supply: int

    @property
    def gap(self):
        """People wanted beyond the expected graduates (negative: more graduates than demand)."""
        return self.demand - self.supply


def demand_vs_supply(*, years, specialty_id=None):
    """One row per specialty and year (of ``years``) that has demand or supply, ordered by
    specialty code and year. Three queries whatever the size of the data."""
    years = sorted({int(year) for year in years})
    if not years:
        return []
    declarations = DemandDeclaration.objects.filter(year__in=years)
    students = Student.objects.filter(status__in=SUPPLY_STATUSES, group__graduation_year__in=years)
    if specialty_id is not None:
        declarations = declarations.filter(specialty_id=specialty_id)
        students = students.filter(group__specialty_id=specialty_id)
    demand = {
        (specialty, year): total
        for specialty, year, total in declarations.order_by()
        .values("specialty_id", "year")
        .annotate(total=Sum("people"))
        .values_list("specialty_id", "year", "total")
    }
    supply = {
        (specialty, year): total
        for specialty, year, total in students.order_by()
        .values("group__specialty_id", "group__graduation_year")
        .annotate(total=Count("pk"))
        .values_list("group__specialty_id", "group__graduation_year", "total")
    }
    keys = demand.keys() | supply.keys()
    specialties = {
        pk: (code, f"{code} {name}")
        for pk, code, name in Specialty.objects.filter(pk__in={key[0] for key in keys}).values_list(
            "pk", "code", "name"
        )
    }
    return [
        DemandSupplyRow(
            specialty_id=specialty,
            specialty_label=specialties[specialty][1],
            year=year,
            demand=demand.get((specialty, year), 0),
            supply=supply.get((specialty, year), 0),
        )
        for specialty, year in sorted(keys, key=lambda key: (specialties[key[0]][0], key[1]))
    ]


def demand_totals_by_year(rows):
    """The rows summed per year: {year: (demand, supply)}, years in order."""
    totals = {}
    for row in rows:
        demand, supply = totals.get(row.year, (0, 0))
        totals[row.year] = (demand + row.demand, supply + row.supply)
    return dict(sorted(totals.items()))


def demand_years():
    """Years that have demand or graduating groups, for the filters' defaults."""
    years = set(DemandDeclaration.objects.order_by().values_list("year", flat=True).distinct())
    years |= set(StudyGroup.objects.order_by().values_list("graduation_year", flat=True).distinct())
    return sorted(years)


# --- Declarations, by who asks ------------------------------------------------------------------


def declarations_visible_to(user):
    declarations = DemandDeclaration.objects.select_related("specialty", "partner", "created_by")
    if is_college_staff(user):
        return declarations
    if is_employer(user):
        return declarations.filter(partner_id=user.partner_id)
    return declarations.none()


def get_declaration_for(user, pk):
    return get_object_or_404(declarations_visible_to(user), pk=pk)


def declaration_list(user, *, query="", specialty=None, year=None, source="", partner=None):
    declarations = declarations_visible_to(user)
    query = (query or "").strip()
    if query:
        text = Q(comment__icontains=query) | Q(offer_number__icontains=query)
        if is_college_staff(user):
            # The organisations first, through the register's own search (its trigram-indexed text).
            partners = partner_search(Partner.objects.all(), query)
            text |= (
                Q(partner__in=ids_or_subquery(partners))
                | Q(employer_name__icontains=query)
                | Q(source_name__icontains=query)
            )
        declarations = declarations.filter(text)
    if specialty:
        declarations = declarations.filter(specialty=specialty)
    if year:
        declarations = declarations.filter(year=year)
    if source:
        declarations = declarations.filter(source=source)
    if partner:
        declarations = declarations.filter(partner=partner)
    return declarations.order_by("-year", "specialty__code", "-created_at", "-pk")


def partner_declarations(partner):
    """A partner's declarations, newest year first (for its card)."""
    return (
        DemandDeclaration.objects.filter(partner=partner)
        .select_related("specialty")
        .order_by("-year", "specialty__code", "-pk")
    )


def imports_visible_to(user):
    imports = DemandImport.objects.select_related("uploaded_by")
    return imports if is_college_staff(user) else imports.none()


def get_import_for(user, pk):
    return get_object_or_404(imports_visible_to(user), pk=pk)
