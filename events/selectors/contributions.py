"""Reads of contributions, development programmes and the joint-financing totals.

Staff see every contribution and programme; an employer sees its own organisation's
contributions (list and detail) and nothing else: another organisation's contribution is a 404.
Programmes and the totals are the college's own reports (staff only).
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from contracts.models import Contract, ContractState, ContractType
from partners.models import Partner, Specialty
from partnership_portal import tabular
from partnership_portal.accounts.permissions import is_college_staff, is_employer

from ..models import Contribution, ContributionKind, Programme
from ..permissions import can_manage_contributions

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)

# Extrabudgetary income: the paid work the college performs for partners. A contract counts
# from its conclusion (signed, in force, or expired after its term); drafts and contracts still
# on approval or awaiting signatures are not income yet, a terminated one is left out (its amount
# was not earned in full).
INCOME_TYPES = (ContractType.CONSULTING, ContractType.CONTRACT_WORK, ContractType.RESEARCH)
INCOME_STATES = (ContractState.SIGNED, ContractState.ACTIVE, ContractState.EXPIRED)
COLLEGE_PERFORMS = "college_performs"
# Contracts a contribution may rest on: a donation, or the framework agreements it comes under.
CONTRIBUTION_CONTRACT_TYPES = (ContractType.SPONSORSHIP, ContractType.JOINT_PROJECT, ContractType.COOPERATION)
# How many partners the totals page lists by name (the export lists all of them).
TOP_PARTNERS = 20
YEARS_SHOWN = 5


# --- Contributions ----------------------------------------------------------------------------


def contributions_visible_to(user):
    contributions = Contribution.objects.select_related("partner", "specialty", "programme", "contract")
    if is_college_staff(user):
        return contributions
    if is_employer(user):
        return contributions.filter(partner_id=user.partner_id)
    return contributions.none()


def get_contribution_for(user, pk):
    return get_object_or_404(contributions_visible_to(user), pk=pk)


def contribution_list(user, *, query="", partner=None, kind="", year=None, specialty=None):
    contributions = contributions_visible_to(user)
    query = (query or "").strip()
    if query:
        text = Q(description__icontains=query) | Q(inventory_number__icontains=query) | Q(document__icontains=query)
        if is_college_staff(user):
            text |= Q(partner__search_text__contains=query.lower().replace("ё", "е"))
        contributions = contributions.filter(text)
    if partner:
        contributions = contributions.filter(partner=partner)
    if kind:
        contributions = contributions.filter(kind=kind)
    if year:
        contributions = contributions.filter(date__year=year)
    if specialty:
        contributions = contributions.filter(
            Q(specialty=specialty) | Q(specialty__isnull=True, programme__specialty=specialty)
        )
    return contributions.order_by("-date", "-pk")


def contribution_years(user):
    """The years that have contributions the user may see, newest first (for the year filter)."""
    years = contributions_visible_to(user).annotate(year=ExtractYear("date")).values_list("year", flat=True)
    return sorted(set(years.order_by().distinct()), reverse=True)


def contract_choices(partner):
    """The partner's contracts a contribution may rest on (past the draft)."""
    if partner is None:
        return Contract.objects.none()
    return (
        Contract.objects.filter(partner=partner, type__in=CONTRIBUTION_CONTRACT_TYPES)
        .exclude(state=ContractState.DRAFT)
        .defer("snapshot")
        .order_by("-signed_on", "-seq")
    )


# --- Programmes -------------------------------------------------------------------------------


def programmes_visible_to(user):
    programmes = (
        Programme.objects.select_related("specialty")
        .annotate(
            covered=Coalesce(Sum("contributions__value"), Value(ZERO), output_field=MONEY),
            contribution_count=Count("contributions"),
        )
        .order_by("-start_year", "name")
    )  # a grouped query ignores Meta.ordering
    return programmes if is_college_staff(user) else programmes.none()


def get_programme_for(user, pk):
    return get_object_or_404(programmes_visible_to(user), pk=pk)


def share_covered(covered, budget):
    """Percent of the budget the contributions cover, to one decimal; 0 for an empty budget."""
    if not budget:
        return Decimal(0)
    return (Decimal(covered) * 100 / Decimal(budget)).quantize(Decimal("0.1"))


