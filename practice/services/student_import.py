"""Import of study groups with their students from XLSX/CSV.

An import is checked as a whole before anything is written: each bad row is listed with its
reasons, and only a file without errors can be confirmed; confirming writes every row in one
transaction. Groups are matched by name (and created when new); students are matched by group,
full name and birth date, and updated rather than duplicated.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Specialty
from partnership_portal import tabular
from partnership_portal.tabular import Column
from partnership_portal.validators import validate_phone

from ..models import Student, StudentImport, StudentStatus, StudyGroup
from . import reference

MAX_ROWS = 10_000
FIRST_YEAR, LAST_YEAR = 1990, 2100

COLUMNS = [
    Column("group", gettext_lazy("Group"), required=True),
    Column("specialty", gettext_lazy("Specialty"), required=True),
    Column("admission_year", gettext_lazy("Admission year"), required=True),
    Column("graduation_year", gettext_lazy("Graduation year"), required=True),
    Column("last_name", gettext_lazy("Last name"), required=True),
    Column("first_name", gettext_lazy("First name"), required=True),
    Column("middle_name", gettext_lazy("Patronymic")),
    Column("birth_date", gettext_lazy("Birth date")),
    Column("email", gettext_lazy("E-mail")),
    Column("phone", gettext_lazy("Phone")),
    Column("status", gettext_lazy("Status")),
]
TEXT_FIELDS = ("group", "specialty", "last_name", "first_name", "middle_name", "email", "phone")
# The model field that limits the length of each text column.
LIMITED_BY = {
    "group": (StudyGroup, "name"),
    **{field: (Student, field) for field in ("last_name", "first_name", "middle_name", "email", "phone")},
}
# Written to an existing student only when the cell is not empty.
UPDATABLE_FIELDS = ("email", "phone", "status")
STUDENT_FIELDS = ("last_name", "first_name", "middle_name", *UPDATABLE_FIELDS)

EXAMPLE_ROW = ["ТМ-25-1", "15.02.16", 2025, 2029, "Иванов", "Иван", "Иванович", "17.05.2009", "ivanov@example.ru",
               "+7 900 000-00-00"]  # fmt: skip


def read_table(uploaded):
    """The rows of an uploaded XLSX or CSV file with the import's columns."""
    return tabular.read_table(uploaded, COLUMNS, max_rows=MAX_ROWS)


def template_rows():
    """The header and an example row of the downloadable template, in the active language."""
    return [[str(column.label) for column in COLUMNS], [*EXAMPLE_ROW, str(StudentStatus.STUDYING.label)]]


def person_key(group_name, last_name, first_name, middle_name, birth_date):
    """What identifies a student: the group and the full name (case and ё/е aside) and birth date."""
    names = tuple(tabular.normal(name) for name in (last_name, first_name, middle_name))
    return (group_name, *names, birth_date.isoformat() if isinstance(birth_date, dt.date) else birth_date or "")


def _row_key(values):
    return person_key(
        values["group"], values["last_name"], values["first_name"], values.get("middle_name", ""),
        values.get("birth_date"),
    )  # fmt: skip


def _full_name(data):
    return " ".join(part for part in (data["last_name"], data["first_name"], data["middle_name"]) if part)


# --- Checking rows --------------------------------------------------------------------------


def _year(text, label, messages):
    if not text:
        messages.append(_("%(label)s: missing") % {"label": label})
        return None
    try:
        year = int(text)
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        messages.append(_("%(label)s: not a year (use 2025)") % {"label": label})
        return None
    return year


def _group_definition(line, data, years, specialties, existing_groups, file_groups, messages):
    """Checks that the row describes its group as the register and the file's other rows do."""
    name, code = data["group"], data["specialty"]
    if not name or code not in specialties or None in years:
        return
    definition = (code, *years)
    group = existing_groups.get(name)
    if group is not None:
        current = (group.specialty.code, group.admission_year, group.graduation_year)
        if current != definition:
            messages.append(
                _("group %(group)s is already in the register with specialty %(specialty)s and years %(years)s")
                % {"group": name, "specialty": current[0], "years": f"{current[1]}–{current[2]}"}
            )
        return
    first_line, first_definition = file_groups.setdefault(name, (line, definition))
    if first_definition != definition:
        messages.append(
            _("group %(group)s has another specialty or other years in the row %(line)d of the file")
            % {"group": name, "line": first_line}
        )


