"""Joint events: planning, employers' proposals, status, participants, results, files, the
personal calendar feed and the reminders the day before.

Every write runs in a transaction and validates with ``full_clean()``. Letters are sent by
``reminders_send`` only (the beat task ``events.send_event_reminders``).
"""

import logging
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.activity import record_activity
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.emails import absolute_url, send_templated_email
from partnership_portal.uploads import check_upload
from practice.models import Student, StudentStatus

from ..models import (
    EVENT_TRANSITIONS,
    CalendarFeed,
    CompetitionResult,
    Event,
    EventFile,
    EventFileKind,
    EventPlace,
    EventStatus,
    EventType,
    Participant,
)

logger = logging.getLogger(__name__)

FILE_MAX_BYTES = 20 * 1024 * 1024
EDITABLE_FIELDS = (
    "type", "title", "description", "starts_at", "ends_at", "place", "site_partner", "address", "organiser", "visitors",
)  # fmt: skip
# People are registered while an event is ahead or under way; not on a cancelled or declined one.
OPEN_STATUSES = (EventStatus.PROPOSED, EventStatus.PLANNED)
IMAGE_SIGNATURES = {b"\xff\xd8\xff": ("jpeg", (".jpg", ".jpeg")), b"\x89PNG\r\n\x1a\n": ("png", (".png",))}


def _partner_address(partner):
    return (partner.actual_address or partner.legal_address) if partner else ""


def _apply_place(event):
    """A partner's site takes the partner's address unless one is given; the college needs none."""
    if event.place == EventPlace.PARTNER and event.site_partner_id and not event.address.strip():
        event.address = _partner_address(event.site_partner)
    if event.place != EventPlace.PARTNER:
        event.site_partner = None


@transaction.atomic
def event_create(*, created_by, type, title, starts_at, ends_at, partners=(), place=EventPlace.COLLEGE,
                 site_partner=None, address="", organiser=None, description="", visitors=None):  # fmt: skip
    """Plans an event (status planned). The partner whose site hosts it is also among those involved."""
    event = Event(
        type=type, title=(title or "").strip(), starts_at=starts_at, ends_at=ends_at, place=place,
        site_partner=site_partner, address=(address or "").strip(), organiser=organiser,
        description=description or "", visitors=visitors, created_by=created_by, status=EventStatus.PLANNED,
    )  # fmt: skip
    _apply_place(event)
    event.full_clean()
    event.save()
    event.partners.set(_with_site(partners, event))
    logger.info("Event %s created by user %s", event.pk, getattr(created_by, "pk", None))
    return event


def _with_site(partners, event):
    partners = list(partners or [])
    if event.site_partner_id and event.site_partner_id not in {p.pk for p in partners}:
        partners.append(event.site_partner)
    return partners


@transaction.atomic
def event_update(*, event, updated_by, partners=None, **fields):
    """Changes what staff edit (``EDITABLE_FIELDS`` and the partners involved)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status in (EventStatus.CANCELLED, EventStatus.DECLINED):
        raise ValidationError(_("A cancelled or declined event is no longer edited."))
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) and name != "description" else value)
    _apply_place(locked)
    locked.full_clean()
    locked.save()
    if partners is not None:
        locked.partners.set(_with_site(partners, locked))
    elif locked.site_partner_id:
        locked.partners.add(locked.site_partner)
    return locked


@transaction.atomic
def event_propose(*, proposed_by, type, title, starts_at, ends_at, place=EventPlace.COLLEGE, address="",
                  description="", visitors=None):  # fmt: skip
    """An employer proposes an event of their organisation (status proposed); staff approve or
    decline it. "At a partner's site" means the proposer's own site."""
    if not is_employer(proposed_by):
        raise ValidationError(_("Only an employer's representative proposes an event."))
    partner = proposed_by.partner
    event = Event(
        type=type, title=(title or "").strip(), starts_at=starts_at, ends_at=ends_at, place=place,
        site_partner=partner if place == EventPlace.PARTNER else None, address=(address or "").strip(),
        description=description or "", visitors=visitors, status=EventStatus.PROPOSED, proposed_by=proposed_by,
        created_by=proposed_by,
    )  # fmt: skip
    _apply_place(event)
    event.full_clean()
    event.save()
    event.partners.set([partner])
    logger.info("Event %s proposed by user %s", event.pk, proposed_by.pk)
    return event


