"""Every URL of the project, requested as every role, gives the status in tests/url_table.py."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from simple_history.admin import SimpleHistoryAdmin

from contracts import services as contract_services
from contracts.models import (
    ClauseText,
    Contract,
    ContractBatch,
    ContractState,
    ContractType,
    NumberCounter,
    NumberPattern,
    Party,
    SignatureKind,
)
from events.models import (
    AgendaItem,
    Body,
    BodyKind,
    CalendarFeed,
    CompetitionResult,
    Contribution,
    ContributionKind,
    Decision,
    Event,
    EventFile,
    EventFileKind,
    EventPlace,
    EventStatus,
    EventType,
    Expert,
    ExpertNomination,
    Meeting,
    MemberRole,
    Membership,
    Participant,
    Programme,
)
from partners import services as partner_services
from partners.models import ChangeRequest, College, Contact, Interaction, Invitation, Partner, PartnerImport, Specialty
from practice.models import (
    DocumentStatus,
    Evaluation,
    OfferStatus,
    PlacementState,
    Review,
    StudentDataAccess,
    StudentImport,
)
from tests.contracts import contract_of, signatory_of
from tests.factories import (
    OfferFactory,
    PlacementFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StudentFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)
from tests.monitoring.url_rows import monitoring_world
from tests.url_table import ADMIN_FORBIDDEN, ADMIN_LOGIN, ALLOWED, FOREIGN, LOGIN, ROLES, TABLE, Row, expect


def project_patterns(resolver=None, prefix="", namespace=None):
    """(key, route) of every URL pattern; key is 'namespace:name', or the route if unnamed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from project_patterns(pattern, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            name = ":".join(part for part in (namespace, pattern.name) if part) if pattern.name else None
            yield (name or route), route


def admin_rows():
    """Rows for the per-model admin URLs: only the administrator gets in."""
    rows = {}
    locked = expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, None)
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name

        def obj_kwargs(world, model=model):
            return {"object_id": world.objects[model].pk}

        for action, kwargs in [
            ("changelist", None),
            ("add", None),
            ("change", obj_kwargs),
            ("delete", obj_kwargs),
            ("history", obj_kwargs),
        ]:
            status = ADMIN_FORBIDDEN.get((app, name, action), 200)
            rows[f"admin:{app}_{name}_{action}"] = Row({**locked, "admin": status}, kwargs=kwargs)
        if isinstance(admin.site._registry[model], SimpleHistoryAdmin):
            rows[f"admin:{app}_{name}_simple_history"] = Row(
                {**locked, "admin": 200},
                # Positional: simple-history's pattern has unnamed groups.
                kwargs=lambda world, model=model: [world.objects[model].pk, world.objects[model].history.first().pk],
            )
        # The bare object URL redirects to its change page.
        rows[f"admin/{app}/{name}/<path:object_id>/"] = Row(
            {**locked, "admin": 302}, path=f"/admin/{app}/{name}/{{pk}}/", kwargs=obj_kwargs
        )
    return rows


ALL_ROWS = {**TABLE, **admin_rows()}


def test_every_url_pattern_has_a_row():
    keys = {key for key, _route in project_patterns()}
    missing = sorted(keys - set(ALL_ROWS))
    stale = sorted(set(ALL_ROWS) - keys)
    assert not missing, f"URL patterns missing from tests/url_table.py: {missing}"
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


