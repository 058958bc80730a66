from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from partnership_portal.models import TimeStampedModel
from partnership_portal.validators import validate_inn


class Partner(TimeStampedModel):
    """An organisation the college works with (base or patron enterprise, employer, ...)."""

    name = models.CharField(_("name"), max_length=500)
    inn = models.CharField(_("INN"), max_length=12, unique=True, validators=[validate_inn])

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [models.Index(Upper("name"), name="partners_partner_name_upper")]

    def __str__(self):
        return self.name
