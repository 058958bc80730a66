"""Writes of councils and other bodies: the body and its charter, members, meetings with their
agenda and attendance, decisions (only with a quorum) and the protocol, frozen when the
meeting is closed and rendered to PDF by a Celery task after the commit."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnership_portal.files import replace_file

from .. import documents
from ..models import AgendaItem, Body, Decision, DecisionStatus, Meeting, Membership, active_memberships_q

BODY_FIELDS = ("kind", "name", "description")
MEMBERSHIP_FIELDS = ("role", "term_start", "term_end")
MEETING_FIELDS = ("date", "place")
ITEM_FIELDS = ("title", "heard", "speakers")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _set(instance, allowed, fields, what):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{what} got unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, _strip(value))


# --- Bodies and members ---------------------------------------------------------------------


@transaction.atomic
def body_create(*, kind, name, description="", charter=None, created_by):
    """Creates a body; stores its charter (an already checked PDF) when given."""
    body = Body(kind=kind, name=name.strip(), description=description.strip())
    body.full_clean(exclude=["charter"])
    body.save()
    if charter is not None:
        replace_file(body, "charter", f"charter-{body.pk}.pdf", charter.read())
    return body


@transaction.atomic
def body_update(*, body, updated_by, charter=None, **fields):
    """Updates the body; a new charter replaces the stored file."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    _set(body, BODY_FIELDS, fields, "body_update()")
    body.full_clean(exclude=["charter"])
    body.save()
    if charter is not None:
        replace_file(body, "charter", f"charter-{body.pk}.pdf", charter.read())
    return body


@transaction.atomic
def membership_add(*, body, role, term_start, term_end=None, contact=None, user=None, added_by):
    """Adds a partner's employee or a staff member to the body for a term."""
    membership = Membership(body=body, contact=contact, user=user, role=role, term_start=term_start,
                            term_end=term_end)  # fmt: skip
    _check_membership(membership)
    membership.save()
    return membership


@transaction.atomic
def membership_update(*, membership, updated_by, **fields):
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _set(membership, MEMBERSHIP_FIELDS, fields, "membership_update()")
    _check_membership(membership)
    membership.save()
    return membership


def _check_membership(membership):
    if (membership.contact_id is None) == (membership.user_id is None):
        raise ValidationError(_("Choose either a partner's employee or a staff member."))
    membership.full_clean()
    overlapping = Membership.objects.filter(body_id=membership.body_id).exclude(pk=membership.pk)
    if membership.contact_id:
        overlapping = overlapping.filter(contact_id=membership.contact_id)
    else:
        overlapping = overlapping.filter(user_id=membership.user_id)
    # Two terms overlap when each starts before the other ends (an open term never ends).
    overlapping = overlapping.filter(Q(term_end__isnull=True) | Q(term_end__gte=membership.term_start))
    if membership.term_end:
        overlapping = overlapping.filter(term_start__lte=membership.term_end)
    if overlapping.exists():
        raise ValidationError(_("This person is already a member of the body for part of this term."))


# --- Meetings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    present: int  # members present whose term covers the meeting date
    members: int  # members whose term covers the meeting date

    @property
    def needed(self):
        """The least number present that is more than half."""
        return self.members // 2 + 1

    @property
    def reached(self):
        return self.members > 0 and self.present * 2 > self.members


def quorum(meeting):
    """Who counts for the quorum: the members whose term covers the meeting date."""
    members = meeting.body.memberships.filter(active_memberships_q(meeting.date))
    return Quorum(present=members.filter(meetings=meeting).count(), members=members.count())


def no_quorum_message(result):
    return ngettext(
        "No quorum: %(present)s of %(members)s members present. A decision needs more than half of "
        "the members present (at least %(needed)s).",
        "No quorum: %(present)s of %(members)s members present. A decision needs more than half of "
        "the members present (at least %(needed)s).",
        result.members,
    ) % {"present": result.present, "members": result.members, "needed": result.needed}


def is_closed(meeting):
    """A closed meeting has its protocol frozen: nothing it prints changes any more."""
    return bool(meeting.snapshot_hash)


