"""A deactivation in the Django admin is the college's: the employer cannot undo it (issue 13, finding 3).

Unticking «active» on the user's change page (or the «deactivate» action) marks the account as
deactivated by the college and withdraws its pending invitation links, as the portal's own
«deactivate» button does; ticking it again (or the «reactivate» action) clears the mark.
"""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.models import Invitation, InvitationState
from tests.conftest import employer_with_contact
from tests.helpers import ru

STAFF_ONLY = "The college deactivated this person's account. Only the college can restore it."


@pytest.fixture
def colleague(partner_a):
    return employer_with_contact(partner_a, "engineer@uralmash.example")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def change_data(admin_client, user, **changes):
    """The admin change form of ``user`` as the page would post it, with ``changes``."""
    form = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def pending_invitation(user, invited_by):
    now = timezone.now()
    return Invitation.objects.create(
        contact=user.contact, email=user.email, invited_by=invited_by, created_at=now,
        expires_at=now + timedelta(days=7),
    )  # fmt: skip


def test_unticking_active_on_the_admin_change_page_is_a_deactivation_by_the_college(
    admin_client, admin_user, employer_a, colleague
):
    stale = pending_invitation(colleague, admin_user)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])

    response = admin_client.post(url, change_data(admin_client, colleague, is_active=False))

    assert response.status_code == 302, response.context["adminform"].form.errors
    colleague.refresh_from_db()
    assert (colleague.is_active, colleague.deactivated_by_staff) == (False, True)
    stale.refresh_from_db()
    assert stale.state == InvitationState.REVOKED
    # The employer can no longer re-invite the person.
    with pytest.raises(ValidationError) as error:
        services.invitation_send(contact=colleague.contact, invited_by=employer_a)
    assert error.value.messages == [ru(STAFF_ONLY)]


def test_ticking_active_again_in_the_admin_clears_the_mark(admin_client, staff, colleague):
    services.employer_account_set_active(user=colleague, active=False, changed_by=staff)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])

    response = admin_client.post(url, change_data(admin_client, colleague, is_active=True))

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.is_active, colleague.deactivated_by_staff) == (True, False)


def test_saving_other_fields_in_the_admin_keeps_the_mark(admin_client, staff, colleague):
    services.employer_account_set_active(user=colleague, active=False, changed_by=staff)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])

    response = admin_client.post(url, change_data(admin_client, colleague, position="Технолог"))

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.position, colleague.is_active, colleague.deactivated_by_staff) == ("Технолог", False, True)


def test_the_admin_actions_deactivate_and_reactivate_as_the_college(admin_client, admin_user, employer_b, colleague):
    stale = pending_invitation(colleague, admin_user)
    url = reverse("admin:accounts_user_changelist")
    selected = [str(colleague.pk), str(employer_b.pk), str(admin_user.pk)]

    response = admin_client.post(url, {"action": "deactivate", ACTION_CHECKBOX_NAME: selected})

    assert response.status_code == 302
    for user in (colleague, employer_b, admin_user):
        user.refresh_from_db()
    assert [(u.is_active, u.deactivated_by_staff) for u in (colleague, employer_b)] == [(False, True)] * 2
    assert (admin_user.is_active, admin_user.deactivated_by_staff) == (True, False), "never oneself"
    stale.refresh_from_db()
    assert stale.state == InvitationState.REVOKED

    admin_client.post(url, {"action": "reactivate", ACTION_CHECKBOX_NAME: selected[:2]})
    for user in (colleague, employer_b):
        user.refresh_from_db()
    assert [(u.is_active, u.deactivated_by_staff) for u in (colleague, employer_b)] == [(True, False)] * 2