@transaction.atomic
def event_transition(*, event, to_status, by, reason=""):
    """Moves the event along ``EVENT_TRANSITIONS``: a proposal is approved (planned) or declined,
    a planned event is held or cancelled. Declining and cancelling need a reason; an event is
    held only once it has started."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if to_status not in EVENT_TRANSITIONS[EventStatus(locked.status)]:
        raise ValidationError(
            _("An event that is «%(from)s» cannot become «%(to)s».")
            % {"from": locked.get_status_display(), "to": EventStatus(to_status).label}
        )
    if to_status == EventStatus.HELD and locked.starts_at > timezone.now():
        raise ValidationError(_("The event has not started yet: it can be marked held once it starts."))
    locked.status = to_status
    locked.status_reason = (reason or "").strip() if to_status in (EventStatus.CANCELLED, EventStatus.DECLINED) else ""
    if to_status == EventStatus.PLANNED and locked.organiser_id is None:
        locked.organiser = by
    locked.full_clean()
    locked.save()
    if to_status == EventStatus.HELD:
        held_on = timezone.localdate(locked.starts_at)
        for partner_id in locked.partners.values_list("pk", flat=True):
            record_activity(partner_id, held_on)
    logger.info("Event %s is now %s (user %s)", locked.pk, to_status, getattr(by, "pk", None))
    return locked


@transaction.atomic
def event_report_save(*, event, report, visitors, by):
    """The short report of a held event and the number of visitors."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status != EventStatus.HELD:
        raise ValidationError(_("A report is written once the event is held."))
    locked.report = (report or "").strip()
    locked.visitors = visitors
    locked.full_clean()
    locked.save(update_fields=["report", "visitors", "updated_at"])
    return locked


@transaction.atomic
def result_add(*, event, place, by, student=None, name="", nomination=""):
    """A winner's place at a held competition: a student of the college, or anyone by name."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.HELD:
        raise ValidationError(_("Results are recorded once the event is held."))
    if event.type not in (EventType.COMPETITION, EventType.DEMO_EXAM):
        raise ValidationError(_("Places are recorded for competitions only."))
    if student is None and not (name or "").strip():
        raise ValidationError({"name": _("Choose a student or write the winner's name.")})
    result = CompetitionResult(
        event=event, place=place, student=student, name=(name or "").strip(), nomination=(nomination or "").strip()
    )
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def result_delete(*, result, by):
    result.delete()


# --- Participants -------------------------------------------------------------------------------


@transaction.atomic
def participants_add(*, event, by, group=None, students=(), users=(), contacts=(), role=""):
    """Registers people: a whole study group (its students still studying) or individuals, staff
    and partner contacts. Someone already registered is skipped. An employer registers only
    the active contacts of their own organisation. Returns how many were added."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("People are registered only for a proposed or planned event."))
    students, users, contacts = list(students), list(users), list(contacts)
    if not is_college_staff(by):
        if students or users or group is not None:
            raise ValidationError(_("Only the college registers students and staff."))
        if any(contact.partner_id != getattr(by, "partner_id", None) or not contact.is_active for contact in contacts):
            raise ValidationError({"contacts": _("You can register only your own organisation's employees.")})
    if any(not user.is_college_staff for user in users):
        raise ValidationError({"users": _("Choose college staff.")})
    if group is not None:
        students += list(Student.objects.filter(group=group, status=StudentStatus.STUDYING))
    taken = Participant.objects.filter(event=locked)
    seen_students = set(taken.exclude(student=None).values_list("student_id", flat=True))
    seen_users = set(taken.exclude(user=None).values_list("user_id", flat=True))
    seen_contacts = set(taken.exclude(contact=None).values_list("contact_id", flat=True))
    rows = []
    for field, people, seen in (("student", students, seen_students), ("user", users, seen_users),
                                ("contact", contacts, seen_contacts)):  # fmt: skip
        for person in people:
            if person.pk not in seen:
                seen.add(person.pk)
                rows.append(Participant(event=locked, registered_by=by, role=(role or "").strip(), **{field: person}))
    Participant.objects.bulk_create(rows)
    logger.info("Event %s: %d participants added by user %s", locked.pk, len(rows), getattr(by, "pk", None))
    return len(rows)


@transaction.atomic
def participant_remove(*, participant, by):
    """Takes a person off the event (staff any; an employer their own colleagues, as the selector allows)."""
    if participant.event.status not in OPEN_STATUSES:
        raise ValidationError(_("People are registered only for a proposed or planned event."))
    participant.delete()