# --- Totals -----------------------------------------------------------------------------------


@dataclass
class Table:
    """A pivot table: one row per key with an amount per year (in the order of ``years``, None
    where there is nothing) and the row's total; the column totals below."""

    years: list
    rows: list = field(default_factory=list)  # [(label, [amount or None per year], total)]
    totals: list = field(default_factory=list)  # [amount per year]
    total: Decimal = ZERO

    @classmethod
    def build(cls, years, amounts, labels, *, limit=None, others_label=""):
        """``amounts`` is ``{(key, year): amount}``; rows are ordered by their total, largest first.
        With ``limit``, the rows past it are summed into one «others» row."""
        by_key = {}
        for (key, year), amount in amounts.items():
            if year in years:
                by_key.setdefault(key, {})[year] = amount
        ordered = sorted(by_key.items(), key=lambda item: (-sum(item[1].values()), str(labels.get(item[0], ""))))
        rows = [(labels.get(key, key), per_year) for key, per_year in ordered[:limit]]
        rest = ordered[limit:] if limit is not None else []
        if rest:
            merged = {}
            for _key, per_year in rest:
                for year, amount in per_year.items():
                    merged[year] = merged.get(year, ZERO) + amount
            rows.append((others_label % {"count": len(rest)}, merged))
        table = cls(years=list(years))
        table.rows = [(label, [per_year.get(year) for year in years], sum(per_year.values(), ZERO))
                      for label, per_year in rows]  # fmt: skip
        table.totals = [sum((per_year.get(year, ZERO) for _label, per_year in rows), ZERO) for year in years]
        table.total = sum(table.totals, ZERO)
        return table


def _sums(contributions, key):
    rows = (
        contributions.annotate(year=ExtractYear("date"), key=key)
        .values("key", "year")
        .annotate(amount=Sum("value"))
        .values_list("key", "year", "amount")
        .order_by()
    )
    return {(k, year): amount for k, year, amount in rows}


def contribution_totals(user, *, years=None, limit=TOP_PARTNERS):
    """Yearly totals of the contributions per partner, per kind and per specialty (a
        programme's specialty counts for a contribution that names none), and the extrabudgetary
        income, over the given years (by default the last five that have any). Staff only; a few
    queries whatever the size of the register."""
    contributions = contributions_visible_to(user).select_related(None)
    if years is None:
        income_years = income_contracts().values_list("year", flat=True).order_by().distinct()
        years = sorted(set(contribution_years(user)) | set(income_years), reverse=True)[:YEARS_SHOWN]
    years = sorted(years)
    contributions = contributions.filter(date__year__in=years) if years else contributions.none()
    by_partner = _sums(contributions, F("partner_id"))
    by_kind = _sums(contributions, F("kind"))
    by_specialty = _sums(contributions, Coalesce("specialty_id", "programme__specialty_id", Value(0)))
    partner_ids = {key for key, _year in by_partner}
    # Which partners the page names is known only after summing; reading every name is one
    # light query of two columns, even for thousands of partners.
    partners = {
        pk: short or name
        for pk, short, name in Partner.objects.filter(pk__in=partner_ids).values_list("pk", "short_name", "name")
    }
    specialties = {pk: str(s) for pk, s in Specialty.objects.in_bulk({k for k, _y in by_specialty}).items()}
    specialties[0] = _("Whole college (no specialty)")
    return {
        "years": years,
        "by_partner": Table.build(
            years, by_partner, partners, limit=limit, others_label=_("Other partners (%(count)d)")
        ),
        "by_kind": Table.build(years, by_kind, {k: str(v) for k, v in ContributionKind.choices}),
        "by_specialty": Table.build(years, by_specialty, specialties),
        "income": extrabudgetary_income(user, years=years),
    }


def extrabudgetary_income(user, *, years):
    """The amounts of the concluded consulting, contract-work and R&D contracts the college
    performs, by year and type (``Table``, one row per type)."""
    if not is_college_staff(user):
        return Table.build(years, {}, {})
    rows = (
        income_contracts()
        .filter(year__in=years)
        .values("type", "year")
        .annotate(amount=Sum("amount"))
        .values_list("type", "year", "amount")
        .order_by()
    )
    labels = {value: str(label) for value, label in ContractType.choices if value in INCOME_TYPES}
    return Table.build(years, {(kind, year): amount for kind, year, amount in rows}, labels)


