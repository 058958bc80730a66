"""The targeted-training contract (типовая форма договора о целевом обучении по образовательной
программе среднего профессионального образования, ПП РФ № 555 от 27.04.2024): «Заказчик» is the
partner (the future employer), «Гражданин» the student, «Образовательная организация» the college.

The employment deadline is printed as the model form words it — a number of months after the
citizen leaves the college on graduating — never as a date: academic leave or a repeated year
moves the graduation, and a fixed date would then bind the citizen to an impossible term. The
date in ``details["employment_deadline"]`` is only the estimate the obligation tracking uses."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partnership_portal import russian

from ..models import ContractType
from . import Kind

ROLES = {"organisation": "Заказчик", "student": "Гражданин", "college": "Образовательная организация"}

FORMS_OF_STUDY = {"full_time": "очная", "part_time": "очно-заочная", "extramural": "заочная"}
EDUCATION_BASES = {"basic": "основного общего образования", "secondary": "среднего общего образования"}

# The citizen's own entries that the document cannot do without (field, label for the message).
REQUIRED_TERMS = (
    ("okved", gettext_noop("the OKVED code of the customer")),
    ("future_place", gettext_noop("the place of work")),
    ("future_position", gettext_noop("the post")),
    ("pay_conditions", gettext_noop("the pay conditions")),
    ("support_measures", gettext_noop("the support measures")),
    ("employment_months", gettext_noop("the employment term in months")),
    ("form_of_study", gettext_noop("the form of study")),
)


def _plural(number, one, few, many):
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def months_after(number):
    """«3 месяцев», «1 месяца», «21 месяца» (after «не более»)."""
    return f"{number} {_plural(number, 'месяца', 'месяцев', 'месяцев')}"


def years_term(number):
    """«3 года», «5 лет» (after «составляет»)."""
    return f"{number} {_plural(number, 'год', 'года', 'лет')}"


def _text(details, name):
    return str(details.get(name) or "").strip()


def _values(contract):
    details = contract.details or {}
    student = contract.student
    months = details.get("employment_months")
    work_years = int(details.get("work_years") or 3)
    minor = bool(student and (age := student.age_on(contract.signed_on)) is not None and age < 18)
    return {
        "okved": _text(details, "okved"),
        "future_place": _text(details, "future_place"),
        "future_position": _text(details, "future_position"),
        "pay_conditions": _text(details, "pay_conditions").rstrip("."),
        "support_measures": _text(details, "support_measures").rstrip("."),
        "employment_term": months_after(int(months)) if months else "",
        "work_term": years_term(work_years),
        "form_of_study": FORMS_OF_STUDY.get(details.get("form_of_study"), ""),
        "education_base": EDUCATION_BASES.get(details.get("education_base"), ""),
        "portal_offer_number": _text(details, "portal_offer_number"),
        "group": student.group.name if student else "",
        "minor": "yes" if minor else "",
    }


def _problems(contract):
    details = contract.details or {}
    name = contract.student.full_name if contract.student else ""
    missing = []
    if not _text(details, "passport"):
        missing.append(
            _("Give the passport details of %(name)s (series, number, issued by, date of issue).") % {"name": name}
        )
    if not _text(details, "address"):
        missing.append(_("Give the registration address of %(name)s.") % {"name": name})
    for field, label in REQUIRED_TERMS:
        if not _text(details, field):
            missing.append(_("The targeted-training contract does not give %(field)s.") % {"field": _(label)})
    return missing


def _preamble(parties, concluded):
    """«<Заказчик>, с одной стороны, гражданин(ка) <ФИО>, …, с другой стороны, и <Образовательная
    организация>, с третьей стороны, совместно именуемые «Стороны», …» — the order of the model form."""
    by_key = {party["key"]: party for party in parties}
    organisation, citizen, college = by_key["organisation"], by_key["student"], by_key["college"]
    gender = russian.Gender(citizen["gender"]) if citizen["gender"] else None
    words = citizen["words"]
    intro = (
        f"{words['citizen']} {citizen['name']}, {citizen['birth_date']} года рождения, {words['student']} группы "
        f"{citizen['group']} по специальности {citizen['specialty']}, {words['named']} в дальнейшем «{citizen['role']}»"
    )
    if citizen["is_minor"] and citizen["guardian"]:
        guardian = citizen["guardian"]
        acting = russian.agree(gender, "действующий", "действующая")
        intro += (
            f", {acting} с письменного согласия законного представителя {guardian['name_genitive']}"
            f" ({guardian['document']})"
        )
    return (
        f"{organisation['intro']}, с одной стороны, {intro}, с другой стороны, и {college['intro']}, "
        f"с третьей стороны, совместно именуемые «Стороны», {concluded}:"
    )


KINDS = {
    ContractType.TARGETED_TRAINING: Kind(
        title="ДОГОВОР О ЦЕЛЕВОМ ОБУЧЕНИИ ПО ОБРАЗОВАТЕЛЬНОЙ ПРОГРАММЕ СРЕДНЕГО ПРОФЕССИОНАЛЬНОГО ОБРАЗОВАНИЯ",
        short_title="Договор о целевом обучении",
        roles=ROLES,
        concluded="заключили настоящий договор о нижеследующем",
        values=_values,
        problems=_problems,
        preamble=_preamble,
    )
}
