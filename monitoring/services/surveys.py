"""Services: surveys, their ready templates, campaigns, personal links and answers.

Anonymity: for an anonymous campaign the recipient row is only flagged ``used`` (no time) and the
response has no foreign key to it, only the day it was given; nothing in the database ties an
answer to a person. The link is a signed recipient id, so staff can list the links of students
without an e-mail to hand out; it stops working once used, once the campaign is closed, and after
its closing day.
"""

import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Contact, PartnerStatus
from partnership_portal.emails import absolute_url, send_templated_email
from practice.models import Student, StudentStatus

from ..models.surveys import (
    CHOICE_KINDS,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    Answer,
    Audience,
    Campaign,
    CampaignState,
    Question,
    QuestionKind,
    Recipient,
    Response,
    Survey,
)

logger = logging.getLogger(__name__)

TOKEN_SALT = "monitoring.surveys.link"
# Links are checked against the campaign's closing day; this only bounds a forgotten open campaign.
TOKEN_MAX_AGE = 60 * 60 * 24 * 400


# --- Surveys and the builder ---------------------------------------------------------------


def survey_is_locked(survey):
    """A survey whose campaign has been opened keeps its questions: answers refer to them."""
    return survey.campaigns.exclude(state=CampaignState.DRAFT).exists()


def _check_questions(questions):
    if not questions:
        raise ValidationError(_("Add at least one question."))
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(_("A survey may have at most %(count)d questions.") % {"count": MAX_QUESTIONS})
    for number, question in enumerate(questions, start=1):
        options = question.get("options") or []
        if question["kind"] in CHOICE_KINDS:
            if len(options) < 2:
                raise ValidationError(
                    _("Question %(number)d: a choice question needs at least two options.") % {"number": number}
                )
            if len(options) > MAX_OPTIONS:
                raise ValidationError(
                    _("Question %(number)d: at most %(count)d options.") % {"number": number, "count": MAX_OPTIONS}
                )
        elif options:
            raise ValidationError(_("Question %(number)d: only choice questions have options.") % {"number": number})


@transaction.atomic
def survey_save(*, survey=None, created_by=None, title, description="", is_template=False, questions):
    """Creates a survey or replaces an unlocked one's fields and questions.

    ``questions``: dicts in the order wanted, each with kind, text, help_text, options, required
    and, for a question kept, its ``id``. Questions of the survey not listed are deleted.
    Raises ``ValidationError`` when the survey is locked or a question is malformed."""
    _check_questions(questions)
    if survey is None:
        survey = Survey(created_by=created_by)
    else:
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey_is_locked(survey):
            raise ValidationError(
                _("This survey has been sent: its questions can no longer change. Make a copy to edit.")
            )
    survey.title, survey.description, survey.is_template = title, description, is_template
    survey.full_clean()
    survey.save()
    kept = {question["id"] for question in questions if question.get("id")}
    existing = {question.pk: question for question in survey.questions.all()}
    if kept - set(existing):
        raise ValidationError(_("The questions changed meanwhile. Reload the page and try again."))
    survey.questions.exclude(pk__in=kept).delete()
    for order, values in enumerate(questions, start=1):
        question = existing.get(values.get("id")) or Question(survey=survey)
        question.order = order
        question.kind = values["kind"]
        question.text = values["text"]
        question.help_text = values.get("help_text", "")
        question.options = list(values.get("options") or [])
        question.required = values.get("required", True)
        question.full_clean()
        question.save()
    return survey


def _question_values(question):
    return {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "options": list(question.options),
        "required": question.required,
    }


@transaction.atomic
def survey_copy(*, survey, created_by, title=None):
    """A new, editable survey (not a template) with the same questions: «create from template»."""
    return survey_save(
        created_by=created_by,
        title=title or survey.title,
        description=survey.description,
        is_template=False,
        questions=[_question_values(question) for question in survey.questions.all()],
    )


@transaction.atomic
def survey_delete(*, survey):
    if survey.campaigns.exists():
        raise ValidationError(_("This survey has campaigns: it cannot be deleted."))
    survey.delete()


def _scale(text, help_text="1 — совсем не важно, 5 — очень важно"):
    return {"kind": QuestionKind.SCALE, "text": text, "help_text": help_text, "required": True}


def _choice(kind, text, options, *, required=True, help_text=""):
    return {"kind": kind, "text": text, "options": options, "required": required, "help_text": help_text}


def _text(text):
    return {"kind": QuestionKind.TEXT, "text": text, "required": False, "help_text": ""}


SATISFIED = "1 — совсем не удовлетворены, 5 — полностью удовлетворены"

