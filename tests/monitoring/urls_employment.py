"""URL-by-role rows and world objects of monitoring: employment (a staff-only subject)."""

from django.utils import timezone

from monitoring.models.employment import EmploymentImport, EmploymentRecord, EmploymentReminder, EmploymentStatus
from practice.models import StudentStatus
from tests.factories import StudentFactory, StudyGroupFactory
from tests.url_table import STAFF_ONLY, Row

ROWS = {
    "monitoring:employment_group_list": Row(STAFF_ONLY),
    "monitoring:employment_group_table": Row(
        STAFF_ONLY, kwargs=lambda w: {"pk": w.graduated_group.pk, "checkpoint": 12}
    ),
    "monitoring:employment_graduate_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.graduate.pk}),
    "monitoring:employment_record_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.graduate.pk, "checkpoint": 12}),
    "monitoring:employment_import_start": Row(STAFF_ONLY),
    "monitoring:employment_import_template": Row(STAFF_ONLY),
    "monitoring:employment_import_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.employment_import.pk}),
    "monitoring:employment_rates": Row(STAFF_ONLY),
    "monitoring:employment_rates_export": Row(STAFF_ONLY),
    "monitoring:employment_targeted": Row(STAFF_ONLY),
    "monitoring:employment_employer_suggest": Row(STAFF_ONLY),
}


def world(base):
    """A group that graduated two years ago with a graduate employed at organisation A (so an
    employer of A could be tempted), a reminder and an import."""
    year = timezone.localdate().year - 2
    group = StudyGroupFactory(graduation_year=year, admission_year=year - 4)
    graduate = StudentFactory(group=group, status=StudentStatus.GRADUATED)
    record = EmploymentRecord.objects.create(
        student=graduate, checkpoint=12, status=EmploymentStatus.EMPLOYED, employer=base.partner_a, in_specialty=True
    )
    reminder = EmploymentReminder.objects.create(group=group, checkpoint=12, due_on=timezone.localdate())
    employment_import = EmploymentImport.objects.create(
        uploaded_by=base.staff, file_name="employment.xlsx", status="invalid"
    )
    return {
        "graduated_group": group,
        "graduate": graduate,
        "employment_import": employment_import,
        "admin_objects": [record, reminder, employment_import],
    }
