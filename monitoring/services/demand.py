"""Writes of hiring demand: declarations, and the import of the employment centre's vacancy data.

An import is checked as a whole before anything is written: each bad row is listed with its
reasons, and only a file without errors can be confirmed; confirming writes every row in one
transaction (all or nothing).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Partner, Specialty
from partnership_portal import tabular
from partnership_portal.models import ImportStatus
from partnership_portal.tabular import Column
from partnership_portal.validators import clean_name

from ..models import DemandDeclaration, DemandImport, DemandSource
from ..models.demand import COMMENT_MAX, MAX_PEOPLE, MAX_SALARY

# A hiring year further than this from today is a typo (the check moves with the calendar).
YEARS_BACK, YEARS_AHEAD = 10, 10
MAX_ROWS = 10_000

FIELDS = ("specialty", "year", "people", "salary_from", "salary_to", "housing", "targeted_training",
          "offer_number", "comment", "source", "source_name", "partner", "employer_name")  # fmt: skip


def year_bounds():
    year = timezone.localdate().year
    return year - YEARS_BACK, year + YEARS_AHEAD


def year_error(year):
    """The message for a hiring year outside the bounds, or None."""
    first, last = year_bounds()
    if year is not None and not first <= year <= last:
        return _("Enter a year between %(first)d and %(last)d.") % {"first": first, "last": last}
    return None


def _validate(declaration):
    errors = {}
    message = year_error(declaration.year)
    if message:
        errors["year"] = [message]
    try:
        declaration.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _apply(declaration, fields):
    for name in ("source_name", "employer_name", "offer_number"):
        if name in fields:
            fields[name] = clean_name(fields[name] or "")
    if "comment" in fields:
        fields["comment"] = (fields["comment"] or "").strip()
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(declaration, name, value)
    if declaration.source != DemandSource.OTHER:
        declaration.source_name = ""
    if not declaration.targeted_training:
        declaration.offer_number = ""


@transaction.atomic
def declaration_create(*, created_by, **fields):
    """Records a demand declaration (an employer's own, or staff's from any source)."""
    declaration = DemandDeclaration(created_by=created_by)
    _apply(declaration, fields)
    _validate(declaration)
    declaration.save()
    return declaration


@transaction.atomic
def declaration_update(*, declaration, **fields):
    _apply(declaration, fields)
    _validate(declaration)
    declaration.save()
    return declaration


@transaction.atomic
def declaration_delete(*, declaration):
    """Deletes (an employer: withdraws) a declaration."""
    declaration.delete()


# --- Import of the employment centre's vacancy data ------------------------------------------------


COLUMNS = [
    Column("specialty", gettext_lazy("Specialty code"), required=True),
    Column("year", gettext_lazy("Year"), required=True),
    Column("people", gettext_lazy("Number of people"), required=True),
    Column("salary_from", gettext_lazy("Salary from"), required=False),
    Column("salary_to", gettext_lazy("Salary to"), required=False),
    Column("employer_name", gettext_lazy("Employer"), required=False),
    Column("comment", gettext_lazy("Comment"), required=False),
]


def read_table(uploaded):
    return tabular.read_table(uploaded, COLUMNS, max_rows=MAX_ROWS)


def _whole_number(text, *, low, high, label):
    """(value, error): a whole number between ``low`` and ``high`` written with or without spaces
    and a «.0» a spreadsheet adds; an error message otherwise."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        return None, _("%(label)s: «%(value)s» is not a whole number") % {"label": label, "value": text}
    value = int(cleaned)
    if not low <= value <= high:
        return None, _("%(label)s: %(value)d is not between %(low)d and %(high)d") % {
            "label": label,
            "value": value,
            "low": low,
            "high": high,
        }
    return value, None


def _partners_by_name():
    """Register names (full and short, normalised) that name exactly one partner."""
    seen = {}
    for pk, name, short in Partner.objects.values_list("pk", "name", "short_name"):
        for key in {tabular.normal(name), tabular.normal(short)} - {""}:
            seen.setdefault(key, set()).add(pk)
    return {key: next(iter(pks)) for key, pks in seen.items() if len(pks) == 1}


