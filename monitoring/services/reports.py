"""Writes of periodic reports: asking for one, the schedule, making one (freeze, render, store),
trying a failed one again, e-mailing subscribers, and subscribing.

Making a report is one service, ``report_make``, that the task ``monitoring.make_report`` calls:
it freezes the figures of ``monitoring.indicators.sections(scope)`` into the report's snapshot,
renders the PDF and the XLSX from that snapshot, and moves ``progress`` from 0 to 100 as it goes
(each step committed at once, so the report page shows it live). It is safe to run twice or after
a worker died half-way: a ready or failed report is left alone, and a frozen snapshot is reused.
"""

import datetime as dt
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.models import College
from partnership_portal.files import replace_file
from partnership_portal.validators import EARLIEST_YEAR, LATEST_YEAR

from .. import documents
from ..models import Report, ReportKind, ReportState, ReportSubscription
from ..models.reports import SCHEDULED_KINDS

logger = logging.getLogger(__name__)

# A custom period is at most this long: a longer one is a typo, and its report would be huge.
MAX_CUSTOM_DAYS = 5 * 366
# Progress (%) reached after each step.
PROGRESS_STARTED = 5
PROGRESS_FROZEN = 40
PROGRESS_CHARTS = 70
PROGRESS_PDF = 90
PROGRESS_XLSX = 97


# --- Periods ----------------------------------------------------------------------------------


def month_period(year, month):
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def quarter_period(year, quarter):
    start, _end = month_period(year, 3 * quarter - 2)
    _start, end = month_period(year, 3 * quarter)
    return start, end


def year_period(year):
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_of(kind, *, year=None, quarter=None, month=None, start_date=None, end_date=None):
    """The first and last day of the period a report of ``kind`` covers."""
    if kind == ReportKind.MONTHLY:
        return month_period(year, month)
    if kind == ReportKind.QUARTERLY:
        return quarter_period(year, quarter)
    if kind == ReportKind.ANNUAL:
        return year_period(year)
    return start_date, end_date


