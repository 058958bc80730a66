"""URL-by-role rows and world objects of monitoring: periodic reports (staff only; employers 404)."""

from django.utils import timezone

from monitoring.models import ReportKind, ReportState, ReportSubscription
from partnership_portal.files import replace_file
from tests.url_table import ADMIN_FORBIDDEN, STAFF_ACTION, STAFF_ONLY, Row

ROWS = {
    "monitoring:report_list": Row(STAFF_ONLY),
    "monitoring:report_create": Row(STAFF_ONLY),
    "monitoring:report_subscriptions": Row(STAFF_ONLY),
    "monitoring:report_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.report.pk}),
    "monitoring:report_progress": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.report.pk}),
    "monitoring:report_retry": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.report.pk}),
    "monitoring:report_download": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.report.pk, "fmt": "pdf"}),
}

# Reports are made by the portal (on schedule or on the reports page), never added in the admin.
ADMIN_FORBIDDEN[("monitoring", "report", "add")] = 403


def world(base):
    """A ready report of last month with its (stand-in) files, and a subscription."""
    from tests.monitoring.reports.factories import ReportFactory

    report = ReportFactory(
        kind=ReportKind.MONTHLY, state=ReportState.READY, progress=100, made_at=timezone.now(), requested_by=base.staff
    )
    replace_file(report, "pdf", "report.pdf", b"%PDF-1.7 stand-in", commit=False)
    replace_file(report, "xlsx", "report.xlsx", b"PK stand-in", commit=False)
    report.save()
    subscription = ReportSubscription.objects.create(user=base.staff, kind=ReportKind.MONTHLY)
    return {"report": report, "admin_objects": [report, subscription]}