def check_rows(rows):
    """Validates every row; returns (cleaned rows, errors). Nothing is written."""
    specialties = dict(Specialty.objects.values_list("code", "pk"))
    partners = _partners_by_name()
    first, last = year_bounds()
    name_limit = DemandDeclaration._meta.get_field("employer_name").max_length
    cleaned, errors = [], []
    for row in rows:
        line, values = row["line"], row["values"]
        messages = []
        data = {}
        code = values.get("specialty", "").strip()
        if not code:
            messages.append(_("the specialty code is missing"))
        elif code not in specialties:
            messages.append(_("unknown specialty code %(code)s") % {"code": code})
        else:
            data["specialty"] = specialties[code]
        for field, label, low, high, required in (
            ("year", _("Year"), first, last, True),
            ("people", _("Number of people"), 1, MAX_PEOPLE, True),
            ("salary_from", _("Salary from"), 0, MAX_SALARY, False),
            ("salary_to", _("Salary to"), 0, MAX_SALARY, False),
        ):
            text = values.get(field, "").strip()
            if not text:
                if required:
                    messages.append(_("%(label)s is missing") % {"label": label})
                continue
            value, error = _whole_number(text, low=low, high=high, label=label)
            if error:
                messages.append(error)
            else:
                data[field] = value
        low, high = data.get("salary_from"), data.get("salary_to")
        if low is not None and high is not None and high < low:
            messages.append(_("the salary «to» is less than the salary «from»"))
        employer = clean_name(values.get("employer_name", ""))
        if len(employer) > name_limit:
            messages.append(_("Employer is longer than %(limit)d characters") % {"limit": name_limit})
        data["employer_name"] = employer
        partner = partners.get(tabular.normal(employer)) if employer else None
        if partner:
            data["partner"] = partner
        comment = values.get("comment", "").strip()
        if len(comment) > COMMENT_MAX:
            messages.append(_("Comment is longer than %(limit)d characters") % {"limit": COMMENT_MAX})
        data["comment"] = comment
        if messages:
            errors.append({"line": line, "specialty": code, "employer": employer, "messages": messages})
        else:
            cleaned.append({"line": line, "values": data, "specialty_code": code})
    return cleaned, errors


@transaction.atomic
def import_create(*, uploaded, uploaded_by):
    """Reads and checks an uploaded file; stores the result for preview. Writes no declaration."""
    return DemandImport.stage(
        uploaded=uploaded,
        uploaded_by=uploaded_by,
        read=read_table,
        check=check_rows,
        file_error=lambda message: {"line": None, "specialty": "", "employer": "", "messages": [message]},
    )


@transaction.atomic
def import_apply(*, demand_import, applied_by):
    """Writes every row of a checked import as employment-centre demand, all or nothing."""
    demand_import = DemandImport.objects.select_for_update().get(pk=demand_import.pk)
    if demand_import.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import cannot be confirmed (it has errors or was already done)."))
    rows = [row["values"] for row in demand_import.rows]
    specialties = set(Specialty.objects.filter(pk__in={row["specialty"] for row in rows}).values_list("pk", flat=True))
    partners = set(
        Partner.objects.filter(pk__in={row["partner"] for row in rows if row.get("partner")}).values_list(
            "pk", flat=True
        )
    )
    if any(row["specialty"] not in specialties for row in rows):
        raise ValidationError(_("A specialty of this file was deleted since it was checked; upload it again."))
    declarations = [
        DemandDeclaration(
            specialty_id=row["specialty"],
            year=row["year"],
            people=row["people"],
            salary_from=row.get("salary_from"),
            salary_to=row.get("salary_to"),
            employer_name=row.get("employer_name", ""),
            partner_id=row["partner"] if row.get("partner") in partners else None,
            comment=row.get("comment", ""),
            source=DemandSource.EMPLOYMENT_CENTRE,
            imported_from=demand_import,
            created_by=applied_by,
        )
        for row in rows
    ]
    DemandDeclaration.objects.bulk_create(declarations, batch_size=1000)
    demand_import.status = ImportStatus.DONE
    demand_import.created_count = len(declarations)
    demand_import.finished_at = timezone.now()
    demand_import.rows = []  # the data now lives in the declarations
    demand_import.save()
    return demand_import
