"""Builders of surveys and campaigns for the tests, through the services (no hidden side effects
beyond what the services do)."""

from datetime import timedelta

from django.utils import timezone

from monitoring.models.surveys import Audience, QuestionKind
from monitoring.services import surveys as services

QUESTIONS = [
    {"kind": QuestionKind.SCALE, "text": "Насколько важен доход?", "required": True},
    {"kind": QuestionKind.SINGLE, "text": "Главное при выборе?", "options": ["Доход", "Рост", "Престиж"]},
    {"kind": QuestionKind.MULTIPLE, "text": "Что ещё важно?", "options": ["Жильё", "График", "Обучение"],
     "required": False},
    {"kind": QuestionKind.TEXT, "text": "Ваши предложения", "required": False},
]  # fmt: skip


def make_survey(*, by=None, title="Опрос студентов", questions=QUESTIONS):
    return services.survey_save(created_by=by, title=title, questions=[dict(q) for q in questions])


def make_campaign(*, survey, by=None, groups=(), partners=(), audience=Audience.STUDENTS, anonymous=True, **fields):
    return services.campaign_create(
        survey=survey,
        created_by=by,
        title=fields.pop("title", "Опрос весной"),
        audience=audience,
        anonymous=anonymous,
        closes_on=fields.pop("closes_on", timezone.localdate() + timedelta(days=14)),
        groups=groups,
        partners=partners,
        **fields,
    )


def open_campaign(campaign, *, by=None):
    return services.campaign_open(campaign=campaign, by=by)


def tokens(campaign):
    return [services.recipient_token(recipient) for recipient in campaign.recipients.order_by("pk")]
