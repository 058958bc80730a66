"""Teacher internships (стажировки) at partner enterprises."""

from django.db import transaction
from django.utils import timezone

from partners import activity

from ..models import TeacherInternship


def _record_activity(internship):
    # An internship counts as activity with the partner from its start, once that day has come.
    if internship.start_date <= timezone.localdate():
        activity.record_activity(internship.partner_id, internship.start_date)


@transaction.atomic
def internship_create(*, teacher, partner, start_date, end_date, hours, topic, result_document=None):
    """Records an internship. Moves the partner's last activity to its start date if that has come."""
    internship = TeacherInternship(
        teacher=teacher, partner=partner, start_date=start_date, end_date=end_date, hours=hours, topic=topic.strip()
    )
    if result_document:
        internship.result_document = result_document
    internship.full_clean()
    internship.save()
    _record_activity(internship)
    return internship


@transaction.atomic
def internship_update(*, internship, result_document=None, **fields):
    """Updates the given fields; a new ``result_document`` replaces the old file (deleted after
    commit). Moves the partner's last activity as ``internship_create`` does; if the internship
    moved to another partner or date, the previous partner's last activity is recomputed."""
    # What is stored now (the instance may already carry a form's changes).
    previous_partner_id, previous_start, old_name = (
        TeacherInternship.objects.select_for_update()
        .values_list("partner_id", "start_date", "result_document")
        .get(pk=internship.pk)
    )
    for field, value in fields.items():
        setattr(internship, field, value.strip() if isinstance(value, str) else value)
    if result_document:
        internship.result_document = result_document
    internship.full_clean()
    internship.save()
    if result_document and old_name and old_name != internship.result_document.name:
        storage = internship.result_document.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    if (internship.partner_id, internship.start_date) != (previous_partner_id, previous_start):
        activity.refresh_activity([previous_partner_id])
    _record_activity(internship)
    return internship
