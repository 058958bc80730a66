"""The parties as a contract prints them: names, requisites, the signatory declined for «в лице …»,
the words that agree with each person, and what is missing before the contract may be issued.

Every function returns plain, JSON-ready data for the frozen snapshot."""

from django.utils.translation import gettext as _

from partners.models import College
from partnership_portal import russian
from partnership_portal.russian import GENITIVE, Gender


def day(value):
    return value.strftime("%d.%m.%Y") if value else ""


def _signature(name_parts, position):
    last, first, middle = name_parts
    return {
        "name": " ".join(p for p in name_parts if p),
        "initials": russian.initials(last, first, middle) if last else "",
        "position": position,
    }


def _with_intro(party):
    """«<name>, именуемое в дальнейшем «<role>», в лице <genitive>, действующего на основании <basis>»."""
    party["intro"] = (
        f"{party['name']}, {party['named']} в дальнейшем «{party['role']}», в лице {party['in_person']}, "
        f"{party['acting']} на основании {party['basis']}"
    )
    return party


def college_party(role):
    college = College.current()
    parts = russian.split_full_name(college.director_name)
    gender = russian.detect_gender(parts[1], parts[2], college.director_gender)
    return _with_intro({
        "key": "college",
        "role": role,
        "name": college.name,
        "short_name": college.short_name,
        "inn": college.inn,
        "kpp": college.kpp,
        "ogrn": college.ogrn,
        "address": college.legal_address,
        "phone": college.phone,
        "email": college.email,
        "bank_details": college.bank_details,
        "signatory": _signature(parts, college.director_position),
        "in_person": college.director_in_person or russian.in_person(college.director_position, *parts, gender),
        "basis": college.director_basis,
        "named": russian.organisation_named(college.name),
        "acting": russian.agree(gender, "действующего", "действующей"),
        "city": college.city,
    })  # fmt: skip


def organisation_party(contract, role):
    partner, signatory = contract.partner, contract.partner_signatory
    gender = None
    parts = ("", "", "")
    if signatory is not None:
        parts = (signatory.last_name, signatory.first_name, signatory.middle_name)
        gender = russian.detect_gender(signatory.first_name, signatory.middle_name, signatory.gender)
    in_person = contract.partner_in_person.strip() or (
        russian.in_person(signatory.position, *parts, gender) if signatory else ""
    )
    return _with_intro({
        "key": "organisation",
        "role": role,
        "name": partner.name,
        "short_name": partner.display_name,
        "inn": partner.inn,
        "kpp": partner.kpp,
        "ogrn": partner.ogrn,
        "address": partner.legal_address,
        "actual_address": partner.actual_address,
        "phone": partner.phone,
        "email": partner.email,
        "bank_details": partner.bank_details,
        "signatory": _signature(parts, signatory.position if signatory else ""),
        "in_person": in_person,
        "basis": contract.partner_basis.strip(),
        "named": russian.organisation_named(partner.name),
        "acting": russian.agree(gender, "действующего", "действующей"),
    })  # fmt: skip


def guardian_of(contract, student):
    """The legal representative as the contract prints them (the contract's own entry wins over
    the student's card)."""
    name = (contract.guardian_name or student.guardian_name).strip()
    document = (contract.details or {}).get("guardian_document") or student.guardian_document
    parts = russian.split_full_name(name)
    gender = russian.detect_gender(parts[1], parts[2])
    return {
        "name": name,
        "name_genitive": russian.decline_name(*parts, GENITIVE, gender),
        "initials": russian.initials(*parts) if name else "",
        "document": document.strip(),
        "words": russian.agreement(gender),
    }


