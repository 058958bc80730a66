"""The demo teacher login lands on a home with something in every card: theses under review in
every state, a group on practice now, sheets still missing and an internship falling due."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from monitoring.dashboards import teacher_dashboard
from partnership_portal.accounts.models import User
from practice.models import Student, StudentStatus, StudyGroup, Teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses a live server
    call_command("seed_demo", scale="small", stdout=io.StringIO())


def test_the_demo_teacher_login_has_a_dashboard_with_content(demo, client):
    user = User.objects.get(email="teacher@college.example")
    teacher = Teacher.objects.get(user=user)
    assert (teacher.last_name, teacher.first_name) == (user.last_name, user.first_name)
    context = teacher_dashboard(user)
    assert context["teacher"] == teacher
    states = {thesis.review_state for thesis in context["theses"]}
    assert {"waiting", "draft", "submitted", "overdue"} <= states, states
    assert context["on_practice_count"] >= 5
    assert 1 <= context["sheets_missing_count"] <= 2
    today = timezone.localdate()
    internship = context["internship"]
    assert internship["state"] == "due_soon"
    assert 2.5 * 365 <= (today - internship["last"].end_date).days <= 3 * 365

    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    for testid in ("my-theses", "on-practice", "sheets-missing", 'data-state="due_soon"'):
        assert testid in page, testid
    assert "no-teacher-record" not in page


def test_a_second_seed_changes_nothing_of_the_demo_teacher(demo, settings):
    user = User.objects.get(email="teacher@college.example")
    before = teacher_dashboard(user)
    call_command("seed_demo", scale="small", stdout=io.StringIO())
    after = teacher_dashboard(user)
    assert Teacher.objects.filter(user=user).count() == 1
    for key in ("thesis_count", "on_practice_count", "sheets_missing_count"):
        assert after[key] == before[key], key


def test_the_graduates_studied_the_specialties_of_the_groups_studying_now(demo):
    graduated = set(
        StudyGroup.objects.filter(students__status=StudentStatus.GRADUATED).values_list("specialty__code", flat=True)
    )
    studying = set(
        StudyGroup.objects.filter(students__status=StudentStatus.STUDYING).values_list("specialty__code", flat=True)
    )
    assert Student.objects.filter(status=StudentStatus.GRADUATED).exists()
    assert graduated <= studying, (graduated, studying)