def last_completed_periods(today):
    """{kind: (start, end)}: the latest month, quarter and year that ended before ``today``."""
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    quarter_start_month = 3 * ((today.month - 1) // 3) + 1
    last_quarter_end = today.replace(month=quarter_start_month, day=1) - dt.timedelta(days=1)
    return {
        ReportKind.MONTHLY: month_period(last_month_end.year, last_month_end.month),
        ReportKind.QUARTERLY: quarter_period(last_quarter_end.year, (last_quarter_end.month - 1) // 3 + 1),
        ReportKind.ANNUAL: year_period(today.year - 1),
    }


def report_title(kind, start, end, specialty=None):
    """What the report is called in lists: its period, and the specialty when it has one."""
    label = documents.period_label(kind, start, end)
    return f"{label} · {specialty.code}" if specialty else label


def _check_period(kind, start, end):
    if start is None or end is None:
        raise ValidationError(_("Give the first and the last day of the period."))
    if end < start:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    if start.year < EARLIEST_YEAR or end.year > LATEST_YEAR:
        raise ValidationError(
            _("Choose a period between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
        )
    if start > timezone.localdate():
        raise ValidationError(_("This period has not begun yet; a report on it would have no figures."))
    if kind == ReportKind.CUSTOM and (end - start).days + 1 > MAX_CUSTOM_DAYS:
        raise ValidationError({"end_date": _("A custom period can be at most five years long.")})


# --- Asking for a report ----------------------------------------------------------------------


def _enqueue(report):
    from ..tasks.reports import make_report

    make_report.delay(report_id=report.pk)


@transaction.atomic
def report_request(*, kind, start_date, end_date, specialty=None, requested_by):
    """Records a report staff asked for and has the worker make it (after commit)."""
    _check_period(kind, start_date, end_date)
    report = Report(
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        specialty=specialty,
        title=report_title(kind, start_date, end_date, specialty),
        requested_by=requested_by,
    )
    report.full_clean()
    report.save()
    _enqueue(report)
    return report


def report_schedule_due(*, today=None):
    """Beat's daily run: makes the report of the latest completed month, quarter and year of the
    whole college unless it exists, so the 1st of a month makes the previous month's, the first day
    of a quarter also the previous quarter's, and 1 January also the previous year's; a day that
    beat missed is caught up the next day. Never two reports for one period (a unique constraint
    holds against two runs at once). Returns the reports it created."""
    today = today or timezone.localdate()
    created = []
    for kind, (start, end) in last_completed_periods(today).items():
        with transaction.atomic():
            report, made = Report.objects.get_or_create(
                kind=kind,
                start_date=start,
                end_date=end,
                scheduled=True,
                defaults={"title": report_title(kind, start, end)},
            )
            if made:
                _enqueue(report)
                created.append(report)
    return created


@transaction.atomic
def report_retry(*, report):
    """Sends a failed or stuck report (see ``Report.can_retry``) back to the queue: its figures
    are frozen again when it is made."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.can_retry:
        raise ValidationError(_("Only a report that failed or has stopped moving can be made again."))
    report.state = ReportState.QUEUED
    report.progress = 0
    report.error = ""
    report.snapshot = {}
    report.save(update_fields=["state", "progress", "error", "snapshot", "updated_at"])
    _enqueue(report)
    return report


# --- Making a report --------------------------------------------------------------------------


def _set_progress(report_id, percent):
    Report.objects.filter(pk=report_id, state=ReportState.RENDERING).update(
        progress=min(100, max(0, round(percent))), updated_at=timezone.now()
    )


def report_snapshot(report, *, made_at=None):
    """The report's figures as JSON: ``indicators.sections`` of its period and specialty."""
    from .. import indicators

    scope = indicators.Scope(start=report.start_date, end=report.end_date, specialty_id=report.specialty_id)
    with translation.override("ru"):
        return documents.freeze(
            indicators.sections(scope),
            kind=report.kind,
            start=report.start_date,
            end=report.end_date,
            specialty=report.specialty,
            college=College.current(),
            made_at=made_at or timezone.now(),
        )


def report_make(report_id):
    """Makes the report: freezes its figures (unless a snapshot is frozen already), renders the
    PDF and the XLSX from the snapshot into its files, and marks it ready; on any error marks it
    failed with a message for staff (the details go to the log). Side effects: progress updates
    committed as it goes; the subscribers' e-mails once a scheduled report is ready. Returns False
    when there was nothing to do (no such report, or already ready or failed)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.is_finished:
            return False
        report.state = ReportState.RENDERING
        report.progress = max(report.progress, PROGRESS_STARTED)
        report.save(update_fields=["state", "progress", "updated_at"])
    try:
        snapshot = report.snapshot
        if not snapshot:
            snapshot = report_snapshot(report)
            Report.objects.filter(pk=report_id).update(snapshot=snapshot, progress=PROGRESS_FROZEN)

        def charts_drawn(share):
            _set_progress(report_id, PROGRESS_FROZEN + share * (PROGRESS_CHARTS - PROGRESS_FROZEN))

        pdf_bytes = documents.render_pdf(snapshot, on_progress=charts_drawn)
        _set_progress(report_id, PROGRESS_PDF)
        xlsx_bytes = documents.render_xlsx(snapshot)
        _set_progress(report_id, PROGRESS_XLSX)
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            if report.is_finished:
                return False
            stem = file_stem(report)
            replace_file(report, "pdf", f"{stem}.pdf", pdf_bytes, commit=False)
            replace_file(report, "xlsx", f"{stem}.xlsx", xlsx_bytes, commit=False)
            report.state = ReportState.READY
            report.progress = 100
            report.made_at = timezone.now()
            report.save(update_fields=["pdf", "xlsx", "state", "progress", "made_at", "updated_at"])
    except SoftTimeLimitExceeded:
        logger.exception("Report %s took too long", report_id)
        _fail(
            report_id, _("The report took too long to make and was stopped. Try a shorter period or try again later.")
        )
        return True
    except Exception:
        logger.exception("Report %s failed", report_id)
        _fail(report_id, _("The report could not be made. Try again; if it fails again, tell the administrator."))
        return True
    if report.scheduled:
        report_notify_subscribers(report_id)
    return True


def _fail(report_id, message):
    with translation.override("ru"):
        text = str(message)
    Report.objects.filter(pk=report_id).exclude(state=ReportState.READY).update(
        state=ReportState.FAILED, error=text, updated_at=timezone.now()
    )


def file_stem(report):
    """«report-monthly-2026-03-01-2026-03-31-17»: what the files are called, on disk and when downloaded."""
    return f"report-{report.kind}-{report.start_date:%Y-%m-%d}-{report.end_date:%Y-%m-%d}-{report.pk}"


# --- E-mail -----------------------------------------------------------------------------------


def report_notify_subscribers(report_id):
    """E-mails a ready scheduled report to the active staff who subscribe to its kind, one letter
    each, with links to the report page and its permission-checked downloads (the files stay
    behind the login). Once per report: the mark is set before sending, so a task run again sends
    nothing. Returns how many letters were sent."""
    from partnership_portal.accounts.permissions import is_college_staff
    from partnership_portal.emails import absolute_url, send_templated_email

    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or not report.is_ready or not report.scheduled or report.notified_at:
            return 0
        report.notified_at = timezone.now()
        report.save(update_fields=["notified_at", "updated_at"])
    subscribers = [
        subscription.user
        for subscription in ReportSubscription.objects.filter(kind=report.kind, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
        if subscription.user.email and is_college_staff(subscription.user)
    ]
    context = {
        "report": report,
        "kind_title": documents.KIND_TITLES[report.kind],
        "link": absolute_url(reverse("monitoring:report_detail", args=[report.pk])),
        "pdf_link": absolute_url(reverse("monitoring:report_download", args=[report.pk, "pdf"])),
        "xlsx_link": absolute_url(reverse("monitoring:report_download", args=[report.pk, "xlsx"])),
    }
    sent = 0
    for user in subscribers:
        try:
            send_templated_email(to=[user.email], template="monitoring/reports/emails/report_ready", context=context)
        except Exception:  # one bad address must not keep the report from the others
            logger.exception("Report %s: the e-mail to user %s failed", report_id, user.pk)
        else:
            sent += 1
    return sent


# --- Subscriptions ----------------------------------------------------------------------------


@transaction.atomic
def subscriptions_set(*, user, kinds):
    """Subscribes ``user`` to exactly these kinds of scheduled reports (the others are dropped)."""
    wanted = {ReportKind(kind) for kind in kinds}
    if not wanted <= set(SCHEDULED_KINDS):
        raise ValidationError(_("Only monthly, quarterly and annual reports are sent by e-mail."))
    ReportSubscription.objects.filter(user=user).exclude(kind__in=wanted).delete()
    existing = set(ReportSubscription.objects.filter(user=user).values_list("kind", flat=True))
    ReportSubscription.objects.bulk_create(
        [ReportSubscription(user=user, kind=kind) for kind in sorted(wanted - existing)]
    )
    return sorted(wanted)
