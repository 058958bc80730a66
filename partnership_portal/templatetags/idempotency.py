from django import template
from django.utils.html import format_html

from partnership_portal.idempotency import FIELD, form_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context):
    """The hidden one-time token of a create form (``partnership_portal.idempotency``)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, form_token(context["request"]))
