"""Demo data: an employers' council and a board of trustees with members from the demo partners
(the first demo employer sits on the council, the second on the board only, so each login sees
a different set), their meetings with agenda, attendance and decisions (one overdue), the
protocols of past meetings frozen (rendered on first download), and demonstration-exam experts
(one certificate expiring within 60 days) nominated to the demonstration exams made here.

Written through the services, so the demo obeys the quorum and the certificate rules."""

import datetime as dt

from django.utils import timezone

from partners.models import Contact, Partner

from .. import documents
from ..models import Body, BodyKind, DecisionStatus, Event, EventStatus, EventType, Expert, Meeting, MemberRole
from ..services import councils as councils
from ..services import experts as experts

COMPETENCE = "Токарные работы на станках с ЧПУ"


def seed(scale, *, staff):
    """Creates the demo bodies, experts and demonstration exams if there are none yet."""
    first_two = list(Partner.objects.order_by("pk")[:2])  # the demo employers' organisations
    if len(first_two) < 2:
        return
    today = timezone.localdate()
    contacts = _contacts(first_two)
    if not Body.objects.exists():
        _seed_bodies(today, staff, first_two, contacts)
    if not Expert.objects.exists():
        _seed_experts(today, staff, contacts)


def _contacts(first_two):
    """People of the first partners (the employer accounts' own contacts first) and a few others."""
    own = {
        partner.pk: list(Contact.objects.filter(partner=partner, is_active=True).order_by("-user_id", "pk")[:3])
        for partner in first_two
    }
    others = list(
        Contact.objects.filter(is_active=True).exclude(partner__in=first_two).order_by("partner_id", "pk")[:6]
    )
    return {"first": own[first_two[0].pk], "second": own[first_two[1].pk], "others": others}


def _seed_bodies(today, staff, first_two, contacts):
    manager, *rest = staff
    colleagues = [user for user in rest if user.role == "staff"] or [manager]
    secretary = colleagues[0]
    term = today - dt.timedelta(days=400)
    add = councils.membership_add

    council = councils.body_create(
        kind=BodyKind.EMPLOYERS_COUNCIL,
        name="Совет работодателей",
        description="Согласование образовательных программ, организация практики и демонстрационного "
        "экзамена, участие работодателей в государственной итоговой аттестации.",
        created_by=manager,
    )
    members = [
        add(body=council, user=manager, role=MemberRole.CHAIR, term_start=term, added_by=manager),
        add(body=council, user=secretary, role=MemberRole.SECRETARY, term_start=term, added_by=manager),
        add(body=council, contact=contacts["first"][0], role=MemberRole.DEPUTY, term_start=term, added_by=manager),
    ]
    members += [
        add(body=council, contact=contact, role=MemberRole.MEMBER, term_start=term, added_by=manager)
        for contact in contacts["others"][:3]
    ]
    _council_meetings(council, members, today, manager)

    board = councils.body_create(
        kind=BodyKind.BOARD_OF_TRUSTEES,
        name="Попечительский совет",
        description="Содействие развитию материально-технической базы техникума и привлечение внебюджетных средств.",
        created_by=manager,
    )
    board_members = [
        add(body=board, contact=contacts["second"][0], role=MemberRole.CHAIR, term_start=term, added_by=manager),
        add(body=board, user=secretary, role=MemberRole.SECRETARY, term_start=term, added_by=manager),
        add(body=board, user=manager, role=MemberRole.MEMBER, term_start=term, added_by=manager),
    ]
    board_members += [
        add(body=board, contact=contact, role=MemberRole.MEMBER, term_start=term, added_by=manager)
        for contact in contacts["others"][3:5]
    ]
    meeting = _meeting(board, today - dt.timedelta(days=35), "Конференц-зал техникума", board_members[:4], manager)
    item = councils.agenda_item_add(
        meeting=meeting,
        title="О софинансировании оснащения лаборатории станков с ЧПУ",
        heard="Директора техникума о плане оснащения лаборатории на 2026–2027 годы.",
        speakers="Председатель попечительского совета: о готовности предприятия передать оборудование.",
        added_by=manager,
    )
    councils.decision_record(meeting=meeting, item=item, text="Одобрить план оснащения лаборатории и передачу "
                             "двух токарных станков с ЧПУ.", votes_for=4, owner="Заместитель директора по АХР",
                             due_date=today + dt.timedelta(days=60), recorded_by=manager)  # fmt: skip
    _freeze(meeting)


