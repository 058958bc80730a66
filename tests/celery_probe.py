"""A task only the tests use: it records in Redis whether a user row was visible to the worker."""

import redis
from celery import shared_task
from django.conf import settings

from partnership_portal.accounts.models import User


def redis_client():
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, decode_responses=True)


@shared_task(name="tests.record_user_visible")
def record_user_visible(*, email, key):
    visible = User.objects.filter(email=email).exists()
    redis_client().set(key, "visible" if visible else "missing", ex=600)
