"""Demo data: surveys. The two ready templates; the students' motivation survey made from its
template and sent, anonymously, to the current groups (up to 10) last spring, closed, with about
70% answering along realistic distributions; the employer satisfaction survey made from its
template, ready to be sent. Answers are bulk-created (a few thousand rows at the region scale).
"""

from datetime import timedelta

from django.utils import timezone

from partnership_portal.demo import rng
from practice.models import Student, StudentStatus, StudyGroup

from ..models.surveys import Answer, Audience, Campaign, CampaignState, QuestionKind, Recipient, Response, Survey
from ..services import surveys as services

# Weights of the scores 1..5 for the four motivation factors, in the template's order.
_SCALE_WEIGHTS = [(2, 5, 15, 33, 45), (3, 7, 20, 35, 35), (10, 20, 35, 22, 13), (5, 10, 25, 32, 28)]
_MAIN_FACTOR = (38, 22, 8, 20, 7, 5)
_ALSO_IMPORTANT = (0.7, 0.45, 0.3, 0.35, 0.4, 0.5)
_PLANS = (35, 30, 15, 8, 12)
_SUGGESTIONS = [
    "Больше практики на настоящих предприятиях, а не в мастерских.",
    "Рассказывать о зарплатах на разных заводах ещё на первом курсе.",
    "Организовать встречи с выпускниками, которые уже работают по специальности.",
    "Помогать с общежитием тем, кто едет работать в другой город.",
    "Больше экскурсий на производство и дней карьеры.",
    "Чтобы практика была оплачиваемой.",
    "Целевое обучение с гарантией трудоустройства.",
    "Современное оборудование в мастерских, как на заводах.",
]


def seed(scale, *, staff):
    """Adds the templates (if missing) and, once, the demo campaign with its answers."""
    services.survey_templates_install(created_by=staff)
    if Campaign.objects.exists():
        return
    templates = {survey.template_key: survey for survey in Survey.objects.filter(is_template=True)}
    services.survey_copy(
        survey=templates["employer-satisfaction"],
        created_by=staff,
        title="Удовлетворённость работодателей — итоги года",
    )
    today = timezone.localdate()
    survey = services.survey_copy(
        survey=templates["student-motivation"], created_by=staff, title="Мотивация студентов при выборе места работы"
    )
    groups = list(StudyGroup.objects.filter(graduation_year__gte=today.year).order_by("name")[:10])
    students = list(
        Student.objects.filter(group__in=groups, status=StudentStatus.STUDYING).order_by("pk").values("pk", "last_name",
                                                                                                        "first_name", "email")
    )  # fmt: skip
    if not students:
        return
    opened = timezone.now() - timedelta(days=75)
    campaign = Campaign.objects.create(
        survey=survey, title="Мотивация студентов: весенний опрос", audience=Audience.STUDENTS, anonymous=True,
        closes_on=today - timedelta(days=45), state=CampaignState.CLOSED, opened_at=opened,
        closed_at=opened + timedelta(days=30), created_by=staff,
    )  # fmt: skip
    campaign.groups.set(groups)
    random = rng("surveys")
    used = [random.random() < 0.7 for _ in students]
    Recipient.objects.bulk_create(
        Recipient(campaign=campaign, student_id=row["pk"], name=f"{row['last_name']} {row['first_name']}",
                  email=row["email"], emailed=bool(row["email"]), used=is_used)
        for row, is_used in zip(students, used, strict=True)
    )  # fmt: skip
    count = sum(used)
    responses = Response.objects.bulk_create(
        Response(
            campaign=campaign, anonymous=True, submitted_on=(opened + timedelta(days=random.randint(0, 29))).date()
        )
        for _ in range(count)
    )
    questions = list(survey.questions.all())
    answers = []
    for response in responses:
        scales = iter(_SCALE_WEIGHTS)
        for question in questions:
            answer = Answer(response=response, question=question)
            if question.kind == QuestionKind.SCALE:
                answer.scale = random.choices(range(1, 6), weights=next(scales))[0]
            elif question.kind == QuestionKind.SINGLE:
                weights = _MAIN_FACTOR if len(question.options) == len(_MAIN_FACTOR) else _PLANS
                answer.choices = [random.choices(range(len(question.options)), weights=weights)[0]]
            elif question.kind == QuestionKind.MULTIPLE:
                answer.choices = [i for i, chance in enumerate(_ALSO_IMPORTANT) if random.random() < chance]
                if not answer.choices:
                    continue
            else:
                if random.random() > 0.3:
                    continue
                answer.text = random.choice(_SUGGESTIONS)
            answers.append(answer)
    Answer.objects.bulk_create(answers, batch_size=2000)