def _meeting(body, date, place, present, by):
    meeting = councils.meeting_create(body=body, date=date, place=place, created_by=by)
    councils.attendance_set(meeting=meeting, present=present, marked_by=by)
    return meeting


def _freeze(meeting):
    """Closes a past meeting as ``meeting_close`` does, but leaves the PDF to the first download
    (seeding renders nothing)."""
    snapshot = documents.protocol_snapshot(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(snapshot=snapshot, snapshot_hash=documents.snapshot_hash(snapshot))


def _council_meetings(council, members, today, by):
    place = "Актовый зал техникума, ул. Машиностроителей, 5"
    first = _meeting(council, today - dt.timedelta(days=75), place, members[:5], by)
    practice = councils.agenda_item_add(
        meeting=first,
        title="Об организации производственной практики студентов 3 курса",
        heard="Заместителя директора по учебно-производственной работе о местах практики и руководителях.",
        speakers="Представители предприятий: о наставниках и допуске студентов в цеха.",
        added_by=by,
    )
    exam = councils.agenda_item_add(
        meeting=first,
        title="О подготовке к демонстрационному экзамену",
        heard="Председателя совета о составе экспертной группы.",
        added_by=by,
    )
    councils.decision_record(meeting=first, item=practice, text="Согласовать перечень мест практики и закрепить "
                             "наставников от предприятий.", votes_for=5, owner="Заместитель директора по УПР",
                             due_date=today - dt.timedelta(days=45), recorded_by=by)  # fmt: skip
    councils.decision_set_status(decision=first.decisions.get(), status=DecisionStatus.DONE, updated_by=by)
    councils.decision_record(meeting=first, item=exam, text="Направить экспертов от предприятий в экспертную "
                             "группу демонстрационного экзамена и обновить оснащение площадки.", votes_for=4,
                             votes_abstained=1, owner="Руководитель ЦПДЭ", due_date=today - dt.timedelta(days=10),
                             recorded_by=by)  # fmt: skip
    # ... and that one stays open: overdue on the staff dashboard.
    _freeze(first)

    second = _meeting(council, today - dt.timedelta(days=20), place, members[:4], by)
    programme = councils.agenda_item_add(
        meeting=second,
        title="О согласовании рабочей программы профессионального модуля ПМ.02",
        heard="Председателя предметно-цикловой комиссии о содержании модуля и требованиях работодателей.",
        added_by=by,
    )
    councils.decision_record(meeting=second, item=programme, text="Согласовать рабочую программу ПМ.02 с "
                             "учётом замечаний предприятий.", votes_for=3, votes_against=1,
                             owner="Председатель ПЦК", due_date=today + dt.timedelta(days=25), recorded_by=by)  # fmt: skip
    _freeze(second)

    planned = councils.meeting_create(body=council, date=today + dt.timedelta(days=30), place=place, created_by=by)
    councils.agenda_item_add(meeting=planned, title="Об итогах государственной итоговой аттестации", added_by=by)


def _seed_experts(today, staff, contacts):
    manager = staff[0]
    people = contacts["first"][1:3] + contacts["second"][1:2] + contacts["others"][:2]
    expiries = [40, 420, 300, 700, -20]  # days from today: one expiring soon, one already expired
    created = []
    for index, (contact, days) in enumerate(zip(people, expiries, strict=False)):
        created.append(
            experts.expert_create(
                contact=contact,
                competence=COMPETENCE if index % 2 == 0 else "Сварочные технологии",
                certificate_number=f"ЭДЭ-{index + 101:04d}",
                certificate_expires_on=today + dt.timedelta(days=days),
                created_by=manager,
            )
        )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    upcoming = _exam("Демонстрационный экзамен: токарные работы на станках с ЧПУ", now + dt.timedelta(days=25))
    held = _exam("Демонстрационный экзамен: сварочные технологии", now - dt.timedelta(days=120))
    for expert in created:
        for exam in (upcoming, held):
            if not experts.nomination_problems(exam, expert):  # an expired certificate is never nominated
                experts.expert_nominate(event=exam, expert=expert, nominated_by=manager)


def _exam(title, starts):
    held = starts < timezone.now()
    exam = Event.objects.create(
        type=EventType.DEMO_EXAM,
        title=title,
        starts_at=timezone.localtime(starts).replace(hour=9),
        ends_at=timezone.localtime(starts).replace(hour=17) + dt.timedelta(days=1),
        status=EventStatus.HELD if held else EventStatus.PLANNED,
        description="Демонстрационный экзамен в рамках государственной итоговой аттестации.",
    )
    exam.partners.add(*Partner.objects.order_by("pk")[:2])
    return exam