@pytest.fixture
def world(db, staff, admin_user, employer_a, employer_b, partner_a, partner_b, django_capture_on_commit_callbacks):
    """One object of every model the admin registers, plus the named users."""
    now = timezone.now()
    partner_a = partner_services.partner_update(partner=partner_a, updated_by=staff, phone="+7 343 000-00-00")
    contact_a = partner_services.contact_create(
        partner=partner_a, created_by=staff, last_name="Иванов", first_name="Пётр", email="ivanov@uralmash.example"
    )
    invitation_a = partner_services.invitation_send(contact=contact_a, invited_by=staff)
    interaction_a = partner_services.interaction_create(partner=partner_a, author=staff, summary="Встреча")
    change_request_a = partner_services.change_request_submit(
        partner=partner_a, requested_by=employer_a, values={"short_name": "АО «УЗТМ»"}
    )
    partner_import = PartnerImport.objects.create(uploaded_by=staff, file_name="partners.xlsx", status="invalid")
    practice = practice_world(partner_a, employer_a, staff)
    contracts = contracts_world(partner_a, employer_a, staff, practice)
    events = events_world(partner_a, partner_b, employer_a, staff, practice, contracts)
    monitoring = monitoring_world(
        staff=staff, employer_a=employer_a, employer_b=employer_b, partner_a=partner_a, partner_b=partner_b,
        **{key: value for key, value in {**practice, **contracts, **events}.items() if key != "admin_objects"},
    )  # fmt: skip
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    objects = {
        Partner: partner_a,
        College: College.current(),
        Specialty: SpecialtyFactory(code="15.02.16", name="Технология машиностроения"),
        Contact: contact_a,
        Invitation: invitation_a,
        Interaction: interaction_a,
        ChangeRequest: change_request_a,
        PartnerImport: partner_import,
        type(staff): staff,
        Group: Group.objects.first(),
        AccessAttempt: AccessAttempt.objects.create(
            username="x@example.com", ip_address="10.0.0.1", failures_since_start=1, attempt_time=now
        ),
        AccessLog: AccessLog.objects.create(username="x@example.com", ip_address="10.0.0.1", attempt_time=now),
        AccessFailureLog: AccessFailureLog.objects.create(
            username="x@example.com", ip_address="10.0.0.1", attempt_time=now
        ),
        IntervalSchedule: interval,
        CrontabSchedule: CrontabSchedule.objects.create(minute="0", hour="3"),
        SolarSchedule: SolarSchedule.objects.create(event="sunrise", latitude=56.84, longitude=60.6),
        ClockedSchedule: ClockedSchedule.objects.create(clocked_time=now),
        PeriodicTask: PeriodicTask.objects.create(
            name="demo", task="accounts.purge_expired_sessions", interval=interval
        ),
    }
    objects.update(
        {
            type(obj): obj
            for obj in practice["admin_objects"]
            + contracts["admin_objects"]
            + events["admin_objects"]
            + monitoring["admin_objects"]
        }
    )
    unknown = set(admin.site._registry) - set(objects)
    assert not unknown, f"add an object of each newly registered model to the world fixture: {unknown}"
    return SimpleNamespace(
        staff=staff,
        admin=admin_user,
        employer_a=employer_a,
        employer_b=employer_b,
        partner_a=partner_a,
        partner_b=partner_b,
        objects=objects,
        contact_a=contact_a,
        invitation_a=invitation_a,
        invitation_token=partner_services.invitation_token(invitation_a),
        interaction_a=interaction_a,
        change_request_a=change_request_a,
        partner_import=partner_import,
        **{
            key: value
            for key, value in {**practice, **contracts, **events, **monitoring}.items()
            if key != "admin_objects"
        },
        partner_content_type_id=ContentType.objects.get_for_model(Partner).pk,
    )


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def practice_world(partner_a, employer_a, staff):
    """Practice objects of organisation A: a group and student placed there, an offer, a thesis
    its employer reviews (with a file), a submitted sheet and review with their PDFs."""
    contact_a = employer_a.contact
    student = StudentFactory()
    period = PracticePeriodFactory(group=student.group)
    placement = PlacementFactory(student=student, period=period, partner=partner_a, state=PlacementState.IN_PROGRESS)
    evaluated = PlacementFactory(period=period, student=StudentFactory(group=student.group), partner=partner_a,
                                 state=PlacementState.EVALUATED)  # fmt: skip
    evaluation = Evaluation.objects.create(placement=evaluated, grade=5, status=DocumentStatus.SUBMITTED, work_done="…")
    evaluation.pdf.save("evaluation.pdf", ContentFile(PDF))
    offer = OfferFactory(partner=partner_a, status=OfferStatus.DRAFT)
    thesis = ThesisFactory(student=student, reviewer=contact_a, review_due=timezone.localdate() + timedelta(days=9))
    thesis.file.save("thesis.pdf", ContentFile(PDF))
    reviewed = ThesisFactory(student=evaluated.student, reviewer=contact_a, review_due=timezone.localdate())
    review = Review.objects.create(thesis=reviewed, reviewer=contact_a, grade=4, status=DocumentStatus.SUBMITTED)
    review.pdf.save("review.pdf", ContentFile(PDF))
    internship = TeacherInternshipFactory(partner=partner_a)
    internship.result_document.save("result.pdf", ContentFile(PDF))
    student_import = StudentImport.objects.create(uploaded_by=staff, file_name="groups.xlsx", status="invalid")
    access = StudentDataAccess.objects.create(user=staff, student=student, action="view", detail="test")
    return {
        "group_a": student.group,
        "student_a": student,
        "period_a": period,
        "placement_a": placement,
        "evaluated_placement_a": evaluated,
        "offer_a": offer,
        "thesis_a": thesis,
        "reviewed_thesis_a": reviewed,
        "internship": internship,
        "student_import": student_import,
        "admin_objects": [student.group, student, period.college_supervisor, period, offer, placement, evaluation,
                          thesis, review, internship, access, student_import],
    }  # fmt: skip


