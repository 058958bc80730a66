"""Abstract models shared by the domain apps, and the one table of the portal itself: the tokens of
submitted create forms (``partnership_portal.idempotency``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def full_name(person):
    """«Фамилия Имя Отчество» of anything with last, first and middle names."""
    return " ".join(part for part in (person.last_name, person.first_name, person.middle_name) if part)


def ends_after_start(name):
    """The database rule of every dated model: ``end_date`` is not before ``start_date``."""
    return models.CheckConstraint(
        condition=models.Q(end_date__gte=models.F("start_date")),
        name=name,
        violation_error_message=_("The end date cannot be before the start date."),
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Awaiting confirmation")
    INVALID = "invalid", _("Has errors")
    DONE = "done", _("Imported")


class SpreadsheetImport(models.Model):
    """An uploaded XLSX/CSV file, parsed and checked, waiting for confirmation (all or nothing)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    # Parsed rows ({"line": n, "values": {...}}), and errors ({"line": n, "messages": [...]}).
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    finished_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} · {self.created_at:%d.%m.%Y %H:%M}"

    @classmethod
    def stage(cls, *, uploaded, uploaded_by, read, check, file_error):
        """Reads (``read(uploaded) -> rows``, raising ``FileError``) and checks
        (``check(rows) -> (cleaned, errors)``) a file, and stores the result for preview.
        ``file_error(message)`` is the error row of a file that cannot be read at all."""
        from .tabular import FileError

        try:
            rows = read(uploaded)
        except FileError as exc:
            cleaned, errors = [], [file_error(str(exc))]
        else:
            cleaned, errors = check(rows)
        return cls.objects.create(
            uploaded_by=uploaded_by,
            file_name=uploaded.name[:255],
            status=ImportStatus.INVALID if errors else ImportStatus.PREVIEW,
            rows=cleaned,
            errors=errors,
        )


class SubmissionToken(models.Model):
    """A create form submitted once: its one-time token and the page of what it created."""

    token = models.UUIDField(_("token"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    url = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)
