"""The cooperation agreement (соглашение о социальном партнёрстве и сотрудничестве) and the
joint-project agreement: «Техникум» is the college, «Партнёр» the partner; the document is an
«Соглашение» throughout and creates no financial obligations. The joint project carries its plan
(stages with dates and the responsible party) as Appendix 1, signed by both parties."""

import re

from django.utils.translation import gettext as _

from ..models import ContractType
from . import Kind

ROLES = {"college": "Техникум", "organisation": "Партнёр"}
CONCLUDED = "заключили настоящее Соглашение о нижеследующем"
_SEPARATOR = re.compile(r"\s*[;|]\s*")


def plan_stages(details):
    """The project plan, one stage a line: «stage; dates; responsible party» (``;`` or ``|``
    between them; what is missing stays empty)."""
    stages = []
    for line in str((details or {}).get("plan", "")).splitlines():
        if not line.strip():
            continue
        stage, dates, responsible = ([*_SEPARATOR.split(line.strip(), maxsplit=2), "", ""])[:3]
        stages.append({"stage": stage.strip(), "dates": dates.strip(), "responsible": responsible.strip()})
    return stages


def _text(details, name):
    return str((details or {}).get(name) or "").strip().rstrip(".")


def _cooperation_values(contract):
    return {"subject": contract.subject.strip()}


def _project_values(contract):
    details = contract.details or {}
    return {
        "project": contract.subject.strip().rstrip("."),
        "college_contribution": _text(details, "college_contribution"),
        "partner_contribution": _text(details, "partner_contribution"),
        "plan": plan_stages(details),
    }


def _project_problems(contract):
    details = contract.details or {}
    missing = []
    if not contract.subject.strip():
        missing.append(_("Name the project and its aim."))
    if not plan_stages(details):
        missing.append(
            _("Appendix 1 (the project plan) is empty: list the stages with their dates and the responsible party.")
        )
    if not _text(details, "college_contribution"):
        missing.append(_("Describe the college's contribution to the project."))
    if not _text(details, "partner_contribution"):
        missing.append(_("Describe the partner's contribution to the project."))
    return missing


KINDS = {
    ContractType.COOPERATION: Kind(
        title="СОГЛАШЕНИЕ О СОЦИАЛЬНОМ ПАРТНЁРСТВЕ И СОТРУДНИЧЕСТВЕ",
        short_title="Соглашение о сотрудничестве",
        roles=ROLES,
        concluded=CONCLUDED,
        values=_cooperation_values,
    ),
    ContractType.JOINT_PROJECT: Kind(
        title="СОГЛАШЕНИЕ О СОВМЕСТНОМ ПРОЕКТЕ",
        short_title="Соглашение о совместном проекте",
        roles=ROLES,
        concluded=CONCLUDED,
        values=_project_values,
        problems=_project_problems,
    ),
}
