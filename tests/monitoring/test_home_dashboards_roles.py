"""The home page by role: a teacher's own dashboard (theses and review states, students on
practice, missing evaluation sheets, own internship), the administrator on the staff dashboard
with a link to the admin, the employer's links and overdue sheets, the staff dashboard's
agreements to renew apart from practice contracts that simply end. Fixed numbers of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractState, ContractType
from partnership_portal.accounts.models import StaffGroup
from practice.models import DocumentStatus, Evaluation, PlacementState, Review
from tests.conftest import with_groups
from tests.contracts import contract_of
from tests.factories import (
    ContactFactory,
    PartnerFactory,
    PlacementFactory,
    PracticePeriodFactory,
    StaffFactory,
    StudentFactory,
    TeacherFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)
from tests.helpers import assert_constant_queries, years_before

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def today():
    return timezone.localdate()


@pytest.fixture
def teacher_record(teacher):
    return TeacherFactory(user=teacher, last_name="Кузнецов", first_name="Дмитрий")


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


def reviewer_at(partner):
    return ContactFactory(partner=partner, is_thesis_reviewer=True)


def placed(teacher, partner, *, start, end, via_period=False, **fields):
    """A placement the teacher supervises: named on the placement, or (``via_period``) on its period."""
    student = StudentFactory()
    period = PracticePeriodFactory(
        group=student.group, start_date=start, end_date=end, college_supervisor=teacher if via_period else None
    )
    return PlacementFactory(
        student=student, period=period, partner=partner, start_date=start, end_date=end,
        college_supervisor=None if via_period else teacher, **fields,
    )  # fmt: skip


# --- Who lands where ----------------------------------------------------------------------------


def test_a_teacher_lands_on_the_teacher_dashboard_not_the_managers(teacher_client, teacher_record):
    response = teacher_client.get(HOME)
    assert [t.name for t in response.templates][0] == "dashboard/teacher.html"
    assert response.context["teacher"] == teacher_record
    assert "partner_count" not in response.context


def test_a_teacher_without_a_teacher_record_is_told_what_to_do(teacher_client):
    response = teacher_client.get(HOME)
    html = response.content.decode()
    assert response.context["teacher"] is None
    assert 'data-testid="no-teacher-record"' in html


def test_a_teacher_who_also_manages_partnerships_keeps_the_staff_dashboard(client):
    user = with_groups(StaffFactory(), StaffGroup.TEACHER, StaffGroup.PARTNERSHIP_MANAGER)
    client.force_login(user)
    assert [t.name for t in client.get(HOME).templates][0] == "dashboard/staff.html"


def test_the_administrator_lands_on_the_staff_dashboard_with_a_link_to_the_admin(client, admin_user, staff):
    client.force_login(admin_user)
    response = client.get(HOME)
    html = response.content.decode()
    assert [t.name for t in response.templates][0] == "dashboard/staff.html"
    assert f'href="{reverse("admin:index")}" data-testid="admin-link"' in html
    client.force_login(staff)
    assert 'data-testid="admin-link"' not in client.get(HOME).content.decode()


def test_the_staff_dashboard_counts_the_theses_by_the_state_of_their_review(staff_client, partner_a):
    """The chart's five counts come from one pass over the theses; each thesis is counted in the
    state the teacher's dashboard and the thesis list show for it."""
    reviewer = reviewer_at(partner_a)
    ThesisFactory.create_batch(2)  # no reviewer
    ThesisFactory(reviewer=reviewer, review_due=today())  # waiting: due today is not yet overdue
    ThesisFactory(reviewer=reviewer, review_due=None)  # no due date: in no state but «no reviewer»'s
    overdue = ThesisFactory(reviewer=reviewer, review_due=today() - timedelta(days=3))
    overdue_draft = ThesisFactory(reviewer=reviewer, review_due=today() - timedelta(days=1))
    Review.objects.create(thesis=overdue_draft, reviewer=reviewer)
    for days in (5, 6):
        Review.objects.create(
            thesis=ThesisFactory(reviewer=reviewer, review_due=today() + timedelta(days=days)), reviewer=reviewer
        )
    for days in (-10, 10, 20):  # submitted, late or not
        Review.objects.create(
            thesis=ThesisFactory(reviewer=reviewer, review_due=today() + timedelta(days=days)),
            reviewer=reviewer, status=DocumentStatus.SUBMITTED, submitted_at=timezone.now(),
        )  # fmt: skip

    response = staff_client.get(HOME)
    assert response.context["reviews"] == {
        "no_reviewer": 2, "waiting": 1, "draft": 2, "overdue": 2, "submitted": 3,
    }  # fmt: skip
    assert response.context["review_chart"]["values"] == [2, 1, 2, 2, 3]
    assert overdue.review_due < today()


# --- The teacher's dashboard --------------------------------------------------------------------


