"""Validators shared by every app: ИНН, ОГРН, КПП, specialty codes, phone numbers, plausible dates,
and the one cleaning of person and organisation names."""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
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


# --- Plausible dates and clean names (issue 13) ------------------------------------------------

# The portal records the college's partnerships: nothing it holds happened before 1990 or is
# planned after 2100, and a date outside these years is a typo (31.12.9999) that would defeat the
# checks that compare dates (dormancy, expiry).
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
EARLIEST_BIRTH_YEAR = 1920
EARLIEST_HISTORY_YEAR = 1900


def validate_plausible_date(value):
    """A date (or datetime) between 1990 and 2100."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def validate_not_in_future(value):
    """A date that has already come (what happened, not what is planned)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")


def validate_birth_date(value):
    """A birth date between 1920 and today."""
    if value is not None and not (value.year >= EARLIEST_BIRTH_YEAR and value <= timezone.localdate()):
        raise ValidationError(
            _("Enter a birth date between %(earliest)s and today."),
            code="implausible_birth_date",
            params={"earliest": EARLIEST_BIRTH_YEAR},
        )


def validate_partnership_start(value):
    """The date a partnership began: it may go back to the enterprises that trained the college's
    students in Soviet times, so from 1900, and not after today."""
    if value is not None and not (value.year >= EARLIEST_HISTORY_YEAR and value <= timezone.localdate()):
        raise ValidationError(
            _("Enter a date between %(earliest)s and today."),
            code="implausible_past_date",
            params={"earliest": EARLIEST_HISTORY_YEAR},
        )


# The date bounds a field may declare; ``bound_dates`` gives a form field its model field's one.
DATE_BOUNDS = (validate_plausible_date, validate_birth_date, validate_partnership_start)


# Bidirectional embeddings, overrides and isolates and the LRM/RLM marks: they reorder how a name
# is shown (a «‮» makes «Иванов» read backwards) without being visible themselves.
_BIDI_CONTROLS = {chr(code) for code in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean_name(value):
    """A one-line name as it should be stored: control characters (CR, LF, tab, NUL …) become
    spaces, bidi controls are dropped, and runs of spaces become one."""
    if not isinstance(value, str):
        return value
    value = "".join(
        "" if character in _BIDI_CONTROLS else " " if unicodedata.category(character) == "Cc" else character
        for character in value
    )
    return " ".join(value.split())


# --- Plausible dates on every form, capped amounts and counts (issue 13, finding 8) -------------

# The largest sum of money the portal records: 100 billion roubles (10^11), far above any contract,
# contribution or programme of a college, and well inside the 14 digits (2 after the point) that
# the amount columns hold, which SQLite does not enforce itself.
MAX_AMOUNT = Decimal("100000000000")
AMOUNT_VALIDATORS = (MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT))
YEAR_VALIDATORS = (MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR))

_PICKER_BOUNDS = {
    "date": (f"{EARLIEST_YEAR}-01-01", f"{LATEST_YEAR}-12-31"),
    "datetime-local": (f"{EARLIEST_YEAR}-01-01T00:00", f"{LATEST_YEAR}-12-31T23:59"),
}


def bound_dates(form):
    """Every date and date-time field of ``form`` accepts only plausible dates, and its date
    picker offers only those: the bound its model field declares (a birth date, the start of a
    partnership), else 1990 to 2100. A field that already has a bound is left as it is."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.DateField | forms.DateTimeField):
            continue
        if any(validator in DATE_BOUNDS for validator in field.validators):
            continue
        declared = [v for v in getattr(_model_field(model, name), "_validators", ()) if v in DATE_BOUNDS]
        field.validators.extend(declared or [validate_plausible_date])
        if validate_plausible_date not in field.validators:
            continue
        bounds = _PICKER_BOUNDS.get(field.widget.attrs.get("type") or getattr(field.widget, "input_type", ""))
        if bounds:
            field.widget.attrs.setdefault("min", bounds[0])
            field.widget.attrs.setdefault("max", bounds[1])
    return form


def _model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def bound_numbers(form):
    """Every number field of a model form gets the bounds its model field declares (they are
    otherwise checked only when the instance is validated) and shows them to the number input."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField | forms.DecimalField):
            continue
        for validator in getattr(_model_field(model, name), "_validators", ()):
            if isinstance(validator, MinValueValidator | MaxValueValidator) and validator not in field.validators:
                field.validators.append(validator)
                attr = "min" if isinstance(validator, MinValueValidator) else "max"
                field.widget.attrs.setdefault(attr, str(validator.limit_value))
    return form


class PlausibleInputMixin:
    """A form whose date and date-time fields (declared, from the model, or added by the
    ``__init__`` of the classes after it) accept only plausible dates (``bound_dates``) and whose
    number fields keep their model's bounds (``bound_numbers``). List it first among the bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self)
        bound_numbers(self)
