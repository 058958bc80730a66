"""Writes on the college's reference data: study groups, students and teachers.

Used by the staff pages, the student import and administrators alike. Every function is
keyword-only, runs in a transaction and validates the row with ``full_clean()``.
"""

from django.db import transaction

from partnership_portal.validators import clean_name

from ..models import Student, StudentStatus, StudyGroup, Teacher


def _apply(instance, fields):
    for field, value in fields.items():
        setattr(instance, field, clean_name(value))


# --- Groups ---------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, name, specialty, admission_year, graduation_year):
    group = StudyGroup(
        name=clean_name(name), specialty=specialty, admission_year=admission_year, graduation_year=graduation_year
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_update(*, group, **fields):
    """Updates the given fields of the group (name, specialty, admission and graduation years)."""
    _apply(group, fields)
    group.full_clean()
    group.save()
    return group


# --- Students -------------------------------------------------------------------------------


@transaction.atomic
def student_create(
    *,
    group,
    last_name,
    first_name,
    middle_name="",
    birth_date=None,
    email="",
    phone="",
    status=StudentStatus.STUDYING,
    gender="",
    guardian_name="",
    guardian_document="",
):
    student = Student(group=group, birth_date=birth_date, status=status, gender=gender)
    _apply(
        student,
        {"last_name": last_name, "first_name": first_name, "middle_name": middle_name, "email": email, "phone": phone,
         "guardian_name": guardian_name, "guardian_document": guardian_document},
    )  # fmt: skip
    student.full_clean()
    student.save()
    return student


@transaction.atomic
def student_update(*, student, **fields):
    """Updates the given fields of the student (names, birth date, group, contacts, status)."""
    _apply(student, fields)
    student.full_clean()
    student.save()
    return student


# --- Teachers -------------------------------------------------------------------------------


@transaction.atomic
def teacher_create(*, last_name, first_name, middle_name="", position="", email="", user=None, is_active=True):
    teacher = Teacher(user=user, is_active=is_active)
    _apply(
        teacher,
        {"last_name": last_name, "first_name": first_name, "middle_name": middle_name, "position": position,
         "email": email},
    )  # fmt: skip
    teacher.full_clean()
    teacher.save()
    return teacher


@transaction.atomic
def teacher_update(*, teacher, **fields):
    """Updates the given fields of the teacher (names, position, e-mail, account, works here)."""
    _apply(teacher, fields)
    teacher.full_clean()
    teacher.save()
    return teacher
