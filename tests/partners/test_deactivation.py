"""Only the college restores an employer account that the college deactivated (issue 13, finding 3).

The attack: staff deactivate a colleague's account; the employer changes that contact's e-mail to
their own mailbox, re-invites the contact by a POST (no button is shown) and accepts the link,
which used to re-activate the account with a new password. Every step must fail; staff can still
restore the account, by re-activating it or by inviting the person again.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners import services
from partners.forms import ContactForm
from partners.models import Invitation, InvitationState
from tests.conftest import PASSWORD, employer_with_contact
from tests.helpers import ru

NEW_PASSWORD = "Zavod-Uralmash-1933"
STAFF_ONLY = "The college deactivated this person's account. Only the college can restore it."
LINK_REFUSED = "The college deactivated this account. Only the college can restore it; please contact the college."


def accept_url(invitation):
    return reverse("partners:invitation_accept", args=[services.invitation_token(invitation)])


def edit_data(contact, **changes):
    """The contact form as the edit page would post it, with ``changes``."""
    form = ContactForm(instance=contact)
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data.update(changes)
    return data


@pytest.fixture
def colleague(partner_a):
    """A second employer of organisation A, whom staff then deactivate."""
    return employer_with_contact(partner_a, "engineer@uralmash.example")


@pytest.fixture
def deactivated(client, staff, colleague):
    client.force_login(staff)
    assert client.post(reverse("partners:account_deactivate", args=[colleague.pk])).status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active and colleague.deactivated_by_staff
    client.logout()
    return colleague


def assert_still_deactivated(user):
    user.refresh_from_db()
    assert not user.is_active and user.deactivated_by_staff
    assert not user.check_password(NEW_PASSWORD)


def test_the_attack_from_the_issue_fails_at_every_step(client, employer_a, deactivated):
    contact = deactivated.contact
    client.force_login(employer_a)

    # 1. Steer the contact's e-mail to the employer's own mailbox: refused, the address stays.
    response = client.post(
        reverse("partners:contact_edit", args=[contact.pk]), edit_data(contact, email="hr@uralmash.example")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [ru(STAFF_ONLY)]
    contact.refresh_from_db()
    assert contact.email == "engineer@uralmash.example"

    # 2. Re-invite the contact by a POST with no button behind it: refused, no invitation made.
    response = client.post(reverse("partners:contact_invite", args=[contact.pk]))
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [ru(STAFF_ONLY)]
    assert not Invitation.objects.filter(contact=contact).exists()

    # 3. Accept a link the employer had made anyway (an invitation row from before the fix).
    smuggled = Invitation.objects.create(
        contact=contact,
        email=contact.email,
        invited_by=employer_a,
        created_at=deactivated.date_joined,
        expires_at=deactivated.date_joined + timedelta(days=365),
    )
    client.logout()
    url = accept_url(smuggled)
    page = client.get(url)
    assert page.status_code == 410
    assert page.context["reason"] == ru(LINK_REFUSED)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert not response.wsgi_request.user.is_authenticated
    assert_still_deactivated(deactivated)
    smuggled.refresh_from_db()
    assert smuggled.state == InvitationState.PENDING


def test_the_services_refuse_the_employer_too(employer_a, deactivated):
    contact = deactivated.contact
    with pytest.raises(ValidationError) as error:
        services.invitation_send(contact=contact, invited_by=employer_a, email="hr-private@uralmash.example")
    assert error.value.messages == [ru(STAFF_ONLY)]
    with pytest.raises(ValidationError):
        services.contact_update(contact=contact, updated_by=employer_a, email="hr-private@uralmash.example")
    contact.refresh_from_db()
    assert contact.email == "engineer@uralmash.example"
    with pytest.raises(ValidationError):
        services.employer_account_set_active(user=deactivated, active=True, changed_by=employer_a)
    assert_still_deactivated(deactivated)


def test_the_employer_may_still_edit_other_fields_of_the_contact(client, employer_a, deactivated):
    contact = deactivated.contact
    client.force_login(employer_a)
    response = client.post(reverse("partners:contact_edit", args=[contact.pk]), edit_data(contact, position="Технолог"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.position == "Технолог"
    assert contact.email == "engineer@uralmash.example"


def test_a_link_pending_at_deactivation_is_withdrawn(staff, partner_a, colleague):
    stale = Invitation.objects.create(
        contact=colleague.contact,
        email=colleague.email,
        invited_by=staff,
        created_at=colleague.date_joined,
        expires_at=colleague.date_joined + timedelta(days=365),
    )
    services.employer_account_set_active(user=colleague, active=False, changed_by=staff)
    stale.refresh_from_db()
    assert stale.state == InvitationState.REVOKED
    with pytest.raises(services.InvitationError):
        services.invitation_from_token(services.invitation_token(stale))


def test_staff_restore_the_account_by_reactivating_it(client, staff, deactivated):
    client.force_login(staff)
    assert client.post(reverse("partners:account_activate", args=[deactivated.pk])).status_code == 302
    deactivated.refresh_from_db()
    assert deactivated.is_active and not deactivated.deactivated_by_staff
    client.logout()
    login = client.post(reverse("accounts:login"), {"username": deactivated.email, "password": PASSWORD})
    assert login.status_code == 302


def test_staff_restore_the_account_by_inviting_the_person_again(client, staff, employer_a, deactivated):
    contact = deactivated.contact
    client.force_login(staff)
    response = client.post(reverse("partners:contact_invite", args=[contact.pk]))
    assert response.status_code == 302
    invitation = Invitation.objects.get(contact=contact, revoked_at__isnull=True)
    assert invitation.invited_by == staff
    client.logout()
    response = client.post(accept_url(invitation), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == reverse("home")
    deactivated.refresh_from_db()
    assert deactivated.is_active and not deactivated.deactivated_by_staff
    assert deactivated.check_password(NEW_PASSWORD)

    # Restored, the account is an ordinary one again: the employer manages the contact as before.
    services.contact_update(contact=contact, updated_by=employer_a, email="engineer2@uralmash.example")
