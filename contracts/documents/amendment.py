"""The amendment (дополнительное соглашение): the parent's parties, defined names and student,
the changes as numbered items, and — for a practical-training contract — a new wording of
Appendix 1 (students) or Appendix 2 (premises), the yearly 885/390 workflow."""

from django.utils.translation import gettext as _

from ..models import ContractType
from . import Kind, kind_of
from .practice import appendix_students, premises_lines


def _parent_kind(contract):
    return kind_of(contract.parent.type) if contract.parent_id else None


def _roles(contract):
    parent = _parent_kind(contract)
    return parent.roles_for(contract.parent) if parent else {"college": "Техникум", "organisation": "Партнёр"}


def replaces(contract):
    """(appendix 1 replaced, appendix 2 replaced)."""
    details = contract.details or {}
    is_training = contract.parent_id and contract.parent.type == ContractType.PRACTICAL_TRAINING
    return bool(is_training and details.get("replace_appendix_1")), bool(
        is_training and details.get("replace_appendix_2")
    )


def _values(contract):
    lines = [line.strip() for line in contract.subject.splitlines() if line.strip()]
    one, two = replaces(contract)
    if one:
        lines.append(
            "Приложение № 1 к Договору изложить в редакции приложения № 1 к настоящему дополнительному соглашению."
        )
    if two:
        lines.append(
            "Приложение № 2 к Договору изложить в редакции приложения № 2 к настоящему дополнительному соглашению."
        )
    parent = _parent_kind(contract)
    return {
        "changes": "\n".join(f"1.{index}. {line}" for index, line in enumerate(lines, start=1)),
        "parent_title": parent.short_title if parent else "договор",
        "appendix_students": appendix_students(contract) if one else [],
        "premises": premises_lines(contract.details) if two else [],
    }


def _problems(contract):
    missing = []
    one, two = replaces(contract)
    if not contract.subject.strip() and not (one or two):
        missing.append(_("Write the changes to the contract."))
    if one and not contract.placements.exists():
        missing.append(_("The new Appendix 1 lists no students: choose the students."))
    if two and not premises_lines(contract.details):
        missing.append(_("The new Appendix 2 is empty: list the premises and equipment."))
    return missing


def _preamble(parties, concluded):
    from . import default_preamble
    from .practice import _tripartite_preamble

    if len(parties) == 3 and parties[2]["key"] == "student" and parties[0]["key"] == "college":
        return _tripartite_preamble(parties, concluded)
    return default_preamble(parties, concluded)


KINDS = {
    ContractType.AMENDMENT: Kind(
        title="ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ",
        short_title="Дополнительное соглашение",
        roles=_roles,
        concluded="заключили настоящее дополнительное соглашение о нижеследующем",
        values=_values,
        problems=_problems,
        preamble=_preamble,
    ),
}
