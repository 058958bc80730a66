"""Writes of graduate employment: a graduate's status at a checkpoint (one by one, a whole group
at once, or imported from a spreadsheet), and the reminder that a group's checkpoint fell due.

A status is kept per (graduate, checkpoint): saving again replaces it. Every write validates
with ``full_clean()`` in a transaction. Letters are sent after commit, in-process: a mail failure
is logged and never undoes the reminder row (which keeps the reminder from being sent twice).
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Partner
from partnership_portal import tabular
from partnership_portal.accounts.models import Role, StaffGroup, User
from partnership_portal.emails import absolute_url, send_templated_email
from partnership_portal.models import ImportStatus
from partnership_portal.tabular import Column
from partnership_portal.validators import clean_name
from practice.models import Student, StudentStatus, StudyGroup

from ..models.employment import (
    WORKING_STATUSES,
    Checkpoint,
    EmploymentImport,
    EmploymentRecord,
    EmploymentReminder,
    EmploymentStatus,
    checkpoint_due_date,
)

logger = logging.getLogger(__name__)

RECORD_FIELDS = ("status", "employer", "employer_name", "post", "in_specialty")


def _normalised(status, employer, employer_name, post, in_specialty):
    """The fields as stored: a status without a workplace keeps none; a register employer wins
    over a typed name."""
    if status not in WORKING_STATUSES:
        return {"status": status, "employer": None, "employer_name": "", "post": "", "in_specialty": None}
    employer_name = clean_name(employer_name or "") if not employer else ""
    return {
        "status": status,
        "employer": employer,
        "employer_name": employer_name,
        "post": clean_name(post or ""),
        "in_specialty": in_specialty,
    }


def _check_graduate(student):
    if student.status != StudentStatus.GRADUATED:
        raise ValidationError(_("%(name)s has not graduated: statuses are recorded for graduates only.")
                              % {"name": student.full_name})  # fmt: skip


def _apply(record, fields, recorded_by, now):
    for name, value in fields.items():
        setattr(record, name, value)
    record.recorded_by, record.recorded_at = recorded_by, now
    # The related rows come from the database already: checking each again would cost a query a row.
    record.full_clean(exclude=["student", "employer", "recorded_by"])


@transaction.atomic
def employment_record_save(
    *, student, checkpoint, status, recorded_by, employer=None, employer_name="", post="", in_specialty=None
):
    """Records (or replaces) the graduate's status at a checkpoint. Returns the record."""
    _check_graduate(student)
    checkpoint = Checkpoint(int(checkpoint))
    record = EmploymentRecord.objects.select_for_update().filter(student=student, checkpoint=checkpoint).first()
    record = record or EmploymentRecord(student=student, checkpoint=checkpoint)
    _apply(record, _normalised(status, employer, employer_name, post, in_specialty), recorded_by, timezone.now())
    record.save()
    return record


@transaction.atomic
def group_records_save(*, group, checkpoint, rows, recorded_by):
    """Saves a group's statuses at a checkpoint from the group table: ``rows`` is a list of
    ``{"student": Student, "status": ..., "employer": ..., ...}``; a row with an empty status is
    left unrecorded. All or nothing: a ``ValidationError`` names the row (``{index: errors}``
    in ``error.params["rows"]``). Returns (created, updated)."""
    checkpoint = Checkpoint(int(checkpoint))
    existing = {
        record.student_id: record
        for record in EmploymentRecord.objects.select_for_update().filter(student__group=group, checkpoint=checkpoint)
    }
    now, row_errors = timezone.now(), {}
    to_create, to_update = [], []
    for index, row in enumerate(rows):
        student = row["student"]
        if not row.get("status"):
            continue
        if student.group_id != group.pk or student.status != StudentStatus.GRADUATED:
            row_errors[index] = [_("This graduate is not in the group.")]
            continue
        record = existing.get(student.pk) or EmploymentRecord(student=student, checkpoint=checkpoint)
        fields = _normalised(*(row.get(name) for name in RECORD_FIELDS))
        try:
            _apply(record, fields, recorded_by, now)
        except ValidationError as error:
            row_errors[index] = error
            continue
        (to_update if record.pk else to_create).append(record)
    if row_errors:
        raise ValidationError(_("Some rows have errors; nothing was saved."), params={"rows": row_errors})
    EmploymentRecord.objects.bulk_create(to_create)
    EmploymentRecord.objects.bulk_update(to_update, [*RECORD_FIELDS, "recorded_by", "recorded_at", "updated_at"])
    return len(to_create), len(to_update)


