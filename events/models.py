"""Events: the organisational forms of the partnership — joint events with their participants,
results and files; demonstration-exam experts; councils and other bodies with their meetings,
decisions and protocols; partners' contributions and co-financed development programmes.

The app sits beside ``practice`` and ``contracts``: it may import ``partners``, ``practice`` and
``contracts``, never the reverse (the partner card and the activity date learn about events
through the registries of ``partners``).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnership_portal.indexes import trigram_index
from partnership_portal.models import TimeStampedModel
from partnership_portal.validators import AMOUNT_VALIDATORS, YEAR_VALIDATORS, validate_plausible_date

# Upper bounds of the counts people type (issue 13): a city festival's crowd, a council's vote.
MAX_VISITORS = 100_000
MAX_VOTES = 1000


def event_file_path(instance, filename):
    """Files live under MEDIA_ROOT in a folder per object; served only by permission-checked views."""
    owner = getattr(instance, "event_id", None) or getattr(instance, "meeting_id", None) or instance.pk or "new"
    return f"events/{type(instance).__name__.lower()}/{owner}/{filename}"


# --- Joint events ---------------------------------------------------------------------------


class EventType(models.TextChoices):
    COMPETITION = "competition", _("Skill competition")
    DEMO_EXAM = "demo_exam", _("Demonstration exam")
    VETERANS_MEETING = "veterans_meeting", _("Meeting with industry veterans")
    SPORTS = "sports", _("Sports event")
    CULTURAL = "cultural", _("Cultural event")
    EXCURSION = "excursion", _("Excursion to production")
    FAIR = "fair", _("Fair or exhibition")
    CAREER_DAY = "career_day", _("Career day")
    MASTER_CLASS = "master_class", _("Master class")
    OPEN_DAY = "open_day", _("Open day")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the employer")
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")


EVENT_TRANSITIONS = {
    EventStatus.PROPOSED: {EventStatus.PLANNED, EventStatus.DECLINED},
    EventStatus.PLANNED: {EventStatus.HELD, EventStatus.CANCELLED},
    EventStatus.HELD: set(),
    EventStatus.CANCELLED: set(),
    EventStatus.DECLINED: set(),
}


class EventPlace(models.TextChoices):
    COLLEGE = "college", _("At the college")
    PARTNER = "partner", _("At a partner's site")
    OTHER = "other", _("Elsewhere")


class Event(TimeStampedModel):
    type = models.CharField(_("type"), max_length=30, choices=EventType.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_at = models.DateTimeField(_("starts"), validators=[validate_plausible_date])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_plausible_date])
    place = models.CharField(_("place"), max_length=20, choices=EventPlace.choices, default=EventPlace.COLLEGE)
    site_partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner's site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", verbose_name=_("partners involved"), blank=True, related_name="events"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
    )
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_events",
    )
    visitors = models.PositiveIntegerField(
        _("visitors (approximately)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_VISITORS)],
        help_text=_("For large crowds: «около 200 посетителей»."),
    )
    report = models.TextField(_("short report"), blank=True, max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # The list's search (``icontains``) through trigram indexes (PostgreSQL only).
            trigram_index("title", name="events_title_trgm"),
            trigram_index("description", name="events_description_trgm"),
            trigram_index("address", name="events_address_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.place == EventPlace.PARTNER and not self.site_partner_id:
            raise ValidationError({"site_partner": _("Choose the partner whose site hosts the event.")})
        if self.status in (EventStatus.CANCELLED, EventStatus.DECLINED) and not self.status_reason.strip():
            raise ValidationError({"status_reason": _("Say why.")})


class ParticipantKind(models.TextChoices):
    STUDENT = "student", _("Student")
    STAFF = "staff", _("Staff")
    CONTACT = "contact", _("Partner's employee")


class Participant(models.Model):
    """One person taking part: a student, a staff member or a partner's employee."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants")
    student = models.ForeignKey(
        "practice.Student", verbose_name=_("student"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="event_participations",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="event_participations",
    )  # fmt: skip
    contact = models.ForeignKey(
        "partners.Contact", verbose_name=_("partner's employee"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="event_participations",
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=200, blank=True, help_text=_("Participant, judge, speaker …"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )  # fmt: skip
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(student__isnull=False, user__isnull=True, contact__isnull=True)
                    | Q(student__isnull=True, user__isnull=False, contact__isnull=True)
                    | Q(student__isnull=True, user__isnull=True, contact__isnull=False)
                ),
                name="events_participant_is_one_person",
            ),
            models.UniqueConstraint(fields=["event", "student"], name="events_participant_student_once"),
            models.UniqueConstraint(fields=["event", "user"], name="events_participant_user_once"),
            models.UniqueConstraint(fields=["event", "contact"], name="events_participant_contact_once"),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def person(self):
        return self.student or self.user or self.contact

    @property
    def kind(self):
        if self.student_id:
            return ParticipantKind.STUDENT
        return ParticipantKind.STAFF if self.user_id else ParticipantKind.CONTACT


class CompetitionResult(models.Model):
    """A place taken at a competition (a student of the college, or anyone else by name)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="results")
    place = models.PositiveSmallIntegerField(_("place"), validators=[MinValueValidator(1), MaxValueValidator(1000)])
    student = models.ForeignKey(
        "practice.Student", verbose_name=_("student"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="competition_results",
    )  # fmt: skip
    name = models.CharField(_("winner"), max_length=300, blank=True, help_text=_("When the winner is not our student."))
    nomination = models.CharField(_("competence or nomination"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("competition result")
        verbose_name_plural = _("competition results")
        ordering = ["event", "place"]

    def __str__(self):
        return f"{self.place}: {self.student or self.name}"


class EventFileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class EventFile(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=EventFileKind.choices)
    file = models.FileField(_("file"), upload_to=event_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("event file")
        verbose_name_plural = _("event files")
        ordering = ["event", "uploaded_at"]

    def __str__(self):
        return self.original_name


class CalendarFeed(models.Model):
    """A user's personal iCal feed: a secret token in the URL, revoked by issuing a new one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


# --- Demonstration-exam experts --------------------------------------------------------------


class Expert(TimeStampedModel):
    """A partner's employee certified as a demonstration-exam expert in one competence."""

    contact = models.ForeignKey(
        "partners.Contact", verbose_name=_("partner's employee"), on_delete=models.CASCADE, related_name="expertises"
    )
    competence = models.CharField(_("competence"), max_length=300)
    certificate_number = models.CharField(_("certificate number"), max_length=100)
    certificate_expires_on = models.DateField(_("certificate valid until"), validators=[validate_plausible_date])

    class Meta:
        verbose_name = _("demonstration-exam expert")
        verbose_name_plural = _("demonstration-exam experts")
        ordering = ["certificate_expires_on"]
        indexes = [models.Index(fields=["certificate_expires_on"])]
        constraints = [
            models.UniqueConstraint(fields=["contact", "competence"], name="events_expert_one_per_competence")
        ]

    def __str__(self):
        return f"{self.contact} · {self.competence}"


class ExpertNomination(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="nominations")
    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="nominations")
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)

    class Meta:
        verbose_name = _("expert nomination")
        verbose_name_plural = _("expert nominations")
        constraints = [models.UniqueConstraint(fields=["event", "expert"], name="events_nomination_once")]

    def __str__(self):
        return f"{self.expert} → {self.event}"


