"""Models: periodic reports.

A report covers a period (a month, a quarter, a year, or dates staff chose) for the whole
college or one specialty. Its figures are frozen into ``snapshot`` when it is made (the sections
of ``monitoring.indicators``), and its PDF and XLSX are rendered from that copy, so a report
says what the portal knew when it was made, whatever changes later. Celery beat makes the
monthly, quarterly and annual reports of the whole college on schedule (``scheduled``, at most
one per period); staff ask for any other. Staff subscribe to kinds of scheduled reports and get
each new one by e-mail.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership_portal.models import TimeStampedModel, ends_after_start

__all__ = ["Report", "ReportKind", "ReportState", "ReportSubscription"]


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")
    CUSTOM = "custom", _("Custom period")


# The kinds Celery beat makes, and so the kinds staff may subscribe to.
SCHEDULED_KINDS = (ReportKind.MONTHLY, ReportKind.QUARTERLY, ReportKind.ANNUAL)


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# A report queued or being made that has not moved for this long is stuck (its task was lost with
# a broker or a worker): staff may send it to the queue again.
STALE_AFTER = timedelta(minutes=30)


def report_upload_to(report, filename):
    return f"monitoring/reports/{report.start_date:%Y}/{filename}"


class Report(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    start_date = models.DateField(_("period start"))
    end_date = models.DateField(_("period end"))
    specialty = models.ForeignKey(
        "partners.Specialty",
        verbose_name=_("specialty"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole college."),
    )
    title = models.CharField(_("title"), max_length=300)
    scheduled = models.BooleanField(_("made on schedule"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0, validators=[MaxValueValidator(100)])
    error = models.TextField(_("error"), blank=True)
    # The figures as they were when the report was made (JSON of indicators.sections(scope)).
    snapshot = models.JSONField(_("frozen figures"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_upload_to, blank=True, max_length=200)
    xlsx = models.FileField(_("XLSX"), upload_to=report_upload_to, blank=True, max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), null=True, blank=True)
    # When the subscribers were written to (once per scheduled report).
    notified_at = models.DateTimeField(_("subscribers notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-start_date", "-end_date", "-created_at"]
        indexes = [
            models.Index(fields=["kind", "start_date", "end_date"], name="monitoring_report_kind_period"),
            models.Index(fields=["start_date", "end_date"], name="monitoring_report_period"),
        ]
        constraints = [
            ends_after_start("monitoring_report_ends_after_start"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="monitoring_report_progress_at_most_100"),
            # Beat makes each period's report once, however often it runs.
            models.UniqueConstraint(
                fields=["kind", "start_date", "end_date"],
                condition=Q(scheduled=True),
                name="monitoring_report_one_scheduled_per_period",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_ready(self):
        return self.state == ReportState.READY

    @property
    def is_finished(self):
        return self.state in (ReportState.READY, ReportState.FAILED)

    @property
    def can_retry(self):
        """Failed, or stuck: queued or being made with no progress for ``STALE_AFTER``."""
        if self.state == ReportState.FAILED:
            return True
        return not self.is_finished and self.updated_at is not None and timezone.now() - self.updated_at > STALE_AFTER


class ReportSubscription(TimeStampedModel):
    """A staff member gets every scheduled report of this kind by e-mail once it is ready."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=[(k.value, k.label) for k in SCHEDULED_KINDS])

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        ordering = ["user_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="monitoring_report_subscription_once"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"