# --- Files --------------------------------------------------------------------------------------


def _sniff_image(uploaded):
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, (kind, extensions) in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind, extensions
    return None, ()


def _verified_image(uploaded):
    """True if Pillow reads the whole file as the image its first bytes claim."""
    from PIL import Image

    try:
        with Image.open(uploaded) as image:
            image.verify()
        return True
    except Exception:
        return False
    finally:
        uploaded.seek(0)


def check_event_file(uploaded, max_bytes=FILE_MAX_BYTES):
    """The kind (photo or document) of an upload, by content: a JPEG or PNG photo, a PDF or XLSX
    document, of at most ``max_bytes``; else ``ValidationError``."""
    kind, extensions = _sniff_image(uploaded)
    if kind is None:
        check_upload(uploaded, kinds=("pdf", "xlsx"), max_bytes=max_bytes)
        return EventFileKind.DOCUMENT
    if uploaded.size > max_bytes:
        check_upload(uploaded, kinds=("pdf",), max_bytes=max_bytes)  # the same wording of the size error
    if not (uploaded.name or "").lower().endswith(extensions) or not _verified_image(uploaded):
        raise ValidationError(
            _("«%(name)s» is not a real %(kinds)s file (its content was checked, not just its name).")
            % {"name": uploaded.name, "kinds": "JPEG, PNG, PDF, XLSX"},
            code="wrong_kind",
        )
    return EventFileKind.PHOTO


@transaction.atomic
def event_file_add(*, event, file, uploaded_by):
    """Attaches a photo or a document to the event, checked by content (up to 20 MB)."""
    try:
        kind = check_event_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    original = (file.name or "file").replace("/", "_").replace("\\", "_")[-255:]
    event_file = EventFile(event=event, kind=kind, original_name=original, size=file.size, uploaded_by=uploaded_by)
    suffix = original.rsplit(".", 1)[-1].lower() if "." in original else "bin"
    event_file.file.save(f"{secrets.token_hex(8)}.{suffix}", file, save=False)
    event_file.save()
    return event_file


@transaction.atomic
def event_file_delete(*, event_file, by):
    """Deletes the record; the stored file goes once the transaction commits."""
    name, storage = event_file.file.name, event_file.file.storage
    event_file.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- The personal calendar feed -----------------------------------------------------------------


def feed_for(user):
    """The user's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def feed_reissue(*, user):
    """A new secret token: the old URL stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = secrets.token_urlsafe()
        feed.save(update_fields=["token"])
    logger.info("Calendar feed of user %s reissued", user.pk)
    return feed


# --- Reminders ----------------------------------------------------------------------------------


def _address(participant):
    person = participant.student or participant.user or participant.contact
    return (getattr(person, "email", "") or "").strip()


def _person_name(participant):
    if participant.user_id:
        return participant.user.get_full_name() or participant.user.email
    return participant.person.full_name


def participants_to_remind(now=None):
    """Participants of planned events that start tomorrow (local date) not yet reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return Participant.objects.filter(
        event__status=EventStatus.PLANNED, event__starts_at__date=tomorrow, reminder_sent_at__isnull=True
    ).order_by("event_id", "pk")


def reminders_send(now=None):
    """The day before an event, one letter to each participant with an e-mail (student, staff
    member or partner contact), marking them reminded; someone without an address is skipped
    quietly. Returns how many letters went out; running it again sends nothing new."""
    now = now or timezone.now()
    sent = 0
    for participant_id in participants_to_remind(now).values_list("pk", flat=True):
        with transaction.atomic():
            # Another run holding the row is sending this letter right now.
            participant = (
                participants_to_remind(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("event__site_partner", "student", "user", "contact")
                .filter(pk=participant_id)
                .first()
            )
            if participant is None:
                continue
            address = _address(participant)
            if not address:
                continue
            event = participant.event
            try:
                send_templated_email(
                    to=[address],
                    template="events/email/event_reminder",
                    context={
                        "event": event,
                        "name": _person_name(participant),
                        "link": absolute_url(reverse("events:event_detail", args=[event.pk])),
                        "is_student": participant.student_id is not None,
                    },
                )
            except Exception:
                logger.exception("Could not send the reminder of event %s to %s", event.pk, address)
                continue
            Participant.objects.filter(pk=participant.pk).update(reminder_sent_at=timezone.now())
            sent += 1
    if sent:
        logger.info("Sent %d event reminders", sent)
    return sent
