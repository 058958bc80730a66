"""Two members of staff place the same student at the same moment: the student's row lock makes
the second wait for the first and then refuse the overlap, so the student is never placed twice."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from practice.models import Placement
from practice.services.placements import placement_create
from tests.factories import PartnerFactory, PracticePeriodFactory, StaffFactory, StudentFactory, StudyGroupFactory
from tests.helpers import ru, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def waiting_on_a_lock():
    """Another connection to this test database is blocked on a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def test_a_student_placed_twice_at_the_same_moment_gets_one_placement():
    group = StudyGroupFactory()
    student = StudentFactory(group=group, last_name="Одновременный")
    period = PracticePeriodFactory(group=group, start_date=days(1), end_date=days(20))
    first_partner, second_partner = PartnerFactory(name="ООО «Первый»"), PartnerFactory(name="ООО «Второй»")
    staff = StaffFactory()
    first_placed, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        # Places the student and keeps its transaction open until the main thread says so.
        try:
            with transaction.atomic():
                placement_create(period=period, student=student, partner=first_partner, created_by=staff)
                first_placed.set()
                release.wait(timeout=60)
        finally:
            connection.close()

    def second():
        try:
            assert first_placed.wait(timeout=60)
            placement_create(period=period, student=student, partner=second_partner, created_by=staff)
            outcome["second"] = "placed"
        except ValidationError as error:
            outcome["second"] = error.messages
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    try:
        # Either the second placement waits on the student's row lock (as it must), or, with no
        # lock, it has already gone through while the first was not yet committed.
        wait_until(lambda: waiting_on_a_lock() or not threads[1].is_alive(), timeout=30)
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=60)

    message = ru(
        "%(student)s is already placed at %(partner)s from %(start)s to %(end)s: "
        "placements of one student cannot overlap.",
        student=student.full_name, partner=first_partner.display_name,
        start=f"{days(1):%d.%m.%Y}", end=f"{days(20):%d.%m.%Y}",
    )  # fmt: skip
    assert outcome == {"second": [message]}
    assert list(Placement.objects.filter(student=student).values_list("partner", flat=True)) == [first_partner.pk]
