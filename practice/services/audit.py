"""The personal-data access log (152-ФЗ): who saw or exported which student's data."""

from ..models import StudentDataAccess

Action = StudentDataAccess.Action


def log_student_access(*, user, students, action, detail):
    """Records one row per student; call it from every view that shows an employer a student's
    personal data, and from every export or download of such data."""
    StudentDataAccess.objects.bulk_create(
        [StudentDataAccess(user=user, student=student, action=action, detail=str(detail)[:300]) for student in students]
    )
