"""The mail server is down when a task sends a letter: the invitation the user asked for is saved
at once, the task retries with backoff while nothing listens on the SMTP port, and once a mail
server answers there the letter arrives, exactly once.

Real sockets throughout: a worker configured for SMTP on a free local port, first with nothing
listening (connection refused), then with a small SMTP server (aiosmtpd) on that port."""

import contextlib
import email
import re
import socket
import uuid
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from partners.models import Invitation
from partners.services import invitation_from_token
from tests.celery_probe import DELIVERY_LOG, deliveries
from tests.celery_worker import broker_idle, consumer_paused, running_worker, tasks_sent_to_broker
from tests.factories import ContactFactory
from tests.helpers import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

SEND = "partners.send_invitation"


def free_port():
    """A local TCP port nothing listens on (a connection to it is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 Message accepted"


@contextlib.contextmanager
def smtp_server(port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def test_an_invitation_sent_while_the_mail_server_is_down_is_retried_and_arrives_once(
    celery_worker, staff_client, partner_a, tmp_path
):
    contact = ContactFactory(partner=partner_a, email="engineer@uralmash.example")
    port = free_port()
    log_key = f"deliveries:{uuid.uuid4()}"
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.faults.smtp_settings",
        "PORTAL_TEST_SMTP_PORT": str(port),
        "MAIL_RETRY_BACKOFF": "1",
        DELIVERY_LOG: log_key,
    }

    def attempts():
        return [entry for entry in deliveries(log_key, stage="started") if entry["task"] == SEND]

    with consumer_paused(celery_worker), tasks_sent_to_broker():
        response = staff_client.post(reverse("partners:contact_invite", args=[contact.pk]))
        # The user's action is done before any letter is tried: the invitation is saved.
        assert response.status_code == 302
        invitation = Invitation.objects.get(contact=contact)
        assert invitation.email == "engineer@uralmash.example"

        with running_worker(extra_env=env, log_path=tmp_path / "worker.log"):
            # Nothing listens on the port: the first attempt is refused and a retry runs later.
            wait_until(lambda: len(attempts()) >= 2, timeout=30, message="the refused letter was not tried again")
            assert len({entry["id"] for entry in attempts()}) == 1, "a retry must be the same task"
            assert "ConnectionRefusedError" in (tmp_path / "worker.log").read_text()

            with smtp_server(port) as inbox:
                wait_until(
                    lambda: inbox.messages and broker_idle(),
                    timeout=60,
                    message="the letter did not arrive once the mail server was back, or a retry still waits",
                )
                # Everything sent so far has run to the end: no further attempt can come.
                received = list(inbox.messages)

    assert len(received) == 1, f"{len(received)} letters arrived"
    recipients, message = received[0]
    assert recipients == ["engineer@uralmash.example"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    # The link is signed with a timestamp, so compare what it unsigns to.
    link = re.search(r"/partners/invitation/([^/\s]+)/", text)
    assert link, text
    assert invitation_from_token(link.group(1)) == invitation
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.revoked_at is None
