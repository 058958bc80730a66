"""Validators shared by every app: ИНН, ОГРН, КПП, specialty codes and phone numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
SPECIALTY_CODE_RE = re.compile(r"^\d{2}\.0[12]\.\d{2}$")


def _check_digit(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value):
    """True for a 10-digit (organisation) or 12-digit (person) ИНН with correct check digits."""
    if not isinstance(value, str) or not value.isdigit() or not value.isascii():
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return _check_digit(digits, _INN10_WEIGHTS) == digits[9]
    if len(digits) == 12:
        return (
            _check_digit(digits, _INN12_WEIGHTS_11) == digits[10]
            and _check_digit(digits, _INN12_WEIGHTS_12) == digits[11]
        )
    return False


def inn_with_check_digits(prefix):
    """Completes a 9-digit prefix to a valid 10-digit ИНН (demo data and tests)."""
    digits = [int(c) for c in prefix]
    if len(digits) != 9:
        raise ValueError("prefix must have 9 digits")
    return prefix + str(_check_digit(digits, _INN10_WEIGHTS))


def validate_inn(value):
    if not value or not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError(_("The INN must have 10 or 12 digits."), code="inn_length")
    if not inn_is_valid(value):
        raise ValidationError(_("The INN check digit is wrong: check the number."), code="inn_checksum")


def ogrn_is_valid(value):
    """ОГРН (13 digits) or ОГРНИП (15 digits) with its control digit."""
    if not isinstance(value, str) or not value.isdigit() or not value.isascii():
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


def validate_ogrn(value):
    if not ogrn_is_valid(value):
        raise ValidationError(_("The OGRN must have 13 (or 15) digits with a correct check digit."), code="ogrn")


def validate_kpp(value):
    if not re.fullmatch(r"\d{4}[\dA-Z]{2}\d{3}", value or ""):
        raise ValidationError(_("The KPP must have 9 characters, for example 770101001."), code="kpp")


def validate_specialty_code(value):
    if not SPECIALTY_CODE_RE.match(value or ""):
        raise ValidationError(
            _("A specialty code looks like 15.02.16: two digits, 01 or 02, two digits."), code="specialty_code"
        )


PHONE_CHARACTERS_RE = re.compile(r"\+?[0-9 ()\-]+")


def validate_phone(value):
    """A phone number as people write it: +7 (343) 300-00-00. Digits, spaces, + ( ) - only, so
    nothing else (a formula, a link, a second line) can hide in it; 5 digits (a rural number)
    to 15 (the international maximum, ITU-T E.164)."""
    digits = sum(character.isdigit() for character in value or "")
    if not PHONE_CHARACTERS_RE.fullmatch(value or "") or not 5 <= digits <= 15:
        raise ValidationError(
            _("A phone number has 5 to 15 digits and only digits, spaces, +, brackets and hyphens."),
            code="phone",
        )