# --- Group checkpoints ----------------------------------------------------------------------


def checkpoint_is_due(group, checkpoint, today=None):
    return checkpoint_due_date(group.graduation_year, checkpoint) <= (today or timezone.localdate())


# --- Reminders ------------------------------------------------------------------------------

# A checkpoint is reminded of on the first daily run on or after its due date, for this many days
# (a worker down for a while still catches up; checkpoints long past when the portal started are not).
REMIND_WITHIN_DAYS = 30


def practice_coordinators():
    """Active staff in the practice-coordinator group, with an e-mail address."""
    return (
        User.objects.filter(
            is_active=True,
            role__in=[Role.STAFF, Role.ADMIN],
            groups__name=StaffGroup.PRACTICE_COORDINATOR.value,
        )
        .exclude(email="")
        .distinct()
    )


def _due_pairs(today):
    """(group, checkpoint, due date) of groups with graduates whose checkpoint fell due in the
    last ``REMIND_WITHIN_DAYS`` days and has not been reminded of."""
    years = {
        checkpoint: [
            year
            for year in range(today.year - 3, today.year + 1)
            if today - timedelta(days=REMIND_WITHIN_DAYS) < checkpoint_due_date(year, checkpoint) <= today
        ]
        for checkpoint in Checkpoint
    }
    reminded = set(EmploymentReminder.objects.values_list("group_id", "checkpoint"))
    groups = StudyGroup.objects.filter(
        graduation_year__in={year for values in years.values() for year in values},
        students__status=StudentStatus.GRADUATED,
    ).distinct()
    for group in groups.select_related("specialty").order_by("graduation_year", "name"):
        for checkpoint, due_years in years.items():
            if group.graduation_year in due_years and (group.pk, checkpoint.value) not in reminded:
                yield group, checkpoint, checkpoint_due_date(group.graduation_year, checkpoint)


def employment_reminders_send(*, today=None):
    """Tells the practice coordinators, once per group and checkpoint, that the checkpoint fell
    due. Side effects: an ``EmploymentReminder`` row per group and checkpoint (the guard against a
    second letter, even when two runs overlap), and one e-mail per coordinator after commit.
    Returns the number of reminders made."""
    today = today or timezone.localdate()
    made = 0
    recipients = list(practice_coordinators().values_list("email", flat=True))
    if not recipients:
        # Kept for the first coordinator: a reminder nobody received is not marked as sent.
        logger.warning("No practice coordinator with an e-mail address: employment reminders wait")
        return 0
    for group, checkpoint, due_on in list(_due_pairs(today)):
        with transaction.atomic():
            reminder, created = EmploymentReminder.objects.get_or_create(
                group=group, checkpoint=checkpoint, defaults={"due_on": due_on, "recipients": len(recipients)}
            )
            if not created:
                continue
            made += 1
            link = absolute_url(reverse("monitoring:employment_group_table", args=[group.pk, checkpoint.value]))
            context = {"group": group, "checkpoint": checkpoint, "due_on": due_on, "link": link}
            for email in recipients:
                transaction.on_commit(lambda email=email, context=context: _send(email, context))
    return made


def _send(email, context):
    try:
        send_templated_email(to=[email], template="monitoring/emails/employment_checkpoint_due", context=context)
    except Exception:
        logger.exception("Could not send the employment checkpoint reminder to %s", email)


# --- Import from XLSX/CSV -------------------------------------------------------------------

MAX_ROWS = 10_000