def income_contracts():
    return Contract.objects.filter(
        type__in=INCOME_TYPES, state__in=INCOME_STATES, details__direction=COLLEGE_PERFORMS, amount__isnull=False
    )


def yearly_chart(table):
    """The per-kind table as Chart.js data: one stacked dataset per kind over the years."""
    return {
        "labels": [str(year) for year in table.years],
        "datasets": [
            {"label": str(label), "data": [float(amount or 0) for amount in cells]}
            for label, cells, _total in table.rows
        ],
    }


def partner_contributions_section(user, partner, latest=10):
    """The partner card's section «Вклад в развитие техникума»: the latest contributions, their
    count, the total and the total per kind (two queries)."""
    if not is_college_staff(user):
        return None
    contributions = contributions_visible_to(user).filter(partner=partner)
    rows = contributions.values("kind").annotate(amount=Sum("value"), n=Count("pk")).values_list("kind", "amount", "n")
    rows = list(rows.order_by())
    per_kind = {kind: amount for kind, amount, _n in rows}
    return {
        "template": "events/contributions/_partner_card_section.html",
        "contributions": list(contributions.order_by("-date", "-pk")[:latest]),
        "count": sum(n for _kind, _amount, n in rows),
        "total": sum(per_kind.values(), ZERO),
        "per_kind": [(label, per_kind[kind]) for kind, label in ContributionKind.choices if kind in per_kind],
        "can_manage": can_manage_contributions(user),
    }


def contributions_activity_source(partner_ids=None):
    """Partnership health: a partner's latest contribution (not a future-dated one) is activity."""
    contributions = Contribution.objects.filter(date__lte=timezone.localdate())
    if partner_ids is not None:
        contributions = contributions.filter(partner_id__in=partner_ids)
    return dict(
        contributions.values_list("partner_id").annotate(latest=Max("date")).values_list("partner_id", "latest")
    )


# --- Export -----------------------------------------------------------------------------------


def _table_sheet(workbook, title, key_label, table):
    sheet = workbook.create_sheet(title[:31])
    tabular.xlsx_append(sheet, [key_label, *table.years, _("Total")])
    for label, cells, total in table.rows:
        tabular.xlsx_append(sheet, [str(label), *(amount or ZERO for amount in cells), total])
    tabular.xlsx_append(sheet, [_("Total"), *table.totals, table.total])


def totals_xlsx(user, full):
    """An XLSX workbook: a sheet per table of ``contribution_totals`` (made with ``limit=None``:
    every partner by name) and the contributions of those years, one per row."""
    years = full["years"]
    workbook = Workbook(write_only=True)
    _table_sheet(workbook, _("By partner"), _("Partner"), full["by_partner"])
    _table_sheet(workbook, _("By kind"), _("Kind of contribution"), full["by_kind"])
    _table_sheet(workbook, _("By specialty"), _("Specialty"), full["by_specialty"])
    _table_sheet(workbook, _("Extrabudgetary income"), _("Contract type"), full["income"])
    sheet = workbook.create_sheet(_("Contributions"))
    tabular.xlsx_append(sheet, [_("Date"), _("Partner"), _("Kind of contribution"), _("What"), _("Value, roubles"), _("Inventory number"),
                    _("Specialty"), _("Programme"), _("Document")])  # fmt: skip
    kinds = {k: str(v) for k, v in ContributionKind.choices}
    rows = (
        contributions_visible_to(user)
        .filter(date__year__in=years)
        .order_by("date", "pk")
        .values_list("date", "partner__short_name", "partner__name", "kind", "description", "value",
                     "inventory_number", "specialty__code", "programme__name", "contract__number", "document")
    )  # fmt: skip
    for day, short, name, kind, what, value, inventory, code, programme, number, document in rows.iterator(
        chunk_size=2000
    ):
        reference = f"№ {number}" if number else document
        tabular.xlsx_append(sheet, [day, short or name, kinds.get(kind, kind), what, value, inventory, code or "",
                        programme or "", reference])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