def student_party(contract, role, *, student=None, signed_on=None):
    student = student or contract.student
    if student is None:
        return None
    signed_on = signed_on or contract.signed_on
    gender = russian.detect_gender(student.first_name, student.middle_name, student.gender)
    age = student.age_on(signed_on)
    is_minor = age is not None and age < 18
    parts = (student.last_name, student.first_name, student.middle_name)
    words = russian.agreement(gender)
    specialty = student.group.specialty
    party = {
        "key": "student",
        "role": role,
        "name": student.full_name,
        "name_genitive": russian.decline_name(*parts, GENITIVE, gender),
        "initials": russian.initials(*parts),
        "gender": gender.value if gender else "",
        "birth_date": day(student.birth_date),
        "group": student.group.name,
        "specialty": f"{specialty.code} {specialty.name}",
        "specialty_code": specialty.code,
        "is_minor": is_minor,
        "guardian": guardian_of(contract, student) if is_minor else None,
        "words": words,
    }
    # The citizen's passport, registration address and bank details for support payments: the
    # targeted-training form keeps them with the contract (``details``); the requisites print them.
    details = contract.details or {}
    for key in ("passport", "address", "bank_details"):
        if str(details.get(key) or "").strip():
            party[key] = str(details[key]).strip()
    intro = (
        f"{party['name']}, {party['birth_date']} года рождения, {words['student']} группы {party['group']} "
        f"по специальности {party['specialty']}, {words['named']} в дальнейшем «{role}»"
    )
    if is_minor:
        guardian = party["guardian"]
        acting = russian.agree(gender, "действующий", "действующая")
        intro += (
            f", {acting} с письменного согласия законного представителя {guardian['name_genitive']}"
            f" ({guardian['document']})"
        )
    party["intro"] = intro
    return party


# --- What must be filled before a contract is issued --------------------------------------------


def college_problems(*, priced=False):
    college = College.current()
    missing = []
    for field, label in (("inn", _("INN")), ("ogrn", _("OGRN")), ("legal_address", _("legal address")),
                         ("director_name", _("director's full name")), ("director_position", _("director's position")),
                         ("director_basis", _("director's authority basis"))):  # fmt: skip
        if not str(getattr(college, field)).strip():
            missing.append(
                _("The college's requisites have no %(field)s (administration → College).") % {"field": label}
            )
    if priced and not college.bank_details.strip():
        missing.append(_("The college's requisites have no bank details (administration → College)."))
    parts = russian.split_full_name(college.director_name)
    if college.director_name.strip() and russian.detect_gender(parts[1], parts[2], college.director_gender) is None:
        missing.append(_("The director's gender cannot be told from the name: set it in administration → College."))
    return missing


def organisation_problems(contract, *, priced=False):
    partner, signatory = contract.partner, contract.partner_signatory
    missing = []
    name = partner.display_name
    for field, label in (("inn", _("INN")), ("ogrn", _("OGRN")), ("legal_address", _("legal address"))):
        if not str(getattr(partner, field)).strip():
            missing.append(_("%(partner)s has no %(field)s in its card.") % {"partner": name, "field": label})
    if priced and not partner.bank_details.strip():
        missing.append(_("%(partner)s has no bank details in its card.") % {"partner": name})
    if signatory is None:
        missing.append(_("Choose the signatory of the organisation."))
        return missing
    if not contract.partner_basis.strip():
        missing.append(_("Give the basis on which the signatory acts («acting on the basis of»)."))
    if not signatory.position.strip() and not contract.partner_in_person.strip():
        missing.append(_("The signatory %(name)s has no position in the contact card.") % {"name": signatory.full_name})
    if russian.detect_gender(signatory.first_name, signatory.middle_name, signatory.gender) is None:
        missing.append(
            _("The gender of %(name)s cannot be told from the name: set it in the contact card.")
            % {"name": signatory.full_name}
        )
    return missing


def student_problems(contract, *, student=None, need_guardian_document=True):
    student = student or contract.student
    if student is None:
        return [_("Choose the student.")]
    missing = []
    if student.birth_date is None:
        missing.append(_("%(name)s has no birth date in the student card.") % {"name": student.full_name})
    if russian.detect_gender(student.first_name, student.middle_name, student.gender) is None:
        missing.append(
            _("The gender of %(name)s cannot be told from the name: set it in the student card.")
            % {"name": student.full_name}
        )
    age = student.age_on(contract.signed_on)
    if age is not None and age < 18:
        guardian = guardian_of(contract, student)
        if not guardian["name"]:
            missing.append(
                _("%(name)s is under 18 on the date of the contract: give the legal representative's full name.")
                % {"name": student.full_name}
            )
        elif need_guardian_document and not guardian["document"]:
            missing.append(
                _("Give the document of the legal representative of %(name)s (student card).")
                % {"name": student.full_name}
            )
    return missing


__all__ = ["Gender", "college_party", "organisation_party", "student_party", "day"]