COLUMNS = [
    Column("group", gettext_lazy("Group"), required=True),
    Column("last_name", gettext_lazy("Last name"), required=True),
    Column("first_name", gettext_lazy("First name"), required=True),
    Column("middle_name", gettext_lazy("Patronymic")),
    Column("checkpoint", gettext_lazy("Months after graduation"), required=True),
    Column("status", gettext_lazy("Status"), required=True),
    Column("employer_inn", gettext_lazy("Employer's INN")),
    Column("employer_name", gettext_lazy("Employer")),
    Column("post", gettext_lazy("Post")),
    Column("in_specialty", gettext_lazy("In the specialty")),
]

YES = {"да", "yes", "1", "true", "+", "д", "y"}
NO = {"нет", "no", "0", "false", "-", "н", "n"}


def read_table(uploaded):
    return tabular.read_table(uploaded, COLUMNS, max_rows=MAX_ROWS)


def _key(text):
    """Names and groups match whatever the case, spacing and ё/е."""
    return tabular.normal(text)


def _graduates_index(group_names):
    """{(group name, full name) normalised: [student ids]} of graduates of the named groups."""
    index = {}
    students = Student.objects.filter(status=StudentStatus.GRADUATED, group__name__in=group_names)
    for pk, group, last, first, middle in students.values_list(
        "pk", "group__name", "last_name", "first_name", "middle_name"
    ):
        index.setdefault((_key(group), _key(" ".join(filter(None, (last, first, middle))))), []).append(pk)
    return index


def _parse_checkpoint(value):
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits and int(digits) in Checkpoint.values:
        return int(digits)
    return None


def check_rows(rows):
    """Validates every row; returns (cleaned rows, errors). Nothing is written."""
    group_names = {row["values"].get("group", "").strip() for row in rows}
    index = _graduates_index(group_names)
    inns = {row["values"].get("employer_inn", "").strip() for row in rows} - {""}
    partners = {inn: (pk, short or name) for inn, pk, name, short in
                Partner.objects.filter(inn__in=inns).values_list("inn", "pk", "name", "short_name")}  # fmt: skip
    seen, cleaned, errors = {}, [], []
    max_name = EmploymentRecord._meta.get_field("employer_name").max_length
    max_post = EmploymentRecord._meta.get_field("post").max_length
    for row in rows:
        line, values = row["line"], row["values"]
        text = {field: " ".join(values.get(field, "").split()) for field in [c.field for c in COLUMNS]}
        person = " ".join(filter(None, (text["last_name"], text["first_name"], text["middle_name"])))
        problems = []
        student_id = None
        if not text["group"] or not text["last_name"] or not text["first_name"]:
            problems.append(_("the group, last name and first name are required"))
        else:
            found = index.get((_key(text["group"]), _key(person)), [])
            if not found:
                problems.append(
                    _("no graduate «%(name)s» in group %(group)s") % {"name": person, "group": text["group"]}
                )
            elif len(found) > 1:
                problems.append(_("the group has several graduates named «%(name)s»") % {"name": person})
            else:
                student_id = found[0]
        checkpoint = _parse_checkpoint(text["checkpoint"])
        if checkpoint is None:
            problems.append(_("months after graduation: write 6, 12 or 24"))
        status = tabular.choice_code(text["status"], EmploymentStatus) if text["status"] else None
        if status is None:
            problems.append(_("Status: unknown value «%(value)s»") % {"value": text["status"]})
        if student_id and checkpoint:
            if (student_id, checkpoint) in seen:
                problems.append(
                    _("this graduate and checkpoint repeat the row %(line)d of the file")
                    % {"line": seen[(student_id, checkpoint)]}
                )
            else:
                seen[(student_id, checkpoint)] = line
        employer_id, employer_label = None, text["employer_name"]
        if text["employer_inn"]:
            employer_id, employer_label = partners.get(text["employer_inn"], (None, ""))
            if employer_id is None:
                problems.append(
                    _("no partner with INN %(inn)s in the register; leave the INN empty and type the employer's name")
                    % {"inn": text["employer_inn"]}
                )
        in_specialty = None
        if text["in_specialty"]:
            answer = text["in_specialty"].lower()
            in_specialty = True if answer in YES else False if answer in NO else None
            if in_specialty is None:
                problems.append(_("In the specialty: write «да» or «нет»"))
        if len(text["employer_name"]) > max_name or len(text["post"]) > max_post:
            problems.append(_("the employer or the post is too long"))
        if (
            status
            and status not in WORKING_STATUSES
            and (employer_id or text["employer_name"] or text["post"] or in_specialty is not None)
        ):
            problems.append(_("only an employed or self-employed graduate has an employer, a post and a specialty"))
        if status == EmploymentStatus.EMPLOYED and not (employer_id or text["employer_name"]):
            problems.append(_("an employed graduate needs the employer's INN or name"))
        if problems:
            errors.append({"line": line, "name": person, "group": text["group"], "messages": problems})
        else:
            cleaned.append(
                {
                    "line": line,
                    "values": {
                        "student": student_id,
                        "name": person,
                        "group": text["group"],
                        "checkpoint": checkpoint,
                        "status": status,
                        "employer": employer_id,
                        "employer_name": "" if employer_id else text["employer_name"],
                        "employer_label": employer_label,
                        "post": text["post"],
                        "in_specialty": in_specialty,
                    },
                }
            )
    return cleaned, errors