# The ready templates (their content is Russian data, as the college uses it).
READY_TEMPLATES = {
    "student-motivation": {
        "title": "Мотивация студентов при выборе места работы",
        "description": (
            "Колледж изучает, что важно студентам в будущей работе, чтобы вместе с работодателями "
            "лучше готовить вас к профессии. Опрос занимает около 5 минут."
        ),
        "questions": [
            _scale("Насколько для вас важен уровень дохода?"),
            _scale("Насколько для вас важен карьерный рост?"),
            _scale("Насколько для вас важен престиж работодателя?"),
            _scale("Насколько для вас важна самореализация в профессии?"),
            _choice(
                QuestionKind.SINGLE,
                "Что для вас главное при выборе работодателя?",
                [
                    "Уровень дохода",
                    "Карьерный рост",
                    "Престиж работодателя",
                    "Самореализация в профессии",
                    "Близость к дому",
                    "Социальный пакет",
                ],
            ),
            _choice(
                QuestionKind.MULTIPLE,
                "Что ещё важно для вас при выборе работодателя?",
                [
                    "Официальное трудоустройство",
                    "Обучение и наставничество",
                    "Жильё или компенсация аренды",
                    "Гибкий график",
                    "Современное оборудование",
                    "Коллектив и условия труда",
                ],
                help_text="Можно выбрать несколько вариантов.",
            ),
            _choice(
                QuestionKind.SINGLE,
                "Планируете ли вы работать по специальности после окончания колледжа?",
                ["Да", "Скорее да", "Скорее нет", "Нет", "Пока не знаю"],
            ),
            _text("Что колледж и работодатели могли бы сделать, чтобы вы остались работать в профессии?"),
        ],
    },
    "employer-satisfaction": {
        "title": "Удовлетворённость работодателей сотрудничеством с колледжем",
        "description": (
            "Ваша оценка поможет колледжу улучшить подготовку выпускников и организацию практики. "
            "Опрос занимает около 5 минут."
        ),
        "questions": [
            _scale("Насколько вы удовлетворены уровнем подготовки выпускников колледжа?", SATISFIED),
            _scale("Насколько выпускники владеют практическими навыками по специальности?", SATISFIED),
            _scale("Насколько вы удовлетворены организацией практики студентов?", SATISFIED),
            _scale("Насколько вы удовлетворены взаимодействием с колледжем (связь, документы, сроки)?", SATISFIED),
            _choice(
                QuestionKind.MULTIPLE,
                "Каких умений выпускникам не хватает больше всего?",
                [
                    "Работа на современном оборудовании",
                    "Чтение чертежей и технической документации",
                    "Знание специализированных программ",
                    "Охрана труда и промышленная безопасность",
                    "Работа в команде",
                    "Ответственность и дисциплина",
                ],
                required=False,
                help_text="Можно выбрать несколько вариантов.",
            ),
            _choice(
                QuestionKind.SINGLE,
                "Готовы ли вы продолжать сотрудничество с колледжем?",
                ["Да, и расширить его", "Да, в прежнем объёме", "Скорее нет", "Нет"],
            ),
            _choice(
                QuestionKind.MULTIPLE,
                "В каких формах вы хотели бы сотрудничать?",
                [
                    "Практика студентов",
                    "Целевое обучение",
                    "Участие в экзаменах и конкурсах",
                    "Стажировки преподавателей",
                    "Совместная разработка программ",
                    "Оснащение мастерских",
                ],
                required=False,
            ),
            _text("Ваши предложения колледжу"),
        ],
    },
}


@transaction.atomic
def survey_templates_install(*, created_by=None):
    """Adds the ready templates that are missing (by key); returns the ones added. Idempotent."""
    added = []
    present = set(Survey.objects.filter(template_key__in=READY_TEMPLATES).values_list("template_key", flat=True))
    for key, spec in READY_TEMPLATES.items():
        if key in present:
            continue
        survey = survey_save(
            created_by=created_by,
            title=spec["title"],
            description=spec["description"],
            is_template=True,
            questions=spec["questions"],
        )
        survey.template_key = key
        survey.save(update_fields=["template_key"])
        added.append(survey)
    return added


def ready_templates_missing():
    return Survey.objects.filter(template_key__in=READY_TEMPLATES).count() < len(READY_TEMPLATES)


# --- Campaigns -----------------------------------------------------------------------------


def _check_audience(*, audience, groups, graduation_year, partners):
    if audience == Audience.STUDENTS and not groups:
        raise ValidationError({"groups": _("Choose at least one group.")})
    if audience == Audience.GRADUATES and not graduation_year:
        raise ValidationError({"graduation_year": _("Give the year of graduation.")})


