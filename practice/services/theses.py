"""Diploma theses: their file, the employer reviewer assigned to them, and reminders to review.

The review itself is written through ``services.reviews.review_save``. Letters to reviewers are
sent after commit, in-process: a mail failure is logged and never undoes the saved thesis.
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership_portal.emails import absolute_url, send_templated_email
from partnership_portal.uploads import check_upload

from .. import selectors
from ..models import DocumentStatus, Review, Thesis

logger = logging.getLogger(__name__)

THESIS_MAX_BYTES = 30 * 1024 * 1024
# Reviewers are reminded from this many days before the due date until they submit.
REMIND_DAYS_BEFORE = 3
# What ``thesis_update`` changes; the file goes through ``thesis_upload_file``.
EDITABLE_FIELDS = ("student", "topic", "supervisor", "ordered_by", "defence_date", "reviewer", "review_due")


def check_thesis_file(file, max_bytes=THESIS_MAX_BYTES):
    """The file if it really is a PDF (by content) of at most ``max_bytes``; else ``ValidationError``."""
    return check_upload(file, kinds=("pdf",), max_bytes=max_bytes)


def _locked(thesis):
    # No select_related here: PostgreSQL cannot lock the nullable side of an outer join.
    return Thesis.objects.select_for_update().get(pk=thesis.pk)


def _review_submitted(thesis):
    return Review.objects.filter(thesis_id=thesis.pk, status=DocumentStatus.SUBMITTED).exists()


def _send_after_commit(*, to, template, context):
    """E-mails after the transaction commits; a failure is logged, the saved data stays."""

    def send():
        try:
            send_templated_email(to=to, template=template, context=context)
        except Exception:
            logger.exception("Could not send %s to %s", template, ", ".join(to))

    transaction.on_commit(send)


def _review_link(thesis):
    return absolute_url(reverse("practice:review_form", args=[thesis.pk]))


def _set_reviewer(thesis, reviewer, review_due):
    """Applies a reviewer and due date to the locked ``thesis``; returns True if the reviewer is new.

    A submitted review freezes its reviewer. The draft of a replaced reviewer is deleted: its text
    is theirs, not the new reviewer's."""
    changed = thesis.reviewer_id != (reviewer.pk if reviewer else None)
    if changed:
        if _review_submitted(thesis):
            raise ValidationError({"reviewer": _("The review is submitted: its reviewer can no longer be changed.")})
        if reviewer is not None and not selectors.reviewer_candidates().filter(pk=reviewer.pk).exists():
            raise ValidationError(
                {"reviewer": _("Choose a thesis reviewer of a partner organisation who has an active portal account.")}
            )
        Review.objects.filter(thesis_id=thesis.pk, status=DocumentStatus.DRAFT).delete()
        thesis.reviewer = reviewer
        thesis.reminder_sent_on = None
    thesis.review_due = review_due
    return changed and reviewer is not None


def _notify_reviewer(thesis):
    """Tells the reviewer (at their account's address) that a thesis waits for their review."""
    reviewer = thesis.reviewer
    if reviewer.user_id is None or not reviewer.user.email:
        return
    _send_after_commit(
        to=[reviewer.user.email],
        template="practice/emails/review_assigned",
        context={"thesis": thesis, "contact": reviewer, "link": _review_link(thesis)},
    )


def _checked_file(file):
    """``check_thesis_file``, with its error on the form's ``file`` field."""
    try:
        return check_thesis_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None


def _attach_file(thesis, file):
    """Stores ``file`` as the thesis file; the old file is deleted once the transaction commits."""
    old = thesis.file.name if thesis.file else ""
    storage = thesis.file.storage
    thesis.file.save(f"thesis-{thesis.pk}.pdf", file, save=False)
    thesis.save(update_fields=["file", "updated_at"])
    if old and old != thesis.file.name:
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def thesis_create(*, student, topic, created_by, supervisor=None, ordered_by=None, defence_date=None, file=None):
    """Registers a thesis, with its PDF file if given (checked by content, up to 30 MB)."""
    if file is not None:
        _checked_file(file)
    thesis = Thesis(
        student=student,
        topic=(topic or "").strip(),
        supervisor=supervisor,
        ordered_by=ordered_by,
        defence_date=defence_date,
    )
    thesis.full_clean()
    thesis.save()
    if file is not None:
        _attach_file(thesis, file)
    logger.info("Thesis %s registered by user %s", thesis.pk, getattr(created_by, "pk", None))
    return thesis


