"""Practice: the college's groups, students and teachers; practice periods; employers' offers;
placements with their evaluation sheets; diploma theses with employer reviews; teacher
internships at enterprises.

Students are data subjects, not users: employers see only the students placed with them (or
whose thesis they review), and every such access is logged (``StudentDataAccess``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership_portal.indexes import trigram_index
from partnership_portal.models import ImportStatus, SpreadsheetImport, TimeStampedModel, ends_after_start, full_name
from partnership_portal.russian import Gender
from partnership_portal.validators import YEAR_VALIDATORS, validate_plausible_date

# The longest practice period or teacher internship, in hours: a year of full-time work (issue 13).
MAX_HOURS = 2000

# --- College reference data -----------------------------------------------------------------


class StudyGroup(TimeStampedModel):
    name = models.CharField(_("name"), max_length=50, unique=True, help_text=_("For example ТМ-23-1."))
    specialty = models.ForeignKey(
        "partners.Specialty", verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="groups"
    )
    admission_year = models.PositiveSmallIntegerField(_("admission year"), validators=YEAR_VALIDATORS)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), validators=YEAR_VALIDATORS)

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["name"]
        indexes = [models.Index(fields=["graduation_year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(graduation_year__gte=F("admission_year")),
                name="practice_group_graduates_after_admission",
                violation_error_message=_("The graduation year cannot be before the admission year."),
            )
        ]

    def __str__(self):
        return self.name

    def course_on(self, day):
        """The course (курс) the group is in on ``day``: the academic year starts on 1 September,
        so a group admitted in 2023 is in its 1st course until August 2024. Kept within the years
        of study (a practice in the summer after the last course still counts as that course)."""
        course = day.year - self.admission_year + (1 if day.month >= 9 else 0)
        return min(max(course, 1), max(self.graduation_year - self.admission_year, 1))


class StudentStatus(models.TextChoices):
    STUDYING = "studying", _("Studying")
    ACADEMIC_LEAVE = "academic_leave", _("On academic leave")
    GRADUATED = "graduated", _("Graduated")
    EXPELLED = "expelled", _("Expelled")


class Student(TimeStampedModel):
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
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    group = models.ForeignKey(StudyGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="students")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=StudentStatus.choices, default=StudentStatus.STUDYING)
    # A minor signs contracts together with a legal representative (art. 26 of the Civil Code).
    guardian_name = models.CharField(
        _("legal representative"),
        max_length=300,
        blank=True,
        help_text=_("Full name of a parent or guardian; needed while the student is under 18."),
    )
    guardian_document = models.CharField(
        _("representative's document"),
        max_length=300,
        blank=True,
        help_text=_("What makes them the representative, for example «свидетельство о рождении II-АИ № 123456»."),
    )

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "middle_name"]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["last_name", "first_name"]),
            # The thesis and contract searches match parts of names (``icontains``).
            trigram_index("last_name", name="practice_student_last_trgm"),
            trigram_index("first_name", name="practice_student_first_trgm"),
            trigram_index("middle_name", name="practice_student_middle_trgm"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self)

    def age_on(self, day):
        if not self.birth_date:
            return None
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Teacher(TimeStampedModel):
    """A college teacher: supervises practice and theses, does internships at enterprises."""

    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    middle_name = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teacher",
    )
    is_active = models.BooleanField(_("works at the college"), default=True)

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self)


# --- Practice periods -----------------------------------------------------------------------

# The general competences (ОК) common to every specialty of the current ФГОС СПО (2022 onwards);
# a period that lists none is evaluated on these.
DEFAULT_GENERAL_COMPETENCES = (
    "ОК 01. Выбирать способы решения задач профессиональной деятельности применительно к различным контекстам",
    "ОК 02. Использовать современные средства поиска, анализа и интерпретации информации и информационные "
    "технологии для выполнения задач профессиональной деятельности",
    "ОК 03. Планировать и реализовывать собственное профессиональное и личностное развитие, предпринимательскую "
    "деятельность в профессиональной сфере, использовать знания по правовой и финансовой грамотности в различных "
    "жизненных ситуациях",
    "ОК 04. Эффективно взаимодействовать и работать в коллективе и команде",
    "ОК 05. Осуществлять устную и письменную коммуникацию на государственном языке Российской Федерации с учетом "
    "особенностей социального и культурного контекста",
    "ОК 06. Проявлять гражданско-патриотическую позицию, демонстрировать осознанное поведение на основе "
    "традиционных российских духовно-нравственных ценностей, в том числе с учетом гармонизации межнациональных и "
    "межрелигиозных отношений, применять стандарты антикоррупционного поведения",
    "ОК 07. Содействовать сохранению окружающей среды, ресурсосбережению, применять знания об изменении климата, "
    "принципы бережливого производства, эффективно действовать в чрезвычайных ситуациях",
    "ОК 08. Использовать средства физической культуры для сохранения и укрепления здоровья в процессе "
    "профессиональной деятельности и поддержания необходимого уровня физической подготовленности",
    "ОК 09. Пользоваться профессиональной документацией на государственном и иностранном языках",
)


class PracticeKind(models.TextChoices):
    TRAINING = "training", _("Training practice")
    WORK = "work", _("Work practice")
    PRE_DIPLOMA = "pre_diploma", _("Pre-diploma practice")


class PracticePeriod(TimeStampedModel):
    """A practice of one group: kind, professional module, dates, hours and competences."""

    kind = models.CharField(_("kind"), max_length=20, choices=PracticeKind.choices)
    group = models.ForeignKey(StudyGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="periods")
    module = models.CharField(
        _("professional module"),
        max_length=300,
        blank=True,
        help_text=_("For example: ПМ.01 Разработка технологических процессов."),
    )
    start_date = models.DateField(_("start"), validators=[validate_plausible_date])
    end_date = models.DateField(_("end"), validators=[validate_plausible_date])
    hours = models.PositiveSmallIntegerField(
        _("hours"), validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)]
    )
    college_supervisor = models.ForeignKey(
        Teacher,
        verbose_name=_("college supervisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="periods",
    )
    # Free-text limits (issue 13), enforced by the forms: 4000 characters are a page of prose (a
    # sheet or review section, a list of competences), 2000 a comment; a document stays bounded.
    competences = models.TextField(
        _("professional competences"),
        blank=True,
        max_length=4000,
        help_text=_(
            "One per line, as the evaluation sheet lists them, e.g. «ПК 1.1. Использовать конструкторскую документацию»."
        ),
    )
    general_competences = models.TextField(
        _("general competences"),
        blank=True,
        max_length=4000,
        help_text=_("One per line, e.g. «ОК 01. …». Leave empty: the sheet lists ОК 01–ОК 09 of the current ФГОС СПО."),
    )

    class Meta:
        verbose_name = _("practice period")
        verbose_name_plural = _("practice periods")
        ordering = ["-start_date", "group__name"]
        indexes = [models.Index(fields=["start_date", "end_date"])]
        constraints = [ends_after_start("practice_period_ends_after_start")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.group} · {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"

    @property
    def competence_list(self):
        return [line.strip() for line in self.competences.splitlines() if line.strip()]

    @property
    def general_competence_list(self):
        listed = [line.strip() for line in self.general_competences.splitlines() if line.strip()]
        return listed or list(DEFAULT_GENERAL_COMPETENCES)


# --- Offers ---------------------------------------------------------------------------------


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Offer(TimeStampedModel):
    """Practice or internship places an employer offers for a specialty."""

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="offers"
    )
    specialty = models.ForeignKey(
        "partners.Specialty", verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("For example: Производственная практика в механическом цехе.")
    )
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    start_date = models.DateField(_("from"), validators=[validate_plausible_date])
    end_date = models.DateField(_("to"), validators=[validate_plausible_date])
    location = models.CharField(_("location"), max_length=500, blank=True)
    requirements = models.TextField(_("requirements"), blank=True, max_length=4000)
    is_paid = models.BooleanField(_("paid"), default=False)
    contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
    )
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-start_date", "-created_at"]
        indexes = [models.Index(fields=["status", "end_date"]), models.Index(fields=["partner", "status"])]
        constraints = [ends_after_start("practice_offer_ends_after_start")]

    def __str__(self):
        return f"{self.title} · {self.partner}"


# --- Placements and evaluations -------------------------------------------------------------


class PlacementState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    EVALUATED = "evaluated", _("Evaluated")
    CANCELLED = "cancelled", _("Cancelled")


# The workflow: which state may follow which (cancelling is possible until evaluated).
PLACEMENT_TRANSITIONS = {
    PlacementState.PLANNED: {PlacementState.CONFIRMED, PlacementState.CANCELLED},
    PlacementState.CONFIRMED: {PlacementState.IN_PROGRESS, PlacementState.CANCELLED},
    PlacementState.IN_PROGRESS: {PlacementState.COMPLETED, PlacementState.CANCELLED},
    PlacementState.COMPLETED: {PlacementState.EVALUATED, PlacementState.CANCELLED},
    PlacementState.EVALUATED: set(),
    PlacementState.CANCELLED: set(),
}


class Placement(TimeStampedModel):
    """A student at a partner for a practice period."""

    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="placements")
    period = models.ForeignKey(
        PracticePeriod, verbose_name=_("practice period"), on_delete=models.PROTECT, related_name="placements"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="placements"
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    start_date = models.DateField(_("start"), validators=[validate_plausible_date])
    end_date = models.DateField(_("end"), validators=[validate_plausible_date])
    employer_supervisor = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("supervisor from the organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_placements",
    )
    college_supervisor = models.ForeignKey(
        Teacher,
        verbose_name=_("supervisor from the college"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_placements",
    )
    state = models.CharField(_("state"), max_length=20, choices=PlacementState.choices, default=PlacementState.PLANNED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["period", "student__last_name", "student__first_name"]
        indexes = [
            models.Index(fields=["partner", "state"]),
            models.Index(fields=["student", "start_date", "end_date"]),
            models.Index(fields=["period", "state"]),
        ]
        constraints = [
            ends_after_start("practice_placement_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | ~Q(cancel_reason=""),
                name="practice_cancelled_placement_has_reason",
                violation_error_message=_("Say why the placement is cancelled."),
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.partner} · {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"

    @property
    def is_active(self):
        return self.state != PlacementState.CANCELLED


class Grade(models.IntegerChoices):
    EXCELLENT = 5, _("5 (excellent)")
    GOOD = 4, _("4 (good)")
    SATISFACTORY = 3, _("3 (satisfactory)")
    UNSATISFACTORY = 2, _("2 (unsatisfactory)")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


def document_path(instance, filename):
    """Generated and uploaded documents live under MEDIA_ROOT, never under a public URL; a saved
    object's files sit in a folder of its own, so a re-rendered document keeps its name."""
    folder = instance.pk or f"new/{timezone.now():%Y/%m}"
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{folder}/{filename}"