def _campaign_fields(campaign, *, survey, title, audience, anonymous, closes_on, graduation_year, groups, partners):
    _check_audience(audience=audience, groups=groups, graduation_year=graduation_year, partners=partners)
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing day cannot be in the past.")})
    campaign.survey = survey
    campaign.title = title
    campaign.audience = audience
    campaign.anonymous = anonymous
    campaign.closes_on = closes_on
    campaign.graduation_year = graduation_year if audience == Audience.GRADUATES else None
    campaign.full_clean()
    campaign.save()
    campaign.groups.set(groups if audience == Audience.STUDENTS else [])
    campaign.partners.set(partners if audience == Audience.CONTACTS else [])
    return campaign


@transaction.atomic
def campaign_create(*, survey, created_by, groups=(), partners=(), graduation_year=None, **fields):
    """A draft campaign; nothing is sent until it is opened."""
    if survey.is_template:
        raise ValidationError(_("A template is not sent itself: create a survey from it first."))
    campaign = Campaign(created_by=created_by)
    return _campaign_fields(
        campaign, survey=survey, groups=groups, partners=partners, graduation_year=graduation_year, **fields
    )


@transaction.atomic
def campaign_update(*, campaign, groups=(), partners=(), graduation_year=None, **fields):
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_draft:
        raise ValidationError(_("The campaign has been opened: its audience and anonymity are fixed."))
    return _campaign_fields(
        campaign,
        survey=campaign.survey,
        groups=groups,
        partners=partners,
        graduation_year=graduation_year,
        **fields,
    )


def audience_people(campaign):
    """(student, contact, name, email) of everyone the campaign goes to."""
    if campaign.audience == Audience.CONTACTS:
        partners = list(campaign.partners.all())
        contacts = Contact.objects.filter(is_active=True).exclude(email="").select_related("partner")
        contacts = (
            contacts.filter(partner__in=partners) if partners else contacts.filter(partner__status=PartnerStatus.ACTIVE)
        )
        return [(None, contact, contact.full_name, contact.email) for contact in contacts.order_by("pk")]
    if campaign.audience == Audience.STUDENTS:
        students = Student.objects.filter(
            group__in=campaign.groups.all(), status__in=(StudentStatus.STUDYING, StudentStatus.ACADEMIC_LEAVE)
        )
    else:
        students = Student.objects.filter(group__graduation_year=campaign.graduation_year).exclude(
            status=StudentStatus.EXPELLED
        )
    return [(student, None, student.full_name, student.email) for student in students.order_by("pk")]


@transaction.atomic
def campaign_open(*, campaign, by):
    """Opens a draft: creates one personal link per person of the audience and, after commit,
    e-mails the links to those with an address (task ``monitoring.send_survey_links``). People
    without an e-mail get their link from staff (the campaign page lists them)."""
    from ..tasks.surveys import send_survey_links

    campaign = Campaign.objects.select_for_update().select_related("survey").get(pk=campaign.pk)
    if not campaign.is_draft:
        raise ValidationError(_("The campaign is already open or closed."))
    if campaign.closes_on < timezone.localdate():
        raise ValidationError(_("The closing day has passed: change it before opening."))
    if not campaign.survey.questions.exists():
        raise ValidationError(_("The survey has no questions."))
    people = audience_people(campaign)
    if not people:
        raise ValidationError(_("Nobody is in the chosen audience: there is no one to send the survey to."))
    Recipient.objects.bulk_create(
        Recipient(campaign=campaign, student=student, contact=contact, name=name[:500], email=email or "")
        for student, contact, name, email in people
    )
    campaign.state = CampaignState.OPEN
    campaign.opened_at = timezone.now()
    campaign.save(update_fields=["state", "opened_at", "updated_at"])
    transaction.on_commit(lambda: send_survey_links.delay(campaign_id=campaign.pk))
    return campaign


