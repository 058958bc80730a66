"""Models: graduate employment.

Every graduate (a ``practice.Student`` with the status «graduated») has a status at three
checkpoints after graduation: 6, 12 and 24 months. The graduation date of a group is taken as
30 June of its ``graduation_year`` (the end of the state final attestation in Russian colleges;
``graduation_date``), so the checkpoints fall due on 30 December, 30 June a year later and
30 June two years later.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership_portal.models import ImportStatus, SpreadsheetImport, TimeStampedModel

__all__ = [
    "Checkpoint",
    "EmploymentImport",
    "EmploymentRecord",
    "EmploymentReminder",
    "EmploymentStatus",
    "checkpoint_due_date",
    "graduation_date",
]

# The day a group's graduates are taken to have graduated (month, day) in its graduation year.
GRADUATION_MONTH_DAY = (6, 30)


def graduation_date(graduation_year):
    return dt.date(graduation_year, *GRADUATION_MONTH_DAY)


class Checkpoint(models.IntegerChoices):
    """Months after graduation at which a graduate's status is recorded."""

    MONTHS_6 = 6, _("6 months")
    MONTHS_12 = 12, _("12 months")
    MONTHS_24 = 24, _("24 months")


def checkpoint_due_date(graduation_year, checkpoint):
    """The day a checkpoint falls due: ``checkpoint`` months after the graduation date (the day
    of the month kept; 30 June + 6 months is 30 December)."""
    start = graduation_date(graduation_year)
    months = start.month - 1 + int(checkpoint)
    return start.replace(year=start.year + months // 12, month=months % 12 + 1)


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed or entrepreneur")
    STUDYING = "studying", _("Continuing full-time study")
    MILITARY = "military", _("Military service")
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    EMPLOYMENT_CENTRE = "employment_centre", _("Registered at the employment centre")
    UNEMPLOYED = "unemployed", _("Unemployed")
    NO_DATA = "no_data", _("No data")


# Statuses with a workplace: only these have an employer, a post and «in the specialty».
WORKING_STATUSES = frozenset({EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED})
# What the ministry's indicator counts as employed.
COUNTED_AS_EMPLOYED = frozenset({EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED, EmploymentStatus.MILITARY})
# Reported apart and left out of the indicator's denominator.
EXCLUDED_FROM_BASE = frozenset({EmploymentStatus.STUDYING, EmploymentStatus.PARENTAL_LEAVE})


class EmploymentRecord(TimeStampedModel):
    """A graduate's status at one checkpoint after graduation."""

    student = models.ForeignKey(
        "practice.Student", verbose_name=_("graduate"), on_delete=models.CASCADE, related_name="employment_records"
    )
    checkpoint = models.PositiveSmallIntegerField(_("checkpoint"), choices=Checkpoint.choices)
    status = models.CharField(_("status"), max_length=20, choices=EmploymentStatus.choices)
    employer = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("employer from the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employment_records",
    )
    employer_name = models.CharField(
        _("employer (not in the register)"),
        max_length=500,
        blank=True,
        help_text=_("Type the organisation's name when it is not a partner in the register."),
    )
    post = models.CharField(_("post"), max_length=300, blank=True)
    in_specialty = models.BooleanField(_("works in the specialty"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        ordering = ["student__last_name", "student__first_name", "checkpoint"]
        constraints = [
            models.UniqueConstraint(fields=["student", "checkpoint"], name="monitoring_employment_one_per_checkpoint"),
            models.CheckConstraint(
                condition=models.Q(checkpoint__in=[6, 12, 24]), name="monitoring_employment_known_checkpoint"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["employed", "self_employed"])
                | (models.Q(employer__isnull=True, employer_name="", post="") & models.Q(in_specialty__isnull=True)),
                name="monitoring_employment_workplace_only_when_working",
                violation_error_message=_("Only an employed or self-employed graduate has an employer and a post."),
            ),
        ]
        indexes = [
            models.Index(fields=["checkpoint", "status"]),
            models.Index(fields=["employer", "checkpoint"]),
        ]

    def __str__(self):
        return f"{self.student} · {self.get_checkpoint_display()} · {self.get_status_display()}"

    @property
    def employer_display(self):
        return str(self.employer) if self.employer_id else self.employer_name

    @property
    def is_working(self):
        return self.status in WORKING_STATUSES

    def clean(self):
        super().clean()
        if self.status not in WORKING_STATUSES:
            if self.employer_id or self.employer_name or self.post or self.in_specialty is not None:
                raise ValidationError(_("Only an employed or self-employed graduate has an employer and a post."))
            return
        if self.employer_id and self.employer_name:
            raise ValidationError(
                {"employer_name": _("Pick the employer from the register or type its name, not both.")}
            )
        if self.status == EmploymentStatus.EMPLOYED and not (self.employer_id or self.employer_name):
            raise ValidationError(
                {"employer": _("Pick the employer from the register or type its name in the next field.")}
            )


class EmploymentReminder(models.Model):
    """A reminder sent to the practice coordinators that a group's checkpoint fell due: one per
    group and checkpoint, ever (the row makes the daily task idempotent)."""

    group = models.ForeignKey(
        "practice.StudyGroup", verbose_name=_("group"), on_delete=models.CASCADE, related_name="employment_reminders"
    )
    checkpoint = models.PositiveSmallIntegerField(_("checkpoint"), choices=Checkpoint.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("employment checkpoint reminder")
        verbose_name_plural = _("employment checkpoint reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "checkpoint"], name="monitoring_employment_reminder_once")
        ]

    def __str__(self):
        return f"{self.group} · {self.get_checkpoint_display()}"


class EmploymentImport(SpreadsheetImport):
    """An uploaded file of graduates' statuses (see ``monitoring/services/employment.py``)."""

    Status = ImportStatus

    class Meta(SpreadsheetImport.Meta):
        verbose_name = _("employment import")
        verbose_name_plural = _("employment imports")
