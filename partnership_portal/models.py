"""Abstract models shared by the domain apps (no tables of their own)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