def test_the_teacher_sees_their_theses_with_each_reviews_state(teacher_client, teacher_record, partner_a):
    reviewer = reviewer_at(partner_a)
    no_reviewer = ThesisFactory(supervisor=teacher_record)
    waiting = ThesisFactory(supervisor=teacher_record, reviewer=reviewer, review_due=today() + timedelta(days=10))
    overdue = ThesisFactory(supervisor=teacher_record, reviewer=reviewer, review_due=today() - timedelta(days=3))
    draft = ThesisFactory(supervisor=teacher_record, reviewer=reviewer, review_due=today() + timedelta(days=5))
    Review.objects.create(thesis=draft, reviewer=reviewer)
    submitted = ThesisFactory(supervisor=teacher_record, reviewer=reviewer, review_due=today() - timedelta(days=1))
    Review.objects.create(
        thesis=submitted, reviewer=reviewer, status=DocumentStatus.SUBMITTED, submitted_at=timezone.now()
    )
    someone_elses = ThesisFactory(supervisor=TeacherFactory())
    defended_long_ago = ThesisFactory(supervisor=teacher_record, defence_date=today() - timedelta(days=400))

    response = teacher_client.get(HOME)
    states = {thesis.pk: thesis.review_state for thesis in response.context["theses"]}
    assert states == {
        no_reviewer.pk: "no_reviewer",
        waiting.pk: "waiting",
        overdue.pk: "overdue",
        draft.pk: "draft",
        submitted.pk: "submitted",
    }
    assert response.context["thesis_count"] == 5
    html = response.content.decode()
    for thesis in (no_reviewer, waiting, overdue, draft, submitted):
        assert reverse("practice:thesis_detail", args=[thesis.pk]) in html
    assert reverse("practice:thesis_detail", args=[someone_elses.pk]) not in html
    assert reverse("practice:thesis_detail", args=[defended_long_ago.pk]) not in html
    assert f"{overdue.review_due:%d.%m.%Y}" in html  # overdue since when
    # «All» leads to the thesis list filtered to this teacher's theses.
    assert f'href="{reverse("practice:thesis_list")}?mine=on" data-testid="my-theses-all"' in html
    mine = teacher_client.get(reverse("practice:thesis_list"), {"mine": "on"})
    assert {thesis.pk for thesis in mine.context["page_obj"]} == {
        no_reviewer.pk, waiting.pk, overdue.pk, draft.pk, submitted.pk, defended_long_ago.pk
    }  # fmt: skip


def test_the_teacher_sees_their_students_on_practice_and_the_missing_sheets(teacher_client, teacher_record, partner_a):
    now_own = placed(teacher_record, partner_a, start=today() - timedelta(days=5), end=today() + timedelta(days=20))
    now_by_period = placed(
        teacher_record, partner_a, start=today() - timedelta(days=1), end=today() + timedelta(days=9), via_period=True
    )
    placed(
        teacher_record, partner_a, start=today() - timedelta(days=5), end=today() + timedelta(days=20),
        state=PlacementState.CANCELLED, cancel_reason="Болезнь",
    )  # fmt: skip
    placed(TeacherFactory(), partner_a, start=today() - timedelta(days=5), end=today() + timedelta(days=20))
    ended_long_ago = placed(
        teacher_record, partner_a, start=years_before(today(), 1) - timedelta(days=30), end=years_before(today(), 1)
    )
    ended_and_evaluated = placed(
        teacher_record, partner_a, start=today() - timedelta(days=40), end=today() - timedelta(days=2)
    )
    Evaluation.objects.create(placement=ended_and_evaluated, status=DocumentStatus.SUBMITTED)

    response = teacher_client.get(HOME)
    assert [p.pk for p in response.context["on_practice"]] == [now_by_period.pk, now_own.pk]
    assert response.context["on_practice_count"] == 2
    assert [p.pk for p in response.context["sheets_missing"]] == [ended_long_ago.pk]
    html = response.content.decode()
    assert reverse("practice:placement_detail", args=[ended_long_ago.pk]) in html
    assert f"{ended_long_ago.end_date:%d.%m.%Y}" in html


@pytest.mark.parametrize(
    ("ended_days_ago", "state"),
    [(None, "overdue"), (365, "done"), (3 * 365 - 60, "due_soon"), (3 * 366 + 1, "overdue")],
)
def test_the_teacher_sees_their_own_internship_status(teacher_client, teacher_record, partner_a, ended_days_ago, state):
    if ended_days_ago is not None:
        end = today() - timedelta(days=ended_days_ago)
        TeacherInternshipFactory(
            teacher=teacher_record, partner=partner_a, start_date=end - timedelta(days=10), end_date=end
        )
    TeacherInternshipFactory(teacher=TeacherFactory(), partner=partner_a)  # another teacher's
    response = teacher_client.get(HOME)
    internship = response.context["internship"]
    assert internship["state"] == state
    assert f'data-state="{state}"' in response.content.decode()
    if state != "done":
        assert reverse("practice:internship_create") in response.content.decode()


def test_the_teacher_dashboard_empty_states_say_what_to_do_next(teacher_client, teacher_record):
    html = teacher_client.get(HOME).content.decode()
    assert 'data-testid="my-theses"' not in html and 'data-testid="on-practice"' not in html
    assert html.count("empty-state") == 3
    assert reverse("practice:internship_create") in html  # no internship yet: record one


