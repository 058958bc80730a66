"""Contracts: every agreement type the college signs with partners, numbered per type and
year without gaps, signed by each party, frozen when they leave the draft and rendered to PDF.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnership_portal.indexes import trigram_index
from partnership_portal.models import TimeStampedModel, ends_after_start
from partnership_portal.validators import AMOUNT_VALIDATORS, validate_plausible_date


class ContractType(models.TextChoices):
    COOPERATION = "cooperation", _("Cooperation agreement")
    PRACTICAL_TRAINING = "practical_training", _("Practical-training contract")
    TRIPARTITE_PRACTICE = "tripartite_practice", _("Tripartite practice contract")
    TARGETED_TRAINING = "targeted_training", _("Targeted-training contract")
    CONSULTING = "consulting", _("Consulting services contract")
    CONTRACT_WORK = "contract_work", _("Contract work (подряд)")
    RESEARCH = "research", _("Research and technological work (НИОКР)")
    JOINT_PROJECT = "joint_project", _("Joint project agreement")
    SPONSORSHIP = "sponsorship", _("Donation agreement (sponsorship)")
    AMENDMENT = "amendment", _("Amendment")


# Types with a student as a party, and types with a price.
STUDENT_TYPES = {ContractType.TRIPARTITE_PRACTICE, ContractType.TARGETED_TRAINING}
PRICED_TYPES = {ContractType.CONSULTING, ContractType.CONTRACT_WORK, ContractType.RESEARCH, ContractType.SPONSORSHIP}

DEFAULT_PATTERNS = {
    ContractType.COOPERATION: "{seq}/{year}-СП",
    ContractType.PRACTICAL_TRAINING: "{seq}/{year}-ПП",
    ContractType.TRIPARTITE_PRACTICE: "{seq}/{year}-ТП",
    ContractType.TARGETED_TRAINING: "{seq}/{year}-ЦО",
    ContractType.CONSULTING: "{seq}/{year}-КУ",
    ContractType.CONTRACT_WORK: "{seq}/{year}-П",
    ContractType.RESEARCH: "{seq}/{year}-НИОКР",
    ContractType.JOINT_PROJECT: "{seq}/{year}-СПр",
    ContractType.SPONSORSHIP: "{seq}/{year}-Ф",
    ContractType.AMENDMENT: "{seq}/{year}-ДС",
}


def validate_pattern(value):
    if "{seq}" not in value:
        raise ValidationError(_("The pattern must contain {seq}, the number within the year."))
    leftover = value.replace("{seq}", "").replace("{year}", "")
    if "{" in leftover or "}" in leftover:
        raise ValidationError(_("Only {seq} and {year} may be used in the pattern."))


class NumberPattern(models.Model):
    """How the numbers of one contract type look; editable by administrators."""

    type = models.CharField(_("contract type"), max_length=30, choices=ContractType.choices, unique=True)
    pattern = models.CharField(_("pattern"), max_length=50, validators=[validate_pattern])

    class Meta:
        verbose_name = _("number pattern")
        verbose_name_plural = _("number patterns")
        ordering = ["type"]

    def __str__(self):
        return f"{self.get_type_display()}: {self.pattern}"


class NumberCounter(models.Model):
    """The last number given to a contract type in a year. Incremented under a row lock inside
    the transaction that creates the contract, so numbers are consecutive and gapless."""

    type = models.CharField(_("contract type"), max_length=30, choices=ContractType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [models.UniqueConstraint(fields=["type", "year"], name="contracts_counter_type_year")]

    def __str__(self):
        return f"{self.get_type_display()} {self.year}: {self.last}"


class ContractState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ON_APPROVAL = "on_approval", _("On approval")
    AWAITING_SIGNATURES = "awaiting_signatures", _("Awaiting signatures")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


CONTRACT_TRANSITIONS = {
    ContractState.DRAFT: {ContractState.ON_APPROVAL, ContractState.AWAITING_SIGNATURES},
    ContractState.ON_APPROVAL: {ContractState.DRAFT, ContractState.AWAITING_SIGNATURES},
    ContractState.AWAITING_SIGNATURES: {ContractState.SIGNED, ContractState.TERMINATED},
    ContractState.SIGNED: {ContractState.ACTIVE, ContractState.TERMINATED},
    ContractState.ACTIVE: {ContractState.EXPIRED, ContractState.TERMINATED},
    ContractState.EXPIRED: set(),
    ContractState.TERMINATED: set(),
}
# States in which the printed data is frozen.
FROZEN_STATES = {state for state in ContractState if state != ContractState.DRAFT}


def contract_path(instance, filename):
    """Contract files live under MEDIA_ROOT in a folder per contract; they are served only by
    permission-checked views. A re-rendered PDF keeps its name."""
    contract_id = getattr(instance, "contract_id", None) or instance.pk
    return f"contracts/{contract_id}/{filename}"


class ContractBatch(TimeStampedModel):
    """Tripartite contracts generated at once for every placement of a practice period."""

    period = models.ForeignKey(
        "practice.PracticePeriod",
        verbose_name=_("practice period"),
        on_delete=models.PROTECT,
        related_name="contract_batches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    total = models.PositiveIntegerField(_("contracts"), default=0)

    class Meta:
        verbose_name = _("contract batch")
        verbose_name_plural = _("contract batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.period} · {self.created_at:%d.%m.%Y %H:%M}"


class Contract(TimeStampedModel):
    type = models.CharField(_("type"), max_length=30, choices=ContractType.choices)
    number = models.CharField(_("number"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("number within the year"))
    state = models.CharField(_("state"), max_length=30, choices=ContractState.choices, default=ContractState.DRAFT)
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="contracts"
    )
    partner_signatory = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("signatory of the organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_contracts",
    )
    partner_in_person = models.CharField(
        _("«in the person of» the organisation's signatory"),
        max_length=300,
        blank=True,
        help_text=_(
            "As the contract prints it after «в лице», in the genitive: «генерального директора Иванова Ивана Ивановича»."
        ),
    )
    partner_basis = models.CharField(
        _("acting on the basis of"),
        max_length=300,
        blank=True,
        help_text=_("For example «Устава»; taken from the signatory."),
    )
    student = models.ForeignKey(
        "practice.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    guardian_name = models.CharField(
        _("legal guardian"),
        max_length=300,
        blank=True,
        help_text=_("Required when the student is under 18 on the signing date."),
    )
    placement = models.ForeignKey(
        "practice.Placement",
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    placements = models.ManyToManyField(
        "practice.Placement", verbose_name=_("students (appendix 1)"), blank=True, related_name="training_contracts"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("amends contract"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
    )
    # Free-text limits (issue 13), enforced by the forms: the subject is a paragraph of the printed
    # contract, notes a comment; a clause text is a model clause, longer than any single paragraph.
    subject = models.TextField(_("subject"), blank=True, max_length=4000)
    signed_on = models.DateField(
        _("date of the contract"), default=timezone.localdate, validators=[validate_plausible_date]
    )
    start_date = models.DateField(_("valid from"), validators=[validate_plausible_date])
    end_date = models.DateField(_("valid until"), validators=[validate_plausible_date])
    amount = models.DecimalField(
        _("amount, roubles"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=AMOUNT_VALIDATORS,
    )
    # Fields of one type only (targeted training: support measures, future post, ...), checked by its form.
    details = models.JSONField(_("details"), default=dict, blank=True)
    batch = models.ForeignKey(
        ContractBatch,
        verbose_name=_("batch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
    )
    terminated_reason = models.CharField(_("reason for termination"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Everything the document prints, frozen when it leaves the draft; the PDF comes from it.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    snapshot_hash = models.CharField(max_length=64, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=contract_path, blank=True, max_length=300)
    pdf_hash = models.CharField(max_length=64, blank=True, editable=False, help_text="snapshot hash the PDF shows")
    render_count = models.PositiveIntegerField(default=0, editable=False)
    expiry_notice_sent = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="the smallest days-before-expiry notice already sent (30, 7), 0 for none"
    )

    history = HistoricalRecords(excluded_fields=["snapshot", "updated_at", "render_count"])

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-year", "-seq"]
        indexes = [
            models.Index(fields=["partner", "state"]),
            models.Index(fields=["state", "end_date"]),
            models.Index(fields=["type", "year"]),
            # The list's order (selectors.LIST_ORDER): its first and last pages read the index.
            models.Index(fields=["-year", "-seq", "type"], name="contracts_list_order_idx"),
            # Substring search by number (icontains is UPPER(number) LIKE ... on PostgreSQL).
            trigram_index("number", name="contracts_number_trgm"),
            # Contracts in force by end date: the dashboards' «expiring soon», earliest first.
            models.Index(
                fields=["end_date", "id"],
                condition=models.Q(state__in=["signed", "active"]),
                name="contracts_in_force_end_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["type", "year", "seq"], name="contracts_number_unique_per_type_year"),
            ends_after_start("contracts_ends_after_start"),
        ]

    def __str__(self):
        return f"№ {self.number} · {self.get_type_display()}"

    @property
    def is_frozen(self):
        return self.state in FROZEN_STATES

    @property
    def pdf_ready(self):
        return bool(self.pdf) and self.pdf_hash == self.snapshot_hash and bool(self.snapshot_hash)

    def clean(self):
        super().clean()
        if self.type in STUDENT_TYPES and not self.student_id:
            raise ValidationError({"student": _("This contract type needs a student as a party.")})
        if self.type == ContractType.AMENDMENT and not self.parent_id:
            raise ValidationError({"parent": _("An amendment must name the contract it amends.")})
        if self.parent_id and self.type != ContractType.AMENDMENT:
            raise ValidationError({"parent": _("Only an amendment refers to another contract.")})
        if self.partner_signatory_id and self.partner_id and self.partner_signatory.partner_id != self.partner_id:
            raise ValidationError({"partner_signatory": _("The signatory must work at the organisation.")})


class Party(models.TextChoices):
    COLLEGE = "college", _("College")
    ORGANISATION = "organisation", _("Organisation")
    STUDENT = "student", _("Student")


class SignatureKind(models.TextChoices):
    PAPER = "paper", _("Signed on paper")
    SCAN = "scan", _("Scanned copy uploaded")
    ELECTRONIC = "electronic", _("Electronically signed file uploaded")


class Signature(models.Model):
    """One party's signature of a contract."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    signer_name = models.CharField(_("signed by"), max_length=300)
    signed_on = models.DateField(_("signed on"), validators=[validate_plausible_date])
    kind = models.CharField(_("kind"), max_length=20, choices=SignatureKind.choices)
    file = models.FileField(_("file"), upload_to=contract_path, blank=True, max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["contract", "party"]
        constraints = [models.UniqueConstraint(fields=["contract", "party"], name="contracts_one_signature_per_party")]

    def __str__(self):
        return f"{self.contract} · {self.get_party_display()}"

    def clean(self):
        super().clean()
        if self.kind in (SignatureKind.SCAN, SignatureKind.ELECTRONIC) and not self.file:
            raise ValidationError({"file": _("Upload the signed file.")})


class ClauseText(models.Model):
    """A clause of a contract type whose wording administrators may adjust without code.

    The text is plain text: ``{name}`` placeholders from a fixed list are replaced with the
    contract's data and everything is escaped; no template code from the database ever runs.
    """

    type = models.CharField(_("contract type"), max_length=30, choices=ContractType.choices)
    key = models.SlugField(_("key"), max_length=50)
    title = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), max_length=10000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("clause text")
        verbose_name_plural = _("clause texts")
        ordering = ["type", "order"]
        constraints = [models.UniqueConstraint(fields=["type", "key"], name="contracts_clause_unique_key")]

    def __str__(self):
        return f"{self.get_type_display()} · {self.title}"

    def clean(self):
        super().clean()
        from .documents import placeholders_of  # the names the type's clause file uses

        allowed = placeholders_of(self.type) if self.type else set()
        unknown = sorted(set(re.findall(r"\{(\w+)\}", self.text + self.title)) - allowed)
        if unknown:
            raise ValidationError(
                {"text": _("Unknown placeholders: %(names)s. Allowed: %(allowed)s.")
                 % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}}
            )  # fmt: skip


