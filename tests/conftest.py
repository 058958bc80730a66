"""Shared fixtures: the named users with different access, and their organisations."""

import os
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partnership_portal.accounts.models import StaffGroup
from partnership_portal.accounts.services import ensure_staff_groups
from tests.factories import AdminFactory, ContactFactory, EmployerFactory, PartnerFactory, StaffFactory

PASSWORD = "correct-horse-battery"


def pytest_addoption(parser):
    parser.addoption(
        "--fake-now",
        default=os.environ.get("PORTAL_FAKE_NOW") or None,
        help="ISO date-time (with offset) every test starts at, the clock ticking on from there; "
        "browser tests and tests with a real Celery worker keep the real clock (also: PORTAL_FAKE_NOW).",
    )


def pytest_configure(config):
    fake_now = config.getoption("fake_now")
    if fake_now and datetime.fromisoformat(fake_now).tzinfo is None:
        raise pytest.UsageError(f"--fake-now needs a UTC offset, e.g. 2028-02-29T12:00:00+03:00, not {fake_now}")
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist), once
        drop_databases_of_dead_runs()


def pytest_report_header(config):
    if config.getoption("fake_now"):
        return f"clock: each test starts at {config.getoption('fake_now')}"
    return None


MOSCOW = ZoneInfo("Europe/Moscow")
# A test started this close to midnight in Moscow starts just after it instead (real-clock runs).
MIDNIGHT_GUARD = timedelta(minutes=2)


@pytest.fixture(autouse=True)
def _clock(request):
    """Sets the clock a test runs on (the clock ticks on from there, so durations and ordering
    by time still work).

    - With ``--fake-now``, every test starts at that instant: ``make test`` runs the suite again
      at 29 February 2028, 2 September 2028 and 23:59:50 Moscow time (leap day, the day after a
      date once hard-coded in a test, and tests that cross midnight while they run).
    - Otherwise a test that would start within two minutes before midnight in Moscow starts at
      midnight instead, so that a run crossing midnight does not flip a test that took «today»
      before the code under test takes it again.

    Browser tests and tests with a real Celery worker keep the real clock: Chromium and the
    worker are other processes, which the fake clock cannot reach."""
    if request.node.get_closest_marker("e2e") or request.node.get_closest_marker("celery_worker"):
        yield
        return
    destination = request.config.getoption("fake_now")
    if destination:
        start = datetime.fromisoformat(destination)
    else:
        now = datetime.now(MOSCOW)
        midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=MOSCOW)
        start = midnight if midnight - now < MIDNIGHT_GUARD else None
    if start is None:
        yield
        return
    with time_machine.travel(start, tick=True):
        yield


def drop_databases_of_dead_runs():
    """Drops the test databases that a killed run of this host left behind (their names end with
    ``<host tag>_<controller pid>_gw<n>``, see the test settings); a live run's are left alone."""
    import re

    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    prefix = f"test_{db['NAME']}_{settings.TEST_HOST_TAG}_"
    pattern = re.compile(re.escape(prefix) + r"(\d+)(_gw\d+)?$")
    try:
        connection = psycopg2.connect(
            dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
        )
    except psycopg2.OperationalError:
        return  # no server yet: the run itself will say so
    connection.autocommit = True  # DROP DATABASE runs outside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
            for (name,) in cursor.fetchall():
                match = pattern.match(name)
                if match and not pid_alive(int(match[1])):
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
def _empty_cache():
    """Every test starts with an empty cache: the indicator dashboard keeps its figures there."""
    from django.core.cache import cache

    cache.clear()
    yield


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
