"""Models: employers' feedback on the programmes.

An employer submits a requirement for a specialty's training content (a competence, equipment,
software, a topic); staff take it into the programme of a year, with a note of what changes, or
decline it with a reason. Employers also rate the competences of the students placed with them,
1–5 per competence, on the specialty's list of competences that staff keep.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnership_portal.indexes import trigram_index
from partnership_portal.models import TimeStampedModel
from partnership_portal.validators import EARLIEST_YEAR, LATEST_YEAR

__all__ = [
    "Competence",
    "CompetenceRating",
    "Requirement",
    "RequirementKind",
    "RequirementStatus",
]


class Competence(models.Model):
    """A competence of a specialty that employers rate (for example «Чтение чертежей»). Staff keep
    the list; a competence with ratings is retired (inactive) rather than deleted, so the averages
    of past years stay."""

    specialty = models.ForeignKey(
        "partners.Specialty", verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="rated_competences"
    )
    name = models.CharField(_("competence"), max_length=200)
    is_active = models.BooleanField(
        _("rated now"), default=True, help_text=_("Untick to stop asking employers about it; past ratings stay.")
    )

    class Meta:
        verbose_name = _("rated competence")
        verbose_name_plural = _("rated competences")
        ordering = ["specialty__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialty", "name"],
                name="monitoring_competence_unique_per_specialty",
                violation_error_message=_("This specialty already has a competence with this name."),
            )
        ]

    def __str__(self):
        return self.name


class RequirementKind(models.TextChoices):
    COMPETENCE = "competence", _("Competence")
    EQUIPMENT = "equipment", _("Equipment")
    SOFTWARE = "software", _("Software")
    TOPIC = "topic", _("Topic")
    OTHER = "other", _("Other")


class RequirementStatus(models.TextChoices):
    PENDING = "pending", _("Under consideration")
    TAKEN = "taken", _("Taken into the programme")
    DECLINED = "declined", _("Declined")


class Requirement(TimeStampedModel):
    """An employer's requirement for the training content of a specialty, and the college's decision."""

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="programme_requirements"
    )
    specialty = models.ForeignKey(
        "partners.Specialty", verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="requirements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequirementKind.choices)
    text = models.TextField(_("requirement"), max_length=2000)
    justification = models.TextField(_("justification"), max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequirementStatus.choices, default=RequirementStatus.PENDING
    )
    programme_year = models.PositiveSmallIntegerField(
        _("programme year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
    )
    decision_note = models.TextField(_("decision"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # When the partner was told of the latest decision (the letter goes once per decision).
    notified_at = models.DateTimeField(_("partner notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme requirement")
        verbose_name_plural = _("programme requirements")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at"]),
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["specialty", "status"]),
            models.Index(fields=["status", "created_at"]),
            # The list's search (``icontains``) through trigram indexes: its cost follows the matches.
            trigram_index("text", name="monitoring_req_text_trgm"),
            trigram_index("justification", name="monitoring_req_just_trgm"),
            trigram_index("decision_note", name="monitoring_req_note_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=RequirementStatus.TAKEN, programme_year__isnull=False)
                | (~Q(status=RequirementStatus.TAKEN) & Q(programme_year__isnull=True)),
                name="monitoring_requirement_year_iff_taken",
                violation_error_message=_("A programme year goes with a requirement taken into the programme."),
            ),
            models.CheckConstraint(
                condition=Q(status=RequirementStatus.PENDING) | ~Q(decision_note=""),
                name="monitoring_requirement_decision_has_note",
                violation_error_message=_("A decision needs its note: what changes, or why it is declined."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_decided(self):
        return self.status != RequirementStatus.PENDING


class CompetenceRating(TimeStampedModel):
    """An employer's 1–5 rating of one competence of a student placed with it."""

    placement = models.ForeignKey(
        "practice.Placement", verbose_name=_("placement"), on_delete=models.CASCADE, related_name="competence_ratings"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("competence rating")
        verbose_name_plural = _("competence ratings")
        ordering = ["placement", "competence__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "competence"],
                name="monitoring_rating_once_per_competence",
                violation_error_message=_("This competence of this student is already rated."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="monitoring_rating_score_1_to_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.competence}: {self.score}"