def contracts_world(partner_a, employer_a, staff, practice):
    """A tripartite contract of organisation A sent for signatures, with a signature and its PDF."""
    signatory = signatory_of(partner_a)
    contract = contract_services.contract_create(
        type=ContractType.TRIPARTITE_PRACTICE, partner=partner_a, created_by=staff, placement=practice["placement_a"],
        start_date=practice["period_a"].start_date, end_date=practice["period_a"].end_date,
        partner_signatory=signatory,
    )  # fmt: skip
    contract_services.contract_transition(contract=contract, to_state=ContractState.AWAITING_SIGNATURES, by=staff)
    contract.refresh_from_db()
    contract.pdf.save("contract.pdf", ContentFile(PDF))
    Contract.objects.filter(pk=contract.pk).update(pdf_hash=contract.snapshot_hash)
    signature = contract_services.signature_record(
        contract=contract, party=Party.COLLEGE, signer_name="Смирнова О. В.", signed_on=timezone.localdate(),
        kind=SignatureKind.SCAN, recorded_by=staff, file=ContentFile(PDF, name="scan.pdf"),
    )  # fmt: skip
    draft = contract_services.contract_create(
        type=ContractType.COOPERATION, partner=partner_a, created_by=staff,
        start_date=timezone.localdate(), end_date=timezone.localdate() + timedelta(days=365),
    )  # fmt: skip
    batch = ContractBatch.objects.create(period=practice["period_a"], created_by=staff, total=1)
    Contract.objects.filter(pk=contract.pk).update(batch=batch)
    targeted = contract_services.contract_create(
        type=ContractType.TARGETED_TRAINING, partner=partner_a, created_by=staff, student=practice["student_a"],
        start_date=timezone.localdate(), end_date=timezone.localdate() + timedelta(days=900),
        details={"employment_deadline": "2028-09-01", "work_years": 3},
    )  # fmt: skip
    priced = contract_services.contract_transition(
        contract=contract_of(ContractType.CONSULTING, partner_a, staff, partner_signatory=signatory),
        to_state=ContractState.AWAITING_SIGNATURES, by=staff,
    )  # fmt: skip
    return {
        "contract_a": contract,
        "priced_contract_a": priced,
        "draft_contract_a": draft,
        "signature_a": signature,
        "batch": batch,
        "obligation_a": targeted.obligation,
        "admin_objects": [
            contract, signature, batch, targeted.obligation,
            NumberPattern.objects.create(type=ContractType.COOPERATION, pattern="{seq}/{year}-СП"),
            NumberCounter.objects.first(),
            ClauseText.objects.create(type=ContractType.COOPERATION, key="extra", title="Доп.", text="Текст"),
        ],
    }  # fmt: skip


