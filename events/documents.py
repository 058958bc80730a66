"""The meeting protocol: what it prints is frozen when the meeting is closed (``protocol_snapshot``),
and the PDF is rendered only from that copy (``render_protocol_pdf``), so renaming a member or
the body later changes nothing in an issued protocol, and rendering again gives the same bytes.
"""

import hashlib
import json

from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import override

from partners.models import College
from partnership_portal import russian
from partnership_portal.files import replace_file
from partnership_portal.pdf import render_pdf

from .models import BodyKind, Meeting, MemberRole, active_memberships_q

SNAPSHOT_VERSION = 1
TEMPLATE = "pdf/events/protocol.html"
ROLE_NAMES = {
    MemberRole.CHAIR: "председатель",
    MemberRole.DEPUTY: "заместитель председателя",
    MemberRole.SECRETARY: "секретарь",
    MemberRole.MEMBER: "член",
}
# The generic name of a body of each kind, in the genitive, for «заседания …» when the body's
# own name cannot be declined.
KIND_GENITIVE = {
    BodyKind.BOARD_OF_TRUSTEES: "попечительского совета",
    BodyKind.EMPLOYERS_COUNCIL: "совета работодателей",
    BodyKind.METHODICAL_COUNCIL: "методического совета",
    BodyKind.OTHER: "коллегиального органа",
}
ROLE_ORDER = [MemberRole.CHAIR, MemberRole.DEPUTY, MemberRole.SECRETARY, MemberRole.MEMBER]


def body_genitive(body):
    """«Совет работодателей» → «Совета работодателей», «Попечительский совет» → «Попечительского
    совета»: the head noun and its adjectives are declined, the rest already agrees; the first
    letter keeps its case (a body's name is a proper name)."""
    name = " ".join(body.name.split())
    declined = russian.decline_position(name, russian.GENITIVE)
    if declined.lower() == name.lower():  # nothing to decline («АСУ-2»): the kind names it
        return f"{KIND_GENITIVE[BodyKind(body.kind)]} «{name}»"
    return name[:1] + declined[1:]


def _person(membership):
    person = membership.person
    parts = (person.last_name, person.first_name, person.middle_name)
    if membership.contact_id:
        contact = membership.contact
        where = contact.partner.short_name or contact.partner.name
        position = ", ".join(p for p in (contact.position, where) if p)
    else:
        position = membership.user.position
    name = russian.initials(*parts) if person.last_name else str(person)
    return {
        "name": " ".join(p for p in parts if p) or str(person),
        "initials": name,
        "role": ROLE_NAMES[MemberRole(membership.role)],
        "role_key": membership.role,
        "position": position,
    }


def _signatory(people, role):
    return next((p for p in people if p["role_key"] == role), None)


def protocol_snapshot(meeting):
    """What the protocol prints, as a JSON-ready dict: the body, the number, date and place, the
    members present with their roles, the agenda with what was heard, said and decided (with the
    vote), and who signs (the chair or, when absent, the deputy who chaired; the secretary)."""
    with override("ru"):
        body = meeting.body
        college = College.current()
        members = list(
            body.memberships.filter(active_memberships_q(meeting.date)).select_related("contact__partner", "user")
        )
        present_ids = set(meeting.attendees.values_list("pk", flat=True))
        present = sorted(
            (m for m in members if m.pk in present_ids),
            key=lambda m: (ROLE_ORDER.index(MemberRole(m.role)), m.person.last_name, m.pk),
        )
        people = [_person(m) for m in present]
        chair = _signatory(people, MemberRole.CHAIR)
        chair_label = "Председатель"
        if chair is None:
            chair = _signatory(people, MemberRole.DEPUTY)
            chair_label = "Председательствующий"
        if chair is None:  # nobody chaired among those present: the body's chair signs
            absent = [_person(m) for m in members if m.role == MemberRole.CHAIR]
            chair = absent[0] if absent else None
            chair_label = "Председатель"
        secretary = _signatory(people, MemberRole.SECRETARY) or next(
            (_person(m) for m in members if m.role == MemberRole.SECRETARY), None
        )
        items = []
        for item in meeting.items.order_by("order", "pk").prefetch_related("decisions"):
            items.append({
                "order": item.order,
                "title": item.title,
                "heard": item.heard,
                "speakers": item.speakers,
                "decisions": [
                    {
                        "text": d.text,
                        "for": d.votes_for,
                        "against": d.votes_against,
                        "abstained": d.votes_abstained,
                        "owner": d.owner,
                        "due": date_format(d.due_date, "d.m.Y") if d.due_date else "",
                    }
                    for d in sorted(item.decisions.all(), key=lambda d: d.pk)
                ],
            })  # fmt: skip
        return {
            "version": SNAPSHOT_VERSION,
            "college": college.name,
            "college_short_name": college.short_name,
            "city": college.city,
            "body": body.name,
            "body_kind": body.get_kind_display(),
            "body_genitive": body_genitive(body),
            "number": meeting.number,
            "date": date_format(meeting.date, "d.m.Y"),
            "date_words": f"«{meeting.date.day:02d}» {date_format(meeting.date, 'E')} {meeting.date.year} г.",
            "place": meeting.place,
            "members_count": len(members),
            "present_count": len(people),
            "present": people,
            "quorum": len(members) > 0 and len(people) * 2 > len(members),
            "items": items,
            "chair": chair,
            "chair_label": chair_label,
            "secretary": secretary,
        }


def snapshot_hash(snapshot):
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def people_count(number):
    """«1 человек», «3 человека», «12 человек»."""
    few = number % 10 in (2, 3, 4) and not 12 <= number % 100 <= 14
    return f"{number} {'человека' if few else 'человек'}"


def render_protocol_pdf(meeting_id):
    """Renders the protocol from its snapshot unless the stored PDF already shows it; saves it
    under a stable name. Safe to run twice or after an interrupted run: returns False when
    there was nothing to do (no such meeting, not closed, or already rendered)."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or not meeting.snapshot_hash or meeting.pdf_ready:
        return False
    doc = {**meeting.snapshot, "present_words": people_count(meeting.snapshot["present_count"])}
    data = render_pdf(TEMPLATE, {"doc": doc})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.pdf_ready:
            return False
        name = replace_file(meeting, "pdf", f"protocol-{meeting.pk}.pdf", data, commit=False)
        # A queryset update: rendering is not a change of the meeting.
        Meeting.objects.filter(pk=meeting_id).update(
            pdf=name, pdf_hash=meeting.snapshot_hash, render_count=F("render_count") + 1
        )
    return True