def check_rows(rows):
    """Validates every row; returns (cleaned rows, errors). Nothing is written."""
    specialties = set(Specialty.objects.values_list("code", flat=True))
    names = {" ".join(row["values"].get("group", "").split()) for row in rows}
    existing_groups = StudyGroup.objects.select_related("specialty").in_bulk(names - {""}, field_name="name")
    file_groups, seen_students, status_codes = {}, {}, {}
    today = timezone.localdate()
    email_validator = EmailValidator()
    cleaned, errors = [], []
    for row in rows:
        line, values = row["line"], row["values"]
        messages = []
        data = {field: " ".join(values.get(field, "").split()) for field in TEXT_FIELDS}
        if not data["group"]:
            messages.append(_("the group is missing"))
        if not data["specialty"]:
            messages.append(_("the specialty is missing"))
        elif data["specialty"] not in specialties:
            messages.append(_("unknown specialty code %(code)s") % {"code": data["specialty"]})
        years = (
            _year(values.get("admission_year", ""), _("Admission year"), messages),
            _year(values.get("graduation_year", ""), _("Graduation year"), messages),
        )
        data["admission_year"], data["graduation_year"] = years
        if None not in years and years[1] < years[0]:
            messages.append(_("the graduation year is before the admission year"))
            years = (None, None)
        _group_definition(line, data, years, specialties, existing_groups, file_groups, messages)
        if not data["last_name"]:
            messages.append(_("the last name is missing"))
        if not data["first_name"]:
            messages.append(_("the first name is missing"))
        data["birth_date"] = None
        if values.get("birth_date"):
            day = tabular.parse_date(values["birth_date"])
            if day is None:
                messages.append(_("Birth date: not a date (use 31.12.2006)"))
            elif day >= today:
                messages.append(_("Birth date: not in the past"))
            else:
                data["birth_date"] = day.isoformat()
        if data["email"]:
            try:
                email_validator(data["email"])
            except ValidationError as exc:
                messages.append(f"{_('E-mail')}: {exc.messages[0]}")
        if data["phone"]:
            try:
                validate_phone(data["phone"])
            except ValidationError as exc:
                messages.append(f"{_('Phone')}: {exc.messages[0]}")
        data["status"] = None
        if values.get("status"):
            if values["status"] not in status_codes:  # a file repeats a few values: look each up once
                status_codes[values["status"]] = tabular.choice_code(values["status"], StudentStatus)
            data["status"] = status_codes[values["status"]]
            if data["status"] is None:
                messages.append(
                    _("%(label)s: unknown value «%(value)s»") % {"label": _("Status"), "value": values["status"]}
                )
        for field, (model, name) in LIMITED_BY.items():
            model_field = model._meta.get_field(name)
            if len(data[field]) > model_field.max_length:
                messages.append(
                    _("%(field)s is longer than %(limit)d characters")
                    % {"field": capfirst(model_field.verbose_name), "limit": model_field.max_length}
                )
        if (
            data["group"]
            and data["last_name"]
            and data["first_name"]
            and not (values.get("birth_date") and data["birth_date"] is None)
        ):
            key = _row_key(data)
            if key in seen_students:
                messages.append(
                    _("the student repeats the row %(line)d of the file (same group, full name and birth date)")
                    % {"line": seen_students[key]}
                )
            else:
                seen_students[key] = line
        if messages:
            errors.append({"line": line, "group": data["group"], "name": _full_name(data), "messages": messages})
        else:
            cleaned.append({"line": line, "values": {k: v for k, v in data.items() if v not in ("", None)}})
    return cleaned, errors


# --- Services -------------------------------------------------------------------------------


@transaction.atomic
def import_create(*, uploaded, uploaded_by):
    """Reads and checks an uploaded file; stores the result for preview. Writes no group or student."""
    return StudentImport.stage(
        uploaded=uploaded,
        uploaded_by=uploaded_by,
        read=read_table,
        check=check_rows,
        file_error=lambda message: {"line": None, "group": "", "name": "", "messages": [message]},
    )


