"""One create form, one object: a repeated submission redirects to what the first one made.

A create form carries a one-time token (``{% submission_token %}`` from the ``idempotency`` tag
library: a hidden field with a random UUID, kept across re-renders of the same form). The view is
wrapped in ``@submit_once``: the first POST with a token claims it in the database (a unique row,
``SubmissionToken``) in the same transaction as the view's writes, and records where the view
redirected (the created object's page). A second POST with that token, whether after the first
finished or while it is still running (a double click), creates nothing and redirects there.

A POST that does not succeed (the form comes back with errors) releases its token, so the
corrected form can be sent again. A POST without a well-formed token (an old page, a script) is
served as before, without the protection: refusing it would break forms opened before a deploy
and buys nothing against a deliberate duplicate, which can always fetch a fresh token.
Tokens older than ``KEEP`` are deleted as new ones are claimed.
"""

import functools
import uuid
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SubmissionToken

FIELD = "submission_token"
KEEP = timedelta(days=2)


def token_from(request):
    """The form's token as a UUID (from the POST, or from the query of an htmx re-render), or None."""
    raw = request.POST.get(FIELD) if request.method == "POST" else request.GET.get(FIELD)
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def form_token(request):
    """The token to render into a form: the one it already carries, else a new one."""
    return str(token_from(request) or uuid.uuid4())


def _repeat(request, token):
    """The redirect to what the first submission of ``token`` made (it has committed by now)."""
    first = SubmissionToken.objects.filter(token=token, user=request.user).exclude(url="").first()
    messages.info(request, _("This form was already sent; here is what it created."))
    return redirect(first.url if first else "home")


def submit_once(view):
    """Wraps a create view so that a form token creates at most one object (see the module)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = token_from(request) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        if SubmissionToken.objects.filter(token=token).exists():
            return _repeat(request, token)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    # A concurrent submission of the same token waits here until the first commits.
                    claim = SubmissionToken.objects.create(token=token, user=request.user)
            except IntegrityError:
                return _repeat(request, token)
            response = view(request, *args, **kwargs)
            if 300 <= response.status_code < 400 and response.has_header("Location"):
                claim.url = response["Location"]
                claim.save(update_fields=["url"])
                SubmissionToken.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
            else:
                claim.delete()
        return response

    return wrapper
