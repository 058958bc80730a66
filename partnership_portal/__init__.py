"""Project package: settings, URLs, Celery, PDF rendering, accounts and cross-app glue."""

from .celery import app as celery_app

__all__ = ("celery_app",)