def _existing_students(group_names):
    """The students of these groups by ``person_key``."""
    students = Student.objects.filter(group__name__in=group_names).select_related("group")
    return {person_key(s.group.name, s.last_name, s.first_name, s.middle_name, s.birth_date): s for s in students}


def import_plan(student_import):
    """How many groups and students are new and how many are updated; the lines that update."""
    values = [row["values"] for row in student_import.rows]
    group_names = {row["group"] for row in values}
    existing_groups = set(StudyGroup.objects.filter(name__in=group_names).values_list("name", flat=True))
    existing = _existing_students(group_names)
    update_lines = {row["line"] for row in student_import.rows if _row_key(row["values"]) in existing}
    return {
        "groups_create": len(group_names - existing_groups),
        "groups_existing": len(existing_groups),
        "create": len(values) - len(update_lines),
        "update": len(update_lines),
        "update_lines": update_lines,
    }


def _row_error(line, error):
    return ValidationError(_("Row %(line)d: %(errors)s") % {"line": line, "errors": " ".join(error.messages)})


@transaction.atomic
def import_apply(*, student_import, applied_by):
    """Writes every row of a checked import, all or nothing: creates the new groups, creates or
    updates the students. A row that no longer fits the register (changed since the check)
    cancels the whole import with its line number."""
    student_import = StudentImport.objects.select_for_update().get(pk=student_import.pk)
    if student_import.status != StudentImport.Status.PREVIEW:
        raise ValidationError(_("This import cannot be confirmed (it has errors or was already done)."))
    rows = student_import.rows
    specialties = Specialty.objects.in_bulk({row["values"]["specialty"] for row in rows}, field_name="code")
    groups = StudyGroup.objects.select_related("specialty").in_bulk(
        {row["values"]["group"] for row in rows}, field_name="name"
    )
    existing = _existing_students(list(groups))
    to_create, to_update, matched = [], [], set()
    now = timezone.now()
    for row in rows:
        line, values = row["line"], row["values"]
        definition = {
            "specialty": specialties.get(values["specialty"]),
            "admission_year": values["admission_year"],
            "graduation_year": values["graduation_year"],
        }
        group = groups.get(values["group"])
        fields = {
            "last_name": values["last_name"],
            "first_name": values["first_name"],
            "middle_name": values.get("middle_name", ""),
            **{field: values[field] for field in UPDATABLE_FIELDS if field in values},
        }
        try:
            if group is None:
                if definition["specialty"] is None:
                    raise ValidationError(_("unknown specialty code %(code)s") % {"code": values["specialty"]})
                group = groups[values["group"]] = reference.group_create(name=values["group"], **definition)
            elif any(getattr(group, field) != value for field, value in definition.items()):
                raise ValidationError(
                    _("group %(group)s changed in the register since the file was checked") % {"group": group.name}
                )
            student = existing.get(_row_key(values))
            if student is None:
                birth_date = dt.date.fromisoformat(values["birth_date"]) if values.get("birth_date") else None
                student = Student(group=group, birth_date=birth_date, **fields)
                to_create.append(student)
            else:
                matched.add(student.pk)
                if any(getattr(student, field) != value for field, value in fields.items()):
                    for field, value in fields.items():
                        setattr(student, field, value)
                    student.updated_at = now
                    to_update.append(student)
            # The same checks as reference.student_create/update; the group is known to exist.
            student.full_clean(exclude=["group"])
        except ValidationError as error:
            raise _row_error(line, error) from None
    # Written in bulk: a college's whole list of students in a few queries.
    Student.objects.bulk_create(to_create, batch_size=500)
    Student.objects.bulk_update(to_update, [*STUDENT_FIELDS, "updated_at"], batch_size=100)
    created, updated = len(to_create), len(matched)
    student_import.status = StudentImport.Status.DONE
    student_import.created_count, student_import.updated_count = created, updated
    student_import.finished_at = timezone.now()
    student_import.rows = []  # the data now lives in the groups
    student_import.save()
    return student_import