def _open_meeting(meeting):
    """The meeting row, locked; refuses a closed meeting."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if is_closed(meeting):
        raise ValidationError(_("The meeting is closed and its protocol issued: it cannot be changed."))
    return meeting


@transaction.atomic
def meeting_create(*, body, date, place, created_by):
    """Creates the body's next meeting: its number is the body's last number plus one (the body
    row is locked, so two meetings created at once never get the same number)."""
    Body.objects.select_for_update().filter(pk=body.pk).first()
    number = (Meeting.objects.filter(body=body).aggregate(last=Max("number"))["last"] or 0) + 1
    meeting = Meeting(body=body, number=number, date=date, place=place.strip())
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting, updated_by, **fields):
    meeting = _open_meeting(meeting)
    _set(meeting, MEETING_FIELDS, fields, "meeting_update()")
    meeting.full_clean()
    meeting.save()
    # Who was present is kept only among the members whose term covers the (new) date.
    meeting.attendees.remove(*meeting.attendees.exclude(active_memberships_q(meeting.date)))
    return meeting


@transaction.atomic
def attendance_set(*, meeting, present, marked_by):
    """Records who was present: members of the body whose term covers the meeting date."""
    meeting = _open_meeting(meeting)
    present = list(present)
    eligible = set(meeting.body.memberships.filter(active_memberships_q(meeting.date)).values_list("pk", flat=True))
    if any(m.pk not in eligible for m in present):
        raise ValidationError({"present": [_("Only members whose term covers the meeting date can be present.")]})
    meeting.attendees.set(present)
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting, title, heard="", speakers="", added_by):
    """Adds a question at the end of the agenda."""
    meeting = _open_meeting(meeting)
    order = (meeting.items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, title=title.strip(), heard=heard.strip(),
                      speakers=speakers.strip())  # fmt: skip
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item, updated_by, **fields):
    _open_meeting(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    _set(item, ITEM_FIELDS, fields, "agenda_item_update()")
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def decision_record(*, meeting, item, text, votes_for, votes_against=0, votes_abstained=0, owner="",
                    due_date=None, recorded_by):  # fmt: skip
    """Records a decision on an agenda item. Refused without a quorum (more than half of the
    members whose term covers the meeting date present), or with more votes than members present."""
    meeting = _open_meeting(meeting)
    if item.meeting_id != meeting.pk:
        raise ValidationError({"item": [_("Choose a question of this meeting's agenda.")]})
    result = quorum(meeting)
    if not result.reached:
        raise ValidationError(no_quorum_message(result), code="no_quorum")
    if votes_for + votes_against + votes_abstained > result.present:
        raise ValidationError(
            _("%(votes)s votes counted, but only %(present)s members are present.")
            % {"votes": votes_for + votes_against + votes_abstained, "present": result.present}
        )
    decision = Decision(meeting=meeting, item=item, text=text.strip(), votes_for=votes_for,
                        votes_against=votes_against, votes_abstained=votes_abstained, owner=owner.strip(),
                        due_date=due_date)  # fmt: skip
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_set_status(*, decision, status, updated_by):
    """Marks a decision done (or open again). Its status is not printed: a closed meeting's
    decisions are still followed up."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.status = DecisionStatus(status)
    decision.save(update_fields=["status", "updated_at"])
    return decision


@transaction.atomic
def meeting_close(*, meeting, closed_by):
    """Closes the meeting: freezes what its protocol prints and renders the PDF after the commit
    (Celery task ``events.render_protocol_pdf``). Needs at least one question on the agenda."""
    meeting = _open_meeting(meeting)
    if not meeting.items.exists():
        raise ValidationError(_("Put at least one question on the agenda before closing the meeting."))
    snapshot = documents.protocol_snapshot(meeting)
    meeting.snapshot, meeting.snapshot_hash = snapshot, documents.snapshot_hash(snapshot)
    meeting.save(update_fields=["snapshot", "snapshot_hash", "updated_at"])
    _render_after_commit(meeting)
    return meeting


def _render_after_commit(meeting):
    from ..tasks import render_protocol_pdf

    # The project's tasks publish only once the transaction commits (OnCommitTask).
    render_protocol_pdf.delay(meeting_id=meeting.pk)