@transaction.atomic
def campaign_close(*, campaign, by):
    """Closes an open campaign: its unused links stop working."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != CampaignState.OPEN:
        raise ValidationError(_("Only an open campaign can be closed."))
    campaign.state = CampaignState.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["state", "closed_at", "updated_at"])
    return campaign


@transaction.atomic
def campaign_delete(*, campaign):
    if not campaign.is_draft:
        raise ValidationError(_("Only a draft campaign can be deleted."))
    campaign.delete()


# --- Links --------------------------------------------------------------------------------


def recipient_token(recipient):
    return signing.dumps(recipient.pk, salt=TOKEN_SALT, compress=True)


def recipient_link(recipient):
    return absolute_url(reverse("monitoring:survey_answer", args=[recipient_token(recipient)]))


class LinkError(Exception):
    """The link cannot be used: ``status`` is 404 (not a link of ours) or 410 (no longer valid)."""

    def __init__(self, message, *, status, title):
        super().__init__(message)
        self.message, self.status, self.title = message, status, title


def _link_invalid():
    return LinkError(
        _("This survey link is not valid. Check that it was copied whole, or ask the college for a new one."),
        status=404,
        title=_("Link not found"),
    )


def _check_recipient(recipient):
    campaign = recipient.campaign
    if campaign.state == CampaignState.DRAFT:
        raise _link_invalid()
    if campaign.state == CampaignState.CLOSED or campaign.closes_on < timezone.localdate():
        raise LinkError(
            _("The survey «%(title)s» is closed: answers are no longer accepted. Thank you for your interest.")
            % {"title": campaign.title},
            status=410,
            title=_("The survey is closed"),
        )
    if recipient.used:
        raise LinkError(
            _("An answer has already been given through this link. Each link can be used once. Thank you!"),
            status=410,
            title=_("Already answered"),
        )


def recipient_from_token(token):
    """The recipient behind a usable link, or ``LinkError`` saying why not. Reads only."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkError(_("This survey link has expired."), status=410, title=_("The survey is closed")) from None
    except signing.BadSignature:
        raise _link_invalid() from None
    if not isinstance(pk, int):
        raise _link_invalid()
    recipient = Recipient.objects.select_related("campaign__survey").filter(pk=pk).first()
    if recipient is None:
        raise _link_invalid()
    _check_recipient(recipient)
    return recipient


def _answer_row(question, value):
    """An ``Answer`` for a cleaned form value, or None when the question was left blank."""
    if question.kind == QuestionKind.SCALE:
        return Answer(question=question, scale=int(value)) if value not in (None, "") else None
    if question.kind == QuestionKind.SINGLE:
        return Answer(question=question, choices=[int(value)]) if value not in (None, "") else None
    if question.kind == QuestionKind.MULTIPLE:
        chosen = sorted({int(item) for item in value or []})
        return Answer(question=question, choices=chosen) if chosen else None
    text = (value or "").strip()
    return Answer(question=question, text=text) if text else None


def _check_answer(question, answer):
    if answer is None:
        if question.required:
            raise ValidationError(_("Answer every required question."))
        return
    if question.is_choice and any(not 0 <= index < len(question.options) for index in answer.choices):
        raise ValidationError(_("An option that does not exist was chosen."))
    if question.kind == QuestionKind.SINGLE and len(answer.choices) != 1:
        raise ValidationError(_("Choose one option."))


@transaction.atomic
def response_submit(*, recipient, values):
    """Records an answer given through ``recipient``'s link; ``values`` maps question id to the
    cleaned form value. The link is used up by a conditional update, so of two parallel submits
    only one gets through (the other gets ``LinkError``). For an anonymous campaign the response
    is not linked to the recipient and the recipient keeps no time of use."""
    campaign = Campaign.objects.select_related("survey").get(pk=recipient.campaign_id)
    recipient.campaign = campaign
    _check_recipient(recipient)
    questions = list(campaign.survey.questions.all())
    answers = []
    for question in questions:
        answer = _answer_row(question, values.get(question.pk))
        _check_answer(question, answer)
        if answer is not None:
            answers.append(answer)
    # Only the row's own columns in the WHERE: PostgreSQL re-checks them on the row a parallel
    # submit has just updated (a join or subquery here would be judged on the old snapshot).
    claimed = Recipient.objects.filter(pk=recipient.pk, used=False).update(used=True)
    if not claimed:
        recipient.refresh_from_db()
        _check_recipient(recipient)  # raises the reason (used, closed)
        raise _link_invalid()
    response = Response.objects.create(
        campaign=campaign,
        anonymous=campaign.anonymous,
        recipient=None if campaign.anonymous else recipient,
        submitted_on=timezone.localdate(),
    )
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    return response


# --- E-mail --------------------------------------------------------------------------------


def links_send(*, campaign_id):
    """E-mails each not yet e-mailed link of an open campaign to its holder's address; marks them
    e-mailed. Returns how many went out; running it again sends nothing new."""
    sent = 0
    pending = Recipient.objects.filter(
        campaign_id=campaign_id, campaign__state=CampaignState.OPEN, emailed=False, used=False
    ).exclude(email="")
    for recipient_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            recipient = (
                pending.select_for_update(skip_locked=True, of=("self",))
                .select_related("campaign")
                .filter(pk=recipient_id)
                .first()
            )
            if recipient is None:
                continue
            try:
                send_templated_email(
                    to=[recipient.email],
                    template="monitoring/surveys/email/survey_link",
                    context={"recipient": recipient, "campaign": recipient.campaign, "link": recipient_link(recipient)},
                )
            except Exception:
                logger.exception("Could not send the survey link of campaign %s", campaign_id)
                continue
            Recipient.objects.filter(pk=recipient.pk).update(emailed=True)
            sent += 1
    return sent