class Evaluation(TimeStampedModel):
    """The practice evaluation sheet (аттестационный лист) the employer supervisor fills."""

    placement = models.OneToOneField(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="evaluation"
    )
    # [{"name": "ПК 1.1 …", "mastered": true}, …] in the period's order; the same for the ОК.
    competences = models.JSONField(_("competences"), default=list, blank=True)
    general_competences = models.JSONField(_("general competences"), default=list, blank=True)
    work_done = models.TextField(_("work done"), blank=True, max_length=4000)
    quality = models.TextField(_("quality of work"), blank=True, max_length=4000)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # What the printed sheet shows, frozen at submission; the PDF is rendered from it.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=document_path, blank=True)

    class Meta:
        verbose_name = _("evaluation sheet")
        verbose_name_plural = _("evaluation sheets")

    def __str__(self):
        return str(self.placement)


# --- Theses and reviews ---------------------------------------------------------------------


class Thesis(TimeStampedModel):
    """A diploma project (ВКР) and who reviews it."""

    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="theses")
    topic = models.CharField(_("topic"), max_length=500)
    supervisor = models.ForeignKey(
        Teacher, verbose_name=_("supervisor"), on_delete=models.SET_NULL, null=True, blank=True, related_name="theses"
    )
    ordered_by = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("ordered by an enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ordered_theses",
        help_text=_("If the topic is «по заказу предприятия»."),
    )
    file = models.FileField(_("thesis file (PDF)"), upload_to=document_path, blank=True)
    reviewer = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_theses",
    )
    review_due = models.DateField(_("review due"), null=True, blank=True, validators=[validate_plausible_date])
    defence_date = models.DateField(_("defence date"), null=True, blank=True, validators=[validate_plausible_date])
    reminder_sent_on = models.DateField(_("reminder sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("thesis")
        verbose_name_plural = _("theses")
        ordering = ["student__group__name", "student__last_name"]
        indexes = [
            models.Index(fields=["reviewer", "review_due"]),
            # The search's substring match on the topic (``icontains``).
            trigram_index("topic", name="practice_thesis_topic_trgm"),
        ]

    def __str__(self):
        return f"{self.student}: {self.topic}"

    def clean(self):
        super().clean()
        if self.reviewer_id and not self.review_due:
            raise ValidationError({"review_due": _("Give the reviewer a due date.")})
        if self.review_due and self.defence_date and self.review_due >= self.defence_date:
            raise ValidationError(
                {
                    "review_due": _(
                        "The review is due before the defence: the student must see it at least a day before."
                    )
                }
            )


class Review(TimeStampedModel):
    """The employer specialist's review (рецензия) of a thesis."""

    thesis = models.OneToOneField(Thesis, verbose_name=_("thesis"), on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey(
        "partners.Contact", verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="reviews"
    )
    relevance = models.TextField(_("relevance of the topic"), blank=True, max_length=4000)
    assignment_compliance = models.TextField(_("compliance with the assignment"), blank=True, max_length=4000)
    structure = models.TextField(_("structure and content"), blank=True, max_length=4000)
    sources = models.TextField(_("use of sources"), blank=True, max_length=4000)
    originality = models.TextField(_("originality and soundness of the solutions"), blank=True, max_length=4000)
    economic_justification = models.TextField(_("economic justification"), blank=True, max_length=4000)
    formatting = models.TextField(_("formatting to the standards"), blank=True, max_length=4000)
    practical_value = models.TextField(_("practical value"), blank=True, max_length=4000)
    shortcomings = models.TextField(_("shortcomings"), blank=True, max_length=4000)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices, null=True, blank=True)
    # The reviewer states these; they are printed in the review (and frozen with it).
    reviewer_qualification = models.CharField(
        _("reviewer's qualification"),
        max_length=500,
        blank=True,
        help_text=_(
            "Education, academic degree, years of service or qualification category, for example «высшее, "
            "инженер-механик; стаж работы по специальности 15 лет»."
        ),
    )
    note_pages = models.PositiveSmallIntegerField(
        _("pages of the explanatory note"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    drawing_sheets = models.PositiveSmallIntegerField(
        _("drawing sheets"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(500)],
        help_text=_("Sheets of drawings and other graphic material; 0 if the work has none."),
    )
    recommended_for_production = models.BooleanField(_("recommended for use in production"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=document_path, blank=True)

    SECTIONS = (
        "relevance",
        "assignment_compliance",
        "structure",
        "sources",
        "originality",
        "economic_justification",
        "formatting",
        "practical_value",
        "shortcomings",
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            # The staff dashboard counts theses by the state of their review: joined through this
            # index alone, without reading the reviews' long texts.
            models.Index(fields=["status", "thesis"], name="practice_review_state_idx"),
        ]

    def __str__(self):
        return str(self.thesis)


# --- Teacher internships --------------------------------------------------------------------


class TeacherInternship(TimeStampedModel):
    """A teacher's internship (стажировка) at an enterprise."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="internships"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="teacher_internships"
    )
    start_date = models.DateField(_("start"), validators=[validate_plausible_date])
    end_date = models.DateField(_("end"), validators=[validate_plausible_date])
    hours = models.PositiveSmallIntegerField(
        _("hours"), validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)]
    )
    topic = models.CharField(_("programme or topic"), max_length=500)
    result_document = models.FileField(_("result document (PDF)"), upload_to=document_path, blank=True)

    class Meta:
        verbose_name = _("teacher internship")
        verbose_name_plural = _("teacher internships")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["teacher", "end_date"])]
        constraints = [ends_after_start("practice_internship_ends_after_start")]

    def __str__(self):
        return f"{self.teacher} · {self.partner} · {self.start_date:%d.%m.%Y}"


# --- Personal data ----------------------------------------------------------------------------


class StudentDataAccess(models.Model):
    """A log of who saw or exported students' personal data (152-ФЗ)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        DOWNLOAD = "download", _("Downloaded a document")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_accesses",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("what"), max_length=300)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("student data access")
        verbose_name_plural = _("student data accesses")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.user} {self.get_action_display()} {self.detail}"


# --- Imports ----------------------------------------------------------------------------------


class StudentImport(SpreadsheetImport):
    """An uploaded file of groups and their students (see ``practice/services/student_import.py``)."""

    Status = ImportStatus

    class Meta(SpreadsheetImport.Meta):
        verbose_name = _("student import")
        verbose_name_plural = _("student imports")