# --- Councils and other bodies ---------------------------------------------------------------


class BodyKind(models.TextChoices):
    BOARD_OF_TRUSTEES = "board_of_trustees", _("Board of trustees")
    EMPLOYERS_COUNCIL = "employers_council", _("Employers' council")
    METHODICAL_COUNCIL = "methodical_council", _("Methodical council with employers")
    OTHER = "other", _("Other body")


class Body(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=300)
    charter = models.FileField(_("charter (PDF)"), upload_to=event_file_path, blank=True, max_length=300)
    description = models.TextField(_("powers and purpose"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("council or body")
        verbose_name_plural = _("councils and bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY = "deputy", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A member of a body for a term: a partner's employee or a staff member."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships")
    contact = models.ForeignKey(
        "partners.Contact", verbose_name=_("partner's employee"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships",
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_start = models.DateField(_("member from"), validators=[validate_plausible_date])
    term_end = models.DateField(_("member until"), null=True, blank=True, validators=[validate_plausible_date])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, user__isnull=True) | Q(contact__isnull=True, user__isnull=False),
                name="events_membership_is_one_person",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="events_membership_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"

    @property
    def person(self):
        return self.contact or self.user

    def covers(self, day):
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


def active_memberships_q(day, prefix=""):
    """Members whose term covers ``day``."""
    return Q(**{f"{prefix}term_start__lte": day}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": day})
    )


class Meeting(TimeStampedModel):
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(_("number"))
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    place = models.CharField(_("place"), max_length=500)
    attendees = models.ManyToManyField(Membership, verbose_name=_("present"), blank=True, related_name="meetings")
    # The protocol: frozen, then rendered (as contracts are).
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    snapshot_hash = models.CharField(max_length=64, blank=True, editable=False)
    pdf = models.FileField(_("protocol (PDF)"), upload_to=event_file_path, blank=True, max_length=300)
    pdf_hash = models.CharField(max_length=64, blank=True, editable=False)
    render_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["body", "-date", "-number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="events_meeting_number_per_body")]

    def __str__(self):
        return f"{self.body} · № {self.number}"

    @property
    def pdf_ready(self):
        return bool(self.pdf) and bool(self.snapshot_hash) and self.pdf_hash == self.snapshot_hash


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("question"), max_length=500)
    heard = models.TextField(_("heard"), blank=True, max_length=5000, help_text=_("«Слушали»: who reported and what."))
    speakers = models.TextField(_("spoke"), blank=True, max_length=5000, help_text=_("«Выступили»."))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]

    def __str__(self):
        return f"{self.order}. {self.title}"


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Decision(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=5000)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0, validators=[MaxValueValidator(MAX_VOTES)])
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0, validators=[MaxValueValidator(MAX_VOTES)])
    votes_abstained = models.PositiveSmallIntegerField(
        _("abstained"), default=0, validators=[MaxValueValidator(MAX_VOTES)]
    )
    owner = models.CharField(_("responsible"), max_length=300, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True, validators=[validate_plausible_date])
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "item__order", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.text[:80]

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status == DecisionStatus.OPEN and self.due_date is not None and self.due_date < today


# --- Contributions and joint financing ---------------------------------------------------------


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Money")
    EQUIPMENT = "equipment", _("Equipment")
    SOFTWARE = "software", _("Software licences")
    MATERIALS = "materials", _("Materials")
    TRAINING = "training", _("Training for staff")
    PRIZES = "prizes", _("Prizes")


class Programme(TimeStampedModel):
    """A development programme co-financed by partners (a workshop, a laboratory, a specialty)."""

    name = models.CharField(_("name"), max_length=300)
    specialty = models.ForeignKey(
        "partners.Specialty", verbose_name=_("specialty"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="programmes",
    )  # fmt: skip
    budget = models.DecimalField(_("budget, roubles"), max_digits=14, decimal_places=2, validators=AMOUNT_VALIDATORS)
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("to year"), validators=YEAR_VALIDATORS)
    description = models.TextField(_("description"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("development programme")
        verbose_name_plural = _("development programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="events_programme_ends_after_start",
                violation_error_message=_("The programme cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.name


class Contribution(TimeStampedModel):
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    value = models.DecimalField(_("value, roubles"), max_digits=14, decimal_places=2, validators=AMOUNT_VALIDATORS)
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    description = models.CharField(_("what"), max_length=500)
    inventory_number = models.CharField(_("inventory number"), max_length=100, blank=True)
    specialty = models.ForeignKey(
        "partners.Specialty", verbose_name=_("specialty supported"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="contributions",
    )  # fmt: skip
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="contributions",
    )  # fmt: skip
    contract = models.ForeignKey(
        "contracts.Contract", verbose_name=_("contract"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="contributions",
    )  # fmt: skip
    document = models.CharField(_("document"), max_length=300, blank=True,
                                help_text=_("The document it rests on, when it is not a contract of the portal."))  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["partner", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.partner} · {self.get_kind_display()} · {self.value}"

    def clean(self):
        super().clean()
        if self.kind == ContributionKind.EQUIPMENT and not self.inventory_number.strip():
            raise ValidationError({"inventory_number": _("Equipment is recorded with its inventory number.")})
        if self.contract_id and self.partner_id and self.contract.partner_id != self.partner_id:
            raise ValidationError({"contract": _("Choose a contract of this partner.")})
