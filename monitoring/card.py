"""Sections of the staff partner card that monitoring adds (registered in ``MonitoringConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from partnership_portal.accounts.permissions import is_college_staff

from .selectors.demand import partner_declarations

LATEST = 10


def partner_demand_section(user, partner):
    """The partner card's section «Потребность в кадрах»: its latest declarations and the people
    declared per year (two queries)."""
    if not is_college_staff(user):
        return None
    declarations = partner_declarations(partner)
    per_year, count = {}, 0
    for year, people in declarations.values_list("year", "people").order_by():
        per_year[year] = per_year.get(year, 0) + people
        count += 1
    return {
        "template": "monitoring/demand/_partner_card_section.html",
        "declarations": list(declarations[:LATEST]),
        "count": count,
        "per_year": sorted(per_year.items(), reverse=True),
    }


SECTIONS = [("demand", partner_demand_section, _("Hiring demand"), 70)]
