"""The practical-training contract (примерная форма приказа № 885/390 от 05.08.2020) and the
tripartite practice contract built on it: «Организация» is the college, «Профильная
организация» the partner, «Обучающийся» the student."""

from django.utils.translation import gettext as _

from partnership_portal import russian

from ..models import ContractType
from . import Kind
from .parties import day

PRACTICE_ROLES = {"college": "Организация", "organisation": "Профильная организация"}


def appendix_students(contract, placements=None):
    """Appendix 1: the components of the programme (a practice period with its dates), the
    number of students and their names."""
    if placements is None:
        placements = list(
            contract.placements.select_related("student__group__specialty", "period").order_by(
                "period__start_date", "student__last_name", "student__first_name"
            )
        )
        if contract.placement_id and not placements:
            placements = [contract.placement]
    components = {}
    for placement in placements:
        period, student = placement.period, placement.student
        key = (period.pk, placement.start_date, placement.end_date)
        component = components.setdefault(key, {
            "programme": f"{student.group.specialty.code} {student.group.specialty.name}",
            "component": f"{period.get_kind_display()}{', ' + period.module if period.module else ''}",
            "hours": period.hours,
            "start": day(placement.start_date),
            "end": day(placement.end_date),
            "students": [],
        })  # fmt: skip
        component["students"].append({"name": student.full_name, "group": student.group.name})
    number = 0
    for component in components.values():  # one running number through the list of names
        for row in component["students"]:
            number += 1
            row["number"] = number
    return list(components.values())


def premises_lines(details):
    return [line.strip() for line in str((details or {}).get("premises", "")).splitlines() if line.strip()]


def _training_values(contract):
    return {"appendix_students": appendix_students(contract), "premises": premises_lines(contract.details)}


def _training_problems(contract):
    missing = []
    if not contract.placements.exists():
        missing.append(_("Appendix 1 lists no students: choose the students placed with the organisation."))
    if not premises_lines(contract.details):
        missing.append(_("Appendix 2 is empty: list the organisation's premises and equipment."))
    return missing


def _tripartite_values(contract):
    placement = contract.placement
    partner = contract.partner
    start = placement.start_date if placement else contract.start_date
    end = placement.end_date if placement else contract.end_date
    student = contract.student
    is_minor = bool(
        student and student.age_on(contract.signed_on) is not None and student.age_on(contract.signed_on) < 18
    )
    return {
        "practice_start": day(start),
        "practice_end": day(end),
        "practice_address": partner.actual_address or partner.legal_address,
        "paid_post": str((contract.details or {}).get("paid_post", "")).strip(),
        "minor_consent": " и его законный представитель" if is_minor else "",
        "appendix_students": appendix_students(contract),
    }


def _tripartite_preamble(parties, concluded):
    college, organisation, student = parties
    return (
        f"{college['intro']}, с одной стороны, {organisation['intro']}, с другой стороны, и {student['intro']}, "
        f"с третьей стороны, совместно именуемые «Стороны», {concluded}:"
    )


def _tripartite_problems(contract):
    partner = contract.partner
    if not (partner.actual_address or partner.legal_address).strip():
        return [_("%(partner)s has no address where the practice takes place.") % {"partner": partner.display_name}]
    return []


KINDS = {
    ContractType.PRACTICAL_TRAINING: Kind(
        title="ДОГОВОР О ПРАКТИЧЕСКОЙ ПОДГОТОВКЕ ОБУЧАЮЩИХСЯ",
        short_title="Договор о практической подготовке",
        roles=PRACTICE_ROLES,
        values=_training_values,
        problems=_training_problems,
    ),
    ContractType.TRIPARTITE_PRACTICE: Kind(
        title="ТРЁХСТОРОННИЙ ДОГОВОР О ПРАКТИЧЕСКОЙ ПОДГОТОВКЕ ОБУЧАЮЩЕГОСЯ",
        short_title="Трёхсторонний договор о практической подготовке",
        roles={**PRACTICE_ROLES, "student": "Обучающийся"},
        values=_tripartite_values,
        problems=_tripartite_problems,
        preamble=_tripartite_preamble,
    ),
}

__all__ = ["KINDS", "russian"]
