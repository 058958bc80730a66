"""Sending the portal's letters: each is a subject, a text and an HTML template, in Russian."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path):
    return f"{settings.PORTAL_URL}{path}"


def send_templated_email(*, to, template, context):
    """Renders ``<template>_subject.txt``, ``_body.txt`` and ``_body.html`` and sends them."""
    context = {"portal_url": settings.PORTAL_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, list(to))
    message.attach_alternative(html, "text/html")
    message.send()