@transaction.atomic
def employment_import_create(*, uploaded, uploaded_by):
    """Reads and checks an uploaded file; stores the result for preview. Writes no status."""
    return EmploymentImport.stage(
        uploaded=uploaded,
        uploaded_by=uploaded_by,
        read=read_table,
        check=check_rows,
        file_error=lambda message: {"line": None, "name": "", "group": "", "messages": [message]},
    )


def _existing_keys(rows):
    students = {row["values"]["student"] for row in rows}
    return set(EmploymentRecord.objects.filter(student_id__in=students).values_list("student_id", "checkpoint"))


def employment_import_plan(employment_import):
    """How many rows add a status and how many replace one."""
    existing = _existing_keys(employment_import.rows)
    replaced = sum(
        1 for row in employment_import.rows if (row["values"]["student"], row["values"]["checkpoint"]) in existing
    )
    return {"create": len(employment_import.rows) - replaced, "update": replaced, "existing": existing}


@transaction.atomic
def employment_import_apply(*, employment_import, applied_by):
    """Writes every row of a checked import, all or nothing (a row that became invalid since the
    check, say a partner deleted, fails the whole import)."""
    employment_import = EmploymentImport.objects.select_for_update().get(pk=employment_import.pk)
    if employment_import.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import cannot be confirmed (it has errors or was already done)."))
    rows = [row["values"] for row in employment_import.rows]
    students = Student.objects.in_bulk({row["student"] for row in rows})
    partners = Partner.objects.in_bulk({row["employer"] for row in rows if row["employer"]})
    existing = {
        (record.student_id, record.checkpoint): record
        for record in EmploymentRecord.objects.select_for_update().filter(student_id__in=students)
    }
    now, to_create, to_update = timezone.now(), [], []
    for line, values in zip((row["line"] for row in employment_import.rows), rows, strict=True):
        student = students.get(values["student"])
        employer = partners.get(values["employer"]) if values["employer"] else None
        if student is None or student.status != StudentStatus.GRADUATED or (values["employer"] and not employer):
            raise ValidationError(_("Row %(line)d no longer matches the portal's data; upload the file again.")
                                  % {"line": line})  # fmt: skip
        key = (student.pk, values["checkpoint"])
        record = existing.get(key) or EmploymentRecord(student=student, checkpoint=values["checkpoint"])
        fields = _normalised(
            values["status"], employer, values["employer_name"], values["post"], values["in_specialty"]
        )
        _apply(record, fields, applied_by, now)
        (to_update if record.pk else to_create).append(record)
    EmploymentRecord.objects.bulk_create(to_create, batch_size=1000)
    EmploymentRecord.objects.bulk_update(
        to_update, [*RECORD_FIELDS, "recorded_by", "recorded_at", "updated_at"], batch_size=1000
    )
    employment_import.status = ImportStatus.DONE
    employment_import.created_count, employment_import.updated_count = len(to_create), len(to_update)
    employment_import.finished_at = now
    employment_import.rows = []
    employment_import.save()
    return employment_import
