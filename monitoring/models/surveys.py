"""Models: surveys.

A survey is an ordered list of questions; a campaign sends it to an audience, one personal link
(a recipient row) per person. An answer (a response with one answer per question) is linked to
its recipient only when the campaign is not anonymous. For an anonymous campaign the recipient
row keeps a bare "used" flag and no time, and the response keeps only the day it came in, so the
two cannot be matched by id or by timing.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnership_portal.models import TimeStampedModel

__all__ = [
    "Survey",
    "QuestionKind",
    "Question",
    "Audience",
    "CampaignState",
    "Campaign",
    "Recipient",
    "Response",
    "Answer",
]

SCALE_MIN, SCALE_MAX = 1, 5
MAX_OPTIONS = 20
MAX_QUESTIONS = 60


class Survey(TimeStampedModel):
    """A questionnaire; a template is one staff copy new surveys from."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("introduction"), blank=True, max_length=3000)
    is_template = models.BooleanField(_("template"), default=False)
    # Set on the ready templates the portal installs, so installing twice adds nothing.
    template_key = models.SlugField(_("template key"), max_length=50, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-is_template", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template_key"], condition=~models.Q(template_key=""), name="survey_unique_template_key"
            )
        ]
        indexes = [models.Index(fields=["is_template", "title"])]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]
        indexes = [models.Index(fields=["survey", "order"])]

    def __str__(self):
        return self.text

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS


class Audience(models.TextChoices):
    STUDENTS = "students", _("Students of chosen groups")
    GRADUATES = "graduates", _("Graduates of a year")
    CONTACTS = "contacts", _("Partners' contacts")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Campaign(TimeStampedModel):
    """A survey sent to an audience. Audience and anonymity are fixed once it is opened."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=300)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    groups = models.ManyToManyField(
        "practice.StudyGroup", verbose_name=_("groups"), blank=True, related_name="survey_campaigns"
    )
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    partners = models.ManyToManyField(
        "partners.Partner",
        verbose_name=_("partners"),
        blank=True,
        related_name="survey_campaigns",
        help_text=_("None chosen: every active partner."),
    )
    anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("Answers are not linked to the people who gave them.")
    )
    closes_on = models.DateField(_("answers accepted until"))
    state = models.CharField(_("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "opened_at"]), models.Index(fields=["opened_at"])]

    def __str__(self):
        return self.title

    @property
    def is_draft(self):
        return self.state == CampaignState.DRAFT


class Recipient(models.Model):
    """One personal link. The token is signed (see services.surveys.recipient_token), not stored.
    No timestamps here on purpose: for an anonymous campaign the moment of use must not be kept."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="recipients"
    )
    student = models.ForeignKey(
        "practice.Student",
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_links",
    )
    contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_links",
    )
    name = models.CharField(_("name"), max_length=500)
    email = models.EmailField(_("e-mail"), blank=True)
    emailed = models.BooleanField(_("link e-mailed"), default=False)
    used = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ["campaign", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(student__isnull=True) | models.Q(contact__isnull=True),
                name="recipient_one_person",
            ),
            models.UniqueConstraint(fields=["campaign", "student"], name="recipient_unique_student"),
            models.UniqueConstraint(fields=["campaign", "contact"], name="recipient_unique_contact"),
        ]
        indexes = [models.Index(fields=["campaign", "used"])]

    def __str__(self):
        return self.name


class Response(models.Model):
    """A filled-in questionnaire. ``recipient`` is set only when the campaign is not anonymous;
    the database refuses any other combination."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="responses"
    )
    anonymous = models.BooleanField(_("anonymous"))
    recipient = models.OneToOneField(
        Recipient,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
    )
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["campaign", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=True, recipient__isnull=True)
                | models.Q(anonymous=False, recipient__isnull=False),
                name="response_anonymous_has_no_recipient",
            )
        ]

    def __str__(self):
        return f"{self.campaign} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    scale = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    choices = models.JSONField(_("options chosen"), default=list, blank=True)  # option indexes; JSON for SQLite too
    text = models.TextField(_("text"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question"),
            models.CheckConstraint(
                condition=models.Q(scale__isnull=True) | models.Q(scale__gte=SCALE_MIN, scale__lte=SCALE_MAX),
                name="answer_scale_range",
            ),
        ]
        indexes = [models.Index(fields=["question", "response"])]

    def __str__(self):
        return f"{self.question}: {self.scale or self.choices or self.text[:50]}"
