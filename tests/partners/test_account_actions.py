"""The account, invitation and change-request actions: staff re-activate an employer account,
withdraw and re-send an invitation; an employer withdraws their own requisites change request."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from partners import services
from partners.models import ChangeRequestStatus, Invitation, InvitationState
from tests.conftest import PASSWORD
from tests.factories import ContactFactory
from tests.helpers import ru


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def accept_url(invitation):
    return reverse("partners:invitation_accept", args=[services.invitation_token(invitation)])


# --- Account activate -----------------------------------------------------------------------


def test_staff_reactivate_a_deactivated_employer_account_who_can_log_in_again(
    client, staff, teacher, employer_a, employer_b
):
    services.employer_account_set_active(user=employer_a, active=False, changed_by=staff)
    url = reverse("partners:account_activate", args=[employer_a.pk])
    client.force_login(employer_b)
    assert client.post(url).status_code == 404
    client.force_login(teacher)
    assert client.post(url).status_code == 403
    employer_a.refresh_from_db()
    assert not employer_a.is_active

    client.force_login(staff)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("partners:detail", args=[employer_a.partner_id]) + "#contacts"
    assert messages_of(response) == [ru("The account of %(name)s is active again.", name=str(employer_a))]
    employer_a.refresh_from_db()
    assert employer_a.is_active
    client.logout()
    assert (
        client.post(reverse("accounts:login"), {"username": employer_a.email, "password": PASSWORD}).status_code == 302
    )


# --- Invitations: withdraw and re-send ------------------------------------------------------


@pytest.fixture
def pending(staff, partner_a):
    contact = ContactFactory(partner=partner_a, email="new@uralmash.example")
    return services.invitation_send(contact=contact, invited_by=staff)


def test_staff_withdraw_a_pending_invitation_and_its_link_stops_working(client, staff, employer_b, pending):
    url = reverse("partners:invitation_revoke", args=[pending.pk])
    client.force_login(employer_b)
    assert client.post(url).status_code == 404
    pending.refresh_from_db()
    assert pending.state == InvitationState.PENDING

    client.force_login(staff)
    response = client.post(url)
    assert response["Location"] == reverse("partners:invitation_list")
    assert messages_of(response) == [ru("The invitation to %(email)s is withdrawn.", email="new@uralmash.example")]
    pending.refresh_from_db()
    assert pending.state == InvitationState.REVOKED
    assert client.get(accept_url(pending)).status_code == 410

    again = client.post(url)
    assert messages_of(again) == [ru("Only a pending invitation can be withdrawn.")]


def test_resending_replaces_the_invitation_with_a_fresh_link_emailed_after_commit(
    client, staff, employer_b, pending, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("partners:invitation_resend", args=[pending.pk])
    client.force_login(employer_b)
    assert client.post(url).status_code == 404
    assert Invitation.objects.count() == 1

    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("partners:invitation_list")
    assert messages_of(response) == [ru("A new invitation was sent to %(email)s.", email="new@uralmash.example")]
    fresh = Invitation.objects.exclude(pk=pending.pk).get()
    pending.refresh_from_db()
    assert (pending.state, fresh.state, fresh.email) == (
        InvitationState.REVOKED,
        InvitationState.PENDING,
        "new@uralmash.example",
    )
    assert [message.to for message in mailoutbox] == [["new@uralmash.example"]]
    assert accept_url(fresh) in mailoutbox[0].body
    assert client.get(accept_url(pending)).status_code == 410


# --- Change request withdraw ----------------------------------------------------------------


def test_an_employer_withdraws_their_pending_request_and_nothing_changes(
    client, staff, employer_a, employer_b, partner_a
):
    short_name = partner_a.short_name
    request = services.change_request_submit(partner=partner_a, requested_by=employer_a, values={"short_name": "УЗТМ"})
    url = reverse("partners:change_request_withdraw", args=[request.pk])
    client.force_login(employer_b)
    assert client.post(url).status_code == 404
    client.force_login(staff)
    assert client.post(url).status_code == 404  # staff decide requests; only the employer withdraws
    request.refresh_from_db()
    assert request.status == ChangeRequestStatus.PENDING

    client.force_login(employer_a)
    response = client.post(url)
    assert response["Location"] == reverse("partners:profile")
    assert messages_of(response) == [ru("Your request is withdrawn.")]
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (ChangeRequestStatus.WITHDRAWN, employer_a)
    partner_a.refresh_from_db()
    assert partner_a.short_name == short_name

    client.get(response["Location"])  # shows (and so consumes) the first message
    again = client.post(url)
    assert messages_of(again) == [ru("This request has already been decided.")]