def test_the_teacher_dashboard_runs_the_same_queries_with_few_and_many_rows(teacher_client, teacher_record):
    partner = PartnerFactory()
    reviewer = reviewer_at(partner)

    def rows(n):
        for i in range(n):
            thesis = ThesisFactory(supervisor=teacher_record, reviewer=reviewer, review_due=today() + timedelta(days=i))
            if i % 2:
                Review.objects.create(thesis=thesis, reviewer=reviewer)
            placed(teacher_record, partner, start=today() - timedelta(days=3), end=today() + timedelta(days=10 + i))
            placed(teacher_record, partner, start=today() - timedelta(days=60), end=today() - timedelta(days=1 + i))
            TeacherInternshipFactory(teacher=teacher_record, partner=partner)

    rows(1)
    queries = assert_constant_queries(teacher_client, HOME, lambda: rows(20))
    assert queries <= 15, queries


# --- The employer's dashboard -------------------------------------------------------------------


def test_the_employer_opens_a_thesis_to_review_from_the_dashboard(employer_a_client, employer_a, partner_a):
    contact = partner_a.contacts.get(user=employer_a)
    thesis = ThesisFactory(reviewer=contact, review_due=today() + timedelta(days=7))
    html = employer_a_client.get(HOME).content.decode()
    assert f'href="{reverse("practice:review_form", args=[thesis.pk])}" data-testid="review-link"' in html


def test_an_evaluation_sheet_whose_practice_ended_is_overdue_since_the_end(employer_a_client, partner_a):
    year_ago = placed(
        TeacherFactory(), partner_a, start=years_before(today(), 1) - timedelta(days=30), end=years_before(today(), 1)
    )
    running = placed(TeacherFactory(), partner_a, start=today() - timedelta(days=3), end=today() + timedelta(days=30))
    response = employer_a_client.get(HOME)
    overdue = {placement.pk: placement.overdue_since for placement in response.context["evaluations_due"]}
    assert overdue == {year_ago.pk: year_ago.end_date, running.pk: None}
    html = response.content.decode()
    assert html.count('data-testid="evaluation-overdue"') == 1
    assert f"{year_ago.end_date:%d.%m.%Y}" in html


def test_the_employer_dashboard_runs_the_same_queries_with_few_and_many_rows(employer_a_client, employer_a, partner_a):
    contact = partner_a.contacts.get(user=employer_a)

    def rows(n):
        for i in range(n):
            placed(TeacherFactory(), partner_a, start=today() - timedelta(days=40), end=today() - timedelta(days=i + 1))
            ThesisFactory(reviewer=contact, review_due=today() + timedelta(days=i))

    rows(1)
    assert_constant_queries(employer_a_client, HOME, lambda: rows(12))


# --- The staff dashboard ------------------------------------------------------------------------


def expiring(contract_type, partner, staff, days, **fields):
    contract = contract_of(contract_type, partner, staff, **fields)
    Contract.objects.filter(pk=contract.pk).update(state=ContractState.ACTIVE, end_date=today() + timedelta(days=days))
    return contract


def test_agreements_to_renew_are_listed_apart_from_practice_contracts_that_simply_end(staff_client, staff, partner_a):
    practice = [expiring(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, days) for days in (1, 2, 3)]
    cooperation = expiring(ContractType.COOPERATION, partner_a, staff, 25)
    joint = expiring(ContractType.JOINT_PROJECT, partner_a, staff, 10)
    expiring(ContractType.COOPERATION, partner_a, staff, 45)  # not within 30 days
    # An amendment goes with what it amends: a practice contract's ends with it, an agreement's is renewed.
    practice_amendment = expiring(ContractType.AMENDMENT, partner_a, staff, 4, parent=practice[0])
    agreement_amendment = expiring(ContractType.AMENDMENT, partner_a, staff, 26, parent=cooperation)
    response = staff_client.get(HOME)
    assert response.context["expiring_contracts"] == [joint, cooperation, agreement_amendment]
    assert response.context["expiring_contracts_count"] == 3
    assert response.context["practice_contracts_ending"] == [*practice, practice_amendment]
    html = response.content.decode()
    renew_list = html[
        html.index('data-testid="expiring-contracts"') : html.index('data-testid="practice-contracts-ending"')
    ]
    assert f"№ {cooperation.number}" in renew_list
    assert all(f"№ {contract.number}<" not in renew_list for contract in practice)
    assert '<details class="card-footer small" data-testid="practice-contracts-ending">' in html  # collapsed


def test_the_staff_dashboard_keeps_its_query_count_with_many_expiring_contracts(staff_client, staff, partner_a):
    expiring(ContractType.COOPERATION, partner_a, staff, 5)
    expiring(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, 5)

    def more():
        for days in range(6, 16):
            expiring(ContractType.COOPERATION, partner_a, staff, days)
            expiring(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, days)

    assert_constant_queries(staff_client, HOME, more)
