"""The partner register: organisations, the people at them, invitations, requests and contacts log.

``Specialty`` (college reference data) lives here because partners are the lowest domain app:
practice, contracts and monitoring all refer to it.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnership_portal.indexes import trigram_index
from partnership_portal.models import SpreadsheetImport, TimeStampedModel, full_name
from partnership_portal.russian import Gender
from partnership_portal.validators import (
    validate_inn,
    validate_kpp,
    validate_ogrn,
    validate_partnership_start,
    validate_plausible_date,
    validate_specialty_code,
)


class Specialty(models.Model):
    """A specialty of secondary vocational education (СПО), e.g. 15.02.16."""

    code = models.CharField(_("code"), max_length=8, unique=True, validators=[validate_specialty_code])
    name = models.CharField(_("name"), max_length=300)
    qualification = models.CharField(_("qualification"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class PartnerType(models.TextChoices):
    BASE = "base", _("Base enterprise")
    PATRON = "patron", _("Patron enterprise")
    EMPLOYER = "employer", _("Employer")
    EMPLOYMENT_CENTRE = "employment_centre", _("Employment centre")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class PartnerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


# Fields an employer may not change directly: a change goes to staff as a request.
REQUISITE_FIELDS = ("name", "short_name", "inn", "ogrn", "kpp", "legal_address", "actual_address", "bank_details")
# Fields an employer edits on their own profile.
EMPLOYER_EDITABLE_FIELDS = ("phone", "email", "website", "description")


# What lists show and sort by: the short name, else the full name (an index matches it).
SORT_NAME = Coalesce(NullIf("short_name", Value("")), "name")


class Partner(TimeStampedModel):
    """An organisation the college works with."""

    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=PartnerType.choices, default=PartnerType.EMPLOYER)
    status = models.CharField(_("status"), max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.PROSPECT)
    inn = models.CharField(_("INN"), max_length=12, unique=True, validators=[validate_inn])
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True, validators=[validate_ogrn])
    kpp = models.CharField(_("KPP"), max_length=9, blank=True, validators=[validate_kpp])
    legal_address = models.CharField(_("legal address"), max_length=500, blank=True)
    actual_address = models.CharField(_("actual address"), max_length=500, blank=True)
    # Free-text limits (issue 13): enforced by the forms, generous for what a person writes, and
    # small enough that no document or page grows without bound. 1000 characters hold any bank's
    # requisites; 4000 a page of prose; 2000 a comment.
    bank_details = models.TextField(
        _("bank details"),
        blank=True,
        max_length=1000,
        help_text=_("Account, bank, BIK and correspondent account; printed on priced contracts."),
    )
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(
        _("about the organisation"),
        blank=True,
        max_length=4000,
        help_text=_("What the organisation does, as it presents itself."),
    )
    specialties = models.ManyToManyField(Specialty, verbose_name=_("specialties"), blank=True, related_name="partners")
    partner_since = models.DateField(_("partner since"), null=True, blank=True, validators=[validate_partnership_start])
    notes = models.TextField(
        _("staff notes"), blank=True, max_length=4000, help_text=_("Visible to college staff only.")
    )
    last_activity_on = models.DateField(_("last activity"), null=True, blank=True, editable=False)
    # Lower-cased name, ИНН and contacts, with ё as е: case-insensitive Russian search on any database.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "last_activity_on", "updated_at"])

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "type"]),
            models.Index(fields=["last_activity_on"]),
            models.Index(fields=["created_at"]),
            # Partners needing attention (dormant, or active and quiet: ``quiet_partners_q``) counted
            # and picked, longest-quiet first, from the index alone (PostgreSQL; elsewhere without
            # the included columns).
            models.Index(
                fields=["status", "last_activity_on", "created_at"],
                include=["name", "id"],
                name="partners_attention_idx",
            ),
            # The lists' default order, short name else full name (selectors.SORT_NAME), then id.
            models.Index(SORT_NAME, "id", name="partners_sort_name_idx"),
            # Substring search over the lower-cased search text (``search_text__contains``).
            trigram_index("search_text", upper=False, name="partners_search_text_trgm"),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def is_quiet(self, today=None):
        """No recorded activity within the dormancy period (see ``quiet_since``)."""
        cutoff = quiet_cutoff(today)
        if self.last_activity_on is None:
            return self.created_at.date() < cutoff if self.created_at else False
        return self.last_activity_on < cutoff


def quiet_cutoff(today=None):
    """Activity before this date no longer keeps a partner active."""
    today = today or timezone.localdate()
    return today - timedelta(days=round(settings.PARTNER_DORMANT_AFTER_MONTHS * 30.44))


def quiet_partners_q(today=None):
    cutoff = quiet_cutoff(today)
    # Created before the cutoff day began here: the same as ``created_at__date__lt=cutoff``, but a
    # plain comparison (an index serves it, and no row's time is converted to find out).
    cutoff_start = timezone.make_aware(datetime.combine(cutoff, time.min))
    return Q(last_activity_on__lt=cutoff) | Q(last_activity_on__isnull=True, created_at__lt=cutoff_start)


class ContactRole(models.TextChoices):
    """Roles a contact may hold; each is a boolean field of ``Contact`` named ``is_<value>``."""

    SIGNATORY = "signatory", _("Director or signatory")
    HR = "hr", _("HR")
    PRACTICE_SUPERVISOR = "practice_supervisor", _("Practice supervisor")
    THESIS_REVIEWER = "thesis_reviewer", _("Thesis reviewer")
    OTHER = "other", _("Other")


class Contact(TimeStampedModel):
    """A person at a partner organisation."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts")
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    middle_name = models.CharField(_("patronymic"), max_length=150, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=6,
        choices=Gender.choices,
        blank=True,
        help_text=_("Leave empty: documents tell it from the patronymic. Set it only when there is no patronymic."),
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_signatory = models.BooleanField(_("director or signatory"), default=False)
    authority_basis = models.CharField(
        _("authority basis"),
        max_length=300,
        blank=True,
        help_text=_("How the signatory acts: «Устава» or «доверенности № 12 от 01.02.2026»."),
    )
    is_hr = models.BooleanField(_("HR"), default=False)
    is_practice_supervisor = models.BooleanField(_("practice supervisor"), default=False)
    is_thesis_reviewer = models.BooleanField(_("thesis reviewer"), default=False)
    is_other = models.BooleanField(_("other role"), default=False)
    is_active = models.BooleanField(_("works there"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["partner", "is_active"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self)

    @property
    def roles(self):
        return [role for role in ContactRole if getattr(self, f"is_{role.value}")]

    def clean(self):
        super().clean()
        if self.is_signatory and not self.authority_basis.strip():
            raise ValidationError({"authority_basis": _("A signatory needs an authority basis, for example «Устава».")})


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


INVITATION_LIFETIME = timedelta(days=7)


class Invitation(models.Model):
    """An e-mailed, signed link that lets a contact set a password and get an employer account."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_state_display()})"

    @property
    def state(self):
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    def get_state_display(self):
        return InvitationState(self.state).label


def invitation_state_q(state, now=None):
    """A filter for invitations in ``state`` (mirrors ``Invitation.state``)."""
    now = now or timezone.now()
    return {
        InvitationState.ACCEPTED: Q(accepted_at__isnull=False),
        InvitationState.REVOKED: Q(accepted_at__isnull=True, revoked_at__isnull=False),
        InvitationState.EXPIRED: Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now),
        InvitationState.PENDING: Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now),
    }[InvitationState(state)]


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeRequest(models.Model):
    """An employer's request to change their organisation's requisites, decided by staff."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    # {field: {"old": value, "new": value}} for the requisite fields that change.
    changes = models.JSONField(_("changes"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("requisites change request")
        verbose_name_plural = _("requisites change requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(status="pending"),
                name="partners_one_pending_change_request",
                violation_error_message=_("This organisation already has a pending change request."),
            )
        ]

    def __str__(self):
        return f"{self.partner} · {self.created_at:%d.%m.%Y}"


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    OTHER = "other", _("Other")


class Interaction(TimeStampedModel):
    """A contact with a partner (meeting, call, letter, visit), with an optional follow-up."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices, default=InteractionKind.MEETING)
    date = models.DateField(_("date"), default=timezone.localdate, validators=[validate_plausible_date])
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("with whom"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField(_("summary"), max_length=4000)
    follow_up = models.CharField(_("follow-up"), max_length=500, blank=True, help_text=_("What is to be done next."))
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True, validators=[validate_plausible_date])
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["partner", "date"]),
            models.Index(fields=["follow_up_owner", "follow_up_done_at", "follow_up_due"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | Q(follow_up_owner__isnull=False),
                name="partners_follow_up_has_owner",
                violation_error_message=_("A follow-up with a due date needs an owner."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y} · {self.partner}"

    @property
    def has_open_follow_up(self):
        return self.follow_up_due is not None and self.follow_up_done_at is None

    def clean(self):
        super().clean()
        if self.follow_up_due and not self.follow_up_owner_id:
            raise ValidationError({"follow_up_owner": _("A follow-up with a due date needs an owner.")})
        if self.contact_id and self.partner_id and self.contact.partner_id != self.partner_id:
            raise ValidationError({"contact": _("This person works at another organisation.")})


class PartnerImport(SpreadsheetImport):
    """An uploaded file of partners (see ``partners/transfer.py``)."""

    class Meta(SpreadsheetImport.Meta):
        verbose_name = _("partner import")
        verbose_name_plural = _("partner imports")


class College(models.Model):
    """The college itself: its requisites and director, printed on every document. One row,
    edited by administrators; ``College.current()`` returns it."""

    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    inn = models.CharField(_("INN"), max_length=12, validators=[validate_inn])
    kpp = models.CharField(_("KPP"), max_length=9, blank=True, validators=[validate_kpp])
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True, validators=[validate_ogrn])
    legal_address = models.CharField(_("legal address"), max_length=500)
    city = models.CharField(
        _("city"), max_length=100, help_text=_("Printed at the top of contracts: «г. Екатеринбург».")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    bank_details = models.TextField(_("bank details"), blank=True, max_length=1000)
    director_name = models.CharField(_("director's full name"), max_length=300)
    director_gender = models.CharField(
        _("director's gender"),
        max_length=6,
        choices=Gender.choices,
        blank=True,
        help_text=_("Leave empty: documents tell it from the patronymic. Set it only when there is no patronymic."),
    )
    director_position = models.CharField(_("director's position"), max_length=200, default="Директор")
    director_basis = models.CharField(_("director's authority basis"), max_length=300, default="Устава")
    director_in_person = models.CharField(
        _("«in the person of» phrase"),
        max_length=300,
        blank=True,
        help_text=_(
            "Leave empty to have it made from the position and the name; fill it only to correct it. "
            "In the genitive: «директора Смирновой Ольги Викторовны»."
        ),
    )

    class Meta:
        verbose_name = _("college")
        verbose_name_plural = _("college")

    def __str__(self):
        return self.short_name

    @classmethod
    def current(cls):
        """The college's requisites (a placeholder row is created on first use)."""
        college = cls.objects.order_by("pk").first()
        if college is None:
            college = cls.objects.create(**COLLEGE_PLACEHOLDER)
        return college


COLLEGE_PLACEHOLDER = {
    "name": "Государственное автономное профессиональное образовательное учреждение Свердловской области «Уральский техникум промышленных технологий»",
    "short_name": "ГАПОУ СО «УТПТ»",
    "inn": "6662000010",
    "kpp": "666201001",
    "ogrn": "1026602345670",
    "phone": "+7 (343) 300-00-00",
    "email": "info@utpt.example",
    "bank_details": (
        "Министерство финансов Свердловской области (ГАПОУ СО «УТПТ», л/с 30012345670)\n"
        "р/с 03224643650000006200 в Уральском ГУ Банка России // УФК по Свердловской области, "
        "БИК 016577551, к/с 40102810645370000054"
    ),
    "legal_address": "620012, Свердловская обл., г. Екатеринбург, ул. Машиностроителей, д. 1",
    "city": "г. Екатеринбург",
    "director_name": "Смирнова Ольга Викторовна",
}