@transaction.atomic
def thesis_update(*, thesis, updated_by, **fields):
    """Changes the given fields (``EDITABLE_FIELDS``). A new reviewer is checked and e-mailed after
    commit as in ``thesis_assign_reviewer``. Once the review is submitted, neither the reviewer
    nor the student can change."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"thesis_update cannot change: {sorted(unknown)}")
    locked = _locked(thesis)
    reviewer = fields.pop("reviewer", locked.reviewer)
    review_due = fields.pop("review_due", locked.review_due)
    if (
        "student" in fields
        and getattr(fields["student"], "pk", None) != locked.student_id
        and _review_submitted(locked)
    ):
        raise ValidationError(
            {"student": _("The review is submitted: the thesis can no longer move to another student.")}
        )
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    is_new_reviewer = _set_reviewer(locked, reviewer, review_due)
    locked.full_clean(exclude=["file"])
    locked.save()
    if is_new_reviewer:
        _notify_reviewer(locked)
    logger.info("Thesis %s updated by user %s", locked.pk, getattr(updated_by, "pk", None))
    return locked


@transaction.atomic
def thesis_assign_reviewer(*, thesis, reviewer, review_due, assigned_by):
    """Assigns ``reviewer`` (a thesis reviewer of a partner with an active account, see
    ``selectors.reviewer_candidates``) with ``review_due`` before the defence. A new reviewer is
    e-mailed after commit that the thesis waits for them; a replaced reviewer's draft is deleted.
    Refused once the review is submitted."""
    locked = _locked(thesis)
    if reviewer is None:
        raise ValidationError({"reviewer": _("Choose a reviewer.")})
    is_new_reviewer = _set_reviewer(locked, reviewer, review_due)
    locked.full_clean(exclude=["file"])
    locked.save(update_fields=["reviewer", "review_due", "reminder_sent_on", "updated_at"])
    if is_new_reviewer:
        _notify_reviewer(locked)
    logger.info("Thesis %s: reviewer %s assigned by user %s", locked.pk, reviewer.pk, getattr(assigned_by, "pk", None))
    return locked


@transaction.atomic
def thesis_upload_file(*, thesis, file, uploaded_by):
    """Replaces the thesis file with ``file`` (a real PDF by content, up to 30 MB). The old file
    is deleted after commit."""
    _checked_file(file)
    locked = _locked(thesis)
    _attach_file(locked, file)
    logger.info("Thesis %s: file uploaded by user %s", locked.pk, getattr(uploaded_by, "pk", None))
    return locked


def theses_needing_reminder(today):
    """Theses whose assigned review is not submitted, due within ``REMIND_DAYS_BEFORE`` days or
    overdue, and not reminded about today."""
    return (
        Thesis.objects.filter(
            reviewer__isnull=False,
            review_due__isnull=False,
            review_due__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            reviewer__user__is_active=True,
        )
        .exclude(review__status=DocumentStatus.SUBMITTED)
        .exclude(reminder_sent_on=today)
        .order_by("review_due", "pk")
    )


def review_reminders_send(today=None):
    """Daily: e-mails each reviewer whose review is due soon or overdue (at their account's
    address) and marks the thesis reminded today. Returns how many letters went out; running it
    again the same day sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    for thesis_id in theses_needing_reminder(today).values_list("pk", flat=True):
        with transaction.atomic():
            # Another run holding the row is sending this reminder right now.
            thesis = (
                theses_needing_reminder(today).select_for_update(skip_locked=True, of=("self",)).filter(pk=thesis_id)
            ).first()
            if thesis is None:
                continue
            thesis = Thesis.objects.select_related("reviewer__user", "student").get(pk=thesis.pk)
            address = thesis.reviewer.user.email
            if not address:
                continue
            try:
                send_templated_email(
                    to=[address],
                    template="practice/emails/review_reminder",
                    context={
                        "thesis": thesis,
                        "contact": thesis.reviewer,
                        "link": _review_link(thesis),
                        "overdue": thesis.review_due < today,
                    },
                )
            except Exception:
                logger.exception("Could not send the review reminder for thesis %s to %s", thesis.pk, address)
                continue
            Thesis.objects.filter(pk=thesis.pk).update(reminder_sent_on=today)
            sent += 1
    if sent:
        logger.info("Sent %d review reminders", sent)
    return sent
