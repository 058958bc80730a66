"""Models: hiring demand (the «social order»).

A declaration says how many people of a specialty an employer wants to hire in a year, and on
what conditions. An employer declares its own organisation's needs; staff record demand from
other sources: the employment centre's vacancy data (imported from a spreadsheet) or any other
source they name.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnership_portal.indexes import trigram_index
from partnership_portal.models import SpreadsheetImport, TimeStampedModel
from partnership_portal.validators import EARLIEST_YEAR, LATEST_YEAR

__all__ = ["DemandDeclaration", "DemandImport", "DemandSource"]

# One declaration names at most this many people and this salary (₽ a month): larger is a typo.
MAX_PEOPLE = 10_000
MAX_SALARY = 10_000_000
COMMENT_MAX = 2000


class DemandSource(models.TextChoices):
    PARTNER = "partner", _("The partner itself")
    EMPLOYMENT_CENTRE = "employment_centre", _("Employment centre")
    OTHER = "other", _("Other source")


class DemandImport(SpreadsheetImport):
    """An uploaded file of the employment centre's vacancy data (see ``monitoring/services/demand.py``)."""

    class Meta(SpreadsheetImport.Meta):
        verbose_name = _("demand import")
        verbose_name_plural = _("demand imports")


class DemandDeclaration(TimeStampedModel):
    specialty = models.ForeignKey(
        "partners.Specialty",
        verbose_name=_("specialty"),
        on_delete=models.PROTECT,
        related_name="demand_declarations",
    )
    year = models.PositiveSmallIntegerField(
        _("year of hiring"), validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)]
    )
    people = models.PositiveIntegerField(
        _("number of people"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)]
    )
    salary_from = models.PositiveIntegerField(
        _("salary from, ₽"), null=True, blank=True, validators=[MaxValueValidator(MAX_SALARY)]
    )
    salary_to = models.PositiveIntegerField(
        _("salary to, ₽"), null=True, blank=True, validators=[MaxValueValidator(MAX_SALARY)]
    )
    housing = models.BooleanField(_("housing offered"), default=False)
    targeted_training = models.BooleanField(_("targeted training offered"), default=False)
    offer_number = models.CharField(
        _("«Работа в России» offer number"),
        max_length=50,
        blank=True,
        help_text=_("The number of the targeted-training offer published on trudvsem.ru."),
    )
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=DemandSource.choices, default=DemandSource.PARTNER)
    source_name = models.CharField(
        _("source name"), max_length=300, blank=True, help_text=_("Who reported the demand, for another source.")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="demand_declarations",
    )
    employer_name = models.CharField(
        _("employer"),
        max_length=300,
        blank=True,
        help_text=_("The employer as the source names it, when it is not in the register."),
    )
    imported_from = models.ForeignKey(
        DemandImport,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demand declaration")
        verbose_name_plural = _("demand declarations")
        ordering = ["-year", "specialty__code", "-created_at"]
        indexes = [
            models.Index(fields=["specialty", "year"], name="monitoring_demand_spec_year"),
            models.Index(fields=["year"], name="monitoring_demand_year"),
            models.Index(fields=["partner", "year"], name="monitoring_demand_partner_year"),
            # The list's search (``icontains``) through trigram indexes: its cost follows the matches.
            trigram_index("comment", name="monitoring_demand_comment_trgm"),
            trigram_index("offer_number", name="monitoring_demand_offer_trgm"),
            trigram_index("employer_name", name="monitoring_demand_empl_trgm"),
            trigram_index("source_name", name="monitoring_demand_source_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1),
                name="monitoring_demand_people_positive",
                violation_error_message=_("The number of people must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                name="monitoring_demand_year_plausible",
                violation_error_message=_("Enter a year between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(salary_from__isnull=True) | Q(salary_to__isnull=True) | Q(salary_to__gte=F("salary_from")),
                name="monitoring_demand_salary_range",
                violation_error_message=_("The salary «to» cannot be less than the salary «from»."),
            ),
            models.CheckConstraint(
                condition=~Q(source=DemandSource.PARTNER) | Q(partner__isnull=False),
                name="monitoring_demand_partner_source_has_partner",
                violation_error_message=_("Demand declared by a partner names the partner."),
            ),
            models.CheckConstraint(
                condition=~Q(source=DemandSource.OTHER) | ~Q(source_name=""),
                name="monitoring_demand_other_source_named",
                violation_error_message=_("Name the source of the demand."),
            ),
            models.CheckConstraint(
                condition=Q(targeted_training=True) | Q(offer_number=""),
                name="monitoring_demand_offer_number_needs_targeted",
                violation_error_message=_("An offer number goes with targeted training only."),
            ),
        ]

    def __str__(self):
        return f"{self.specialty.code} · {self.year} · {self.people}"

    @property
    def employer_label(self):
        """Who wants to hire: the partner, else the employer the source names, else the source."""
        if self.partner_id:
            return self.partner.short_name or self.partner.name
        return self.employer_name or self.source_name or self.get_source_display()

    @property
    def source_label(self):
        if self.source == DemandSource.OTHER and self.source_name:
            return self.source_name
        return self.get_source_display()