def events_world(partner_a, partner_b, employer_a, staff, practice, contracts):
    """Events objects of organisation A (and one event of B only): an excursion at A with a
    participant, a result and a file; an expert of A nominated to a demonstration exam; a
    council with A's employee as a member, a meeting with a decision and its protocol; a
    contribution of A to a programme; the employer's calendar feed."""
    now = timezone.now()
    contact_a = employer_a.contact
    event = Event.objects.create(type=EventType.EXCURSION, title="Экскурсия в цех", place=EventPlace.PARTNER,
                                 site_partner=partner_a, starts_at=now + timedelta(days=3),
                                 ends_at=now + timedelta(days=3, hours=3), created_by=staff)  # fmt: skip
    event.partners.add(partner_a)
    event_b = Event.objects.create(type=EventType.CAREER_DAY, title="День карьеры Б", starts_at=now + timedelta(days=5),
                                   ends_at=now + timedelta(days=5, hours=2), created_by=staff)  # fmt: skip
    event_b.partners.add(partner_b)
    proposal = Event.objects.create(type=EventType.MASTER_CLASS, title="Мастер-класс", status=EventStatus.PROPOSED,
                                    starts_at=now + timedelta(days=10), ends_at=now + timedelta(days=10, hours=2),
                                    proposed_by=employer_a)  # fmt: skip
    proposal.partners.add(partner_a)
    participant = Participant.objects.create(event=event, contact=contact_a, registered_by=employer_a)
    result = CompetitionResult.objects.create(event=event, place=1, student=practice["student_a"])
    event_file = EventFile(event=event, kind=EventFileKind.DOCUMENT, original_name="программа.pdf", size=len(PDF),
                           uploaded_by=staff)  # fmt: skip
    event_file.file.save("programme.pdf", ContentFile(PDF))
    exam = Event.objects.create(type=EventType.DEMO_EXAM, title="Демонстрационный экзамен",
                                starts_at=now + timedelta(days=20), ends_at=now + timedelta(days=20, hours=6))  # fmt: skip
    exam.partners.add(partner_a)
    expert = Expert.objects.create(contact=contact_a, competence="Токарные работы на станках с ЧПУ",
                                   certificate_number="Э-0001", certificate_expires_on=timezone.localdate() + timedelta(days=400))  # fmt: skip
    nomination = ExpertNomination.objects.create(event=exam, expert=expert)
    body = Body.objects.create(kind=BodyKind.EMPLOYERS_COUNCIL, name="Совет работодателей")
    body.charter.save("charter.pdf", ContentFile(PDF))
    member = Membership.objects.create(body=body, contact=contact_a, role=MemberRole.MEMBER,
                                       term_start=timezone.localdate() - timedelta(days=100))  # fmt: skip
    chair = Membership.objects.create(body=body, user=staff, role=MemberRole.CHAIR,
                                      term_start=timezone.localdate() - timedelta(days=100))  # fmt: skip
    other_body = Body.objects.create(kind=BodyKind.BOARD_OF_TRUSTEES, name="Попечительский совет")
    meeting = Meeting.objects.create(body=body, number=1, date=timezone.localdate(), place="Актовый зал")
    meeting.attendees.set([member, chair])
    meeting.pdf.save("protocol.pdf", ContentFile(PDF))
    # The meeting is closed: its protocol issued (frozen) and rendered.
    Meeting.objects.filter(pk=meeting.pk).update(snapshot={"number": 1}, snapshot_hash="0" * 64, pdf_hash="0" * 64)
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="О практике")
    decision = Decision.objects.create(meeting=meeting, item=item, text="Одобрить", votes_for=2)
    other_meeting = Meeting.objects.create(body=other_body, number=1, date=timezone.localdate(), place="Зал")
    other_item = AgendaItem.objects.create(meeting=other_meeting, order=1, title="О плане работы")
    programme = Programme.objects.create(name="Лаборатория ЧПУ", budget=1_000_000, start_year=2026, end_year=2028)
    contribution = Contribution.objects.create(partner=partner_a, kind=ContributionKind.MONEY, value=250_000,
                                               date=timezone.localdate(), description="Пожертвование",
                                               programme=programme, created_by=staff)  # fmt: skip
    contribution_b = Contribution.objects.create(partner=partner_b, kind=ContributionKind.PRIZES, value=10_000,
                                                 date=timezone.localdate(), description="Призы")  # fmt: skip
    feed = CalendarFeed.objects.create(user=employer_a)
    return {
        "event_a": event,
        "event_b": event_b,
        "proposal_a": proposal,
        "participant_a": participant,
        "result_a": result,
        "event_file_a": event_file,
        "exam_a": exam,
        "expert_a": expert,
        "nomination_a": nomination,
        "body_a": body,
        "other_body": other_body,
        "membership_a": member,
        "meeting_a": meeting,
        "other_meeting": other_meeting,
        "other_item": other_item,
        "item_a": item,
        "decision_a": decision,
        "programme": programme,
        "contribution_a": contribution,
        "contribution_b": contribution_b,
        "feed_a": feed,
        "admin_objects": [event, participant, result, event_file, feed, expert, nomination, body, member, meeting,
                          item, decision, programme, contribution],
    }  # fmt: skip


