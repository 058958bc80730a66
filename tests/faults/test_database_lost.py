"""The database connection dropped in the middle of a request that writes: the user gets a clean
503 page in Russian, nothing of the request is left half-written, and sending the same form
again succeeds on a fresh connection.

The fault is real: a second connection ends the request's own PostgreSQL backend with
``pg_terminate_backend`` right after the view's first row is inserted (a ``post_save`` receiver
is only the moment to strike; the rest of the request runs as in production)."""

import psycopg2
import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from partners.models import Interaction
from partnership_portal.models import SubmissionToken
from tests.helpers import ru, wait_until
from tests.test_idempotency import token_in

pytestmark = pytest.mark.django_db(transaction=True)


def terminate_backend(pid):
    """Ends the server process ``pid`` from another connection and waits until it is gone."""
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
    )
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,), f"backend {pid} was not terminated"

            def gone():
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                return cursor.fetchone() == (0,)

            wait_until(gone, timeout=10, message=f"backend {pid} still runs")
    finally:
        other.close()


@pytest.fixture
def connection_killed_after_first_interaction_insert():
    """The request's backend dies right after it inserted its first interaction (once)."""
    struck = []

    def strike(sender, instance, created, **kwargs):
        if created and not struck:
            struck.append(instance.pk)
            terminate_backend(connection.connection.get_backend_pid())

    post_save.connect(strike, sender=Interaction, weak=False)
    try:
        yield struck
    finally:
        post_save.disconnect(strike, sender=Interaction)


def test_a_connection_lost_mid_write_gives_a_clean_503_keeps_nothing_and_the_same_form_then_succeeds(
    staff_client, partner_a, connection_killed_after_first_interaction_insert
):
    url = reverse("partners:interaction_create", args=[partner_a.pk])
    token = token_in(staff_client.get(url))
    today = timezone.localdate()
    data = {"kind": "call", "date": today.isoformat(), "summary": "Обсудили практику", "submission_token": token}
    last_activity = partner_a.last_activity_on

    response = staff_client.post(url, data)

    assert connection_killed_after_first_interaction_insert, "the fault was never injected"
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert ru("The database did not answer") in page
    assert ru("Service temporarily unavailable") in page
    assert "Traceback" not in page and "OperationalError" not in page and "psycopg2" not in page
    # The row inserted before the connection died went with its transaction, and so did the
    # form's token: the retry below is not mistaken for a repeat.
    assert not Interaction.objects.exists()
    assert not SubmissionToken.objects.exists()
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == last_activity

    retry = staff_client.post(url, data)

    assert retry.status_code == 302
    assert retry["Location"] == reverse("partners:detail", args=[partner_a.pk]) + "#interactions"
    interaction = Interaction.objects.get()
    assert (interaction.partner_id, interaction.summary, interaction.date) == (partner_a.pk, "Обсудили практику", today)
    assert interaction.pk != connection_killed_after_first_interaction_insert[0]
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == today
    assert SubmissionToken.objects.filter(token=token).count() == 1