class ObligationStatus(models.TextChoices):
    STUDYING = "studying", _("Studying")
    TO_BE_EMPLOYED = "to_be_employed", _("To be employed")
    WORKING = "working", _("Working off the obligation")
    FULFILLED = "fulfilled", _("Fulfilled")
    BREACHED = "breached", _("Breached")


class TargetedObligation(TimeStampedModel):
    """The graduate's obligation under a targeted-training contract, tracked until fulfilled."""

    contract = models.OneToOneField(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="obligation"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.STUDYING
    )
    employment_deadline = models.DateField(_("employment deadline"), validators=[validate_plausible_date])
    work_years = models.PositiveSmallIntegerField(
        _("years to work"), default=3, validators=[MinValueValidator(3), MaxValueValidator(10)]
    )
    employed_on = models.DateField(_("employed on"), null=True, blank=True, validators=[validate_plausible_date])
    notes = models.TextField(_("notes"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("targeted-training obligation")
        verbose_name_plural = _("targeted-training obligations")
        ordering = ["employment_deadline"]

    def __str__(self):
        return str(self.contract)

    @property
    def work_until(self):
        if not self.employed_on:
            return None
        try:
            return self.employed_on.replace(year=self.employed_on.year + self.work_years)
        except ValueError:  # 29 February
            return self.employed_on.replace(year=self.employed_on.year + self.work_years, day=28)