def url_for(key, row, world):
    kwargs = row.kwargs(world) if row.kwargs else {}
    if row.path:
        return row.path.format(**{"pk": kwargs.get("object_id", "")})
    if isinstance(kwargs, list):
        return reverse(key, args=kwargs)
    return reverse(key, kwargs=kwargs)


def section(key):
    """URLs are checked in sections (one world each): the project's apps, and the admin per app."""
    name = key.split(":")[1] if key.startswith("admin:") else key
    if key.startswith("admin"):
        app = name.split("_")[0] if "_" in name and name.split("_")[0] in APP_LABELS else "site"
        return f"admin-{app}"
    return key.split(":")[0] if ":" in key else "portal"


APP_LABELS = {model._meta.app_label for model in admin.site._registry}
SECTIONS = sorted({section(key) for key in ALL_ROWS})


def requests_for(row, role):
    """(method, expected status) pairs to send as ``role``. A POST-only row is asked by GET and,
    outside the role, by POST too: a refused POST changes nothing, and it must be refused the same
    way as a GET (404, anonymous: the login page), not with 405."""
    expected = row.expected[role]
    if not row.is_post_only:
        return [("get", expected)]
    if expected in (ALLOWED, FOREIGN):
        return [("get", 405)] + ([("post", 404)] if expected == FOREIGN else [])
    return [("get", expected), ("post", expected)]


def check(key, world, client):
    """The list of mismatches for one URL, over every role."""
    row = ALL_ROWS[key]
    url = url_for(key, row, world)
    users = {
        "anon": None,
        "staff": world.staff,
        "employer_a": world.employer_a,
        "employer_b": world.employer_b,
        "admin": world.admin,
    }
    failures = []
    with override_settings(**row.settings):
        for role in ROLES:
            client.logout()
            if users[role]:
                client.force_login(users[role])
            for method, expected in requests_for(row, role):
                response = getattr(client, method)(url)
                if expected == LOGIN:
                    ok = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
                elif expected == ADMIN_LOGIN:
                    ok = response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
                else:
                    ok = response.status_code == expected
                if not ok:
                    failures.append(
                        f"{method.upper()} {url} {role}: expected {expected}, "
                        f"got {response.status_code} {response.get('Location', '')}"
                    )
    return failures


@pytest.mark.parametrize("name", SECTIONS)
def test_every_url_gives_the_expected_status_to_each_role(name, world, client):
    keys = sorted(key for key in ALL_ROWS if section(key) == name)
    assert keys
    failures = [failure for key in keys for failure in check(key, world, client)]
    assert not failures, "\n".join(failures)
