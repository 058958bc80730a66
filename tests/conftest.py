"""Shared fixtures: the named users with different access, and their organisations."""

import pytest

from partnership_portal.accounts.models import StaffGroup
from partnership_portal.accounts.services import ensure_staff_groups
from tests.factories import AdminFactory, ContactFactory, EmployerFactory, PartnerFactory, StaffFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """One real Celery worker per test process, shared by every test that needs one: two
    workers on the same Redis database would take each other's tasks."""
    import os

    from tests.celery_worker import ARTIFACTS, running_worker

    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"celery-worker-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
    with django_db_blocker.unblock(), running_worker(log_path=log) as process:
        yield process


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads and generated files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partner_a(db):
    return PartnerFactory(name="АО «Уралмашзавод»")


@pytest.fixture
def partner_b(db):
    return PartnerFactory(name="ООО «Сибэнергомонтаж»")


def with_groups(user, *groups):
    ensure_staff_groups()
    from django.contrib.auth.models import Group

    user.groups.set(Group.objects.filter(name__in=[group.value for group in groups]))
    return user


@pytest.fixture
def staff(db):
    """The main staff persona: partnership manager and practice coordinator."""
    user = StaffFactory(email="staff@college.example", last_name="Петрова", first_name="Анна")
    return with_groups(user, StaffGroup.PARTNERSHIP_MANAGER, StaffGroup.PRACTICE_COORDINATOR)


@pytest.fixture
def teacher(db):
    """Staff without the partnership manager role: reads the register, logs interactions."""
    user = StaffFactory(email="teacher@college.example", last_name="Кузнецов", first_name="Дмитрий")
    return with_groups(user, StaffGroup.TEACHER)


@pytest.fixture
def admin_user(db):
    return AdminFactory(email="admin@college.example")


def employer_with_contact(partner, email, **roles):
    user = EmployerFactory(email=email, partner=partner, last_name="Орлова", first_name="Марина")
    ContactFactory(partner=partner, user=user, email=email, last_name="Орлова", first_name="Марина", **roles)
    return user


@pytest.fixture
def employer_a(partner_a):
    """HR of organisation A, also its practice supervisor and thesis reviewer."""
    return employer_with_contact(
        partner_a, "hr@uralmash.example", is_hr=True, is_practice_supervisor=True, is_thesis_reviewer=True
    )


@pytest.fixture
def employer_b(partner_b):
    return employer_with_contact(partner_b, "hr@sibenergo.example", is_hr=True, is_practice_supervisor=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def employer_a_client(client, employer_a):
    client.force_login(employer_a)
    return client
