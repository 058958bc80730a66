"""Writes on the partner register (partners/services.py) and partnership health (partners/activity.py)."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone, translation

from partners import activity, services, tasks
from partners.models import (
    ChangeRequest,
    ChangeRequestStatus,
    Contact,
    ContactRole,
    Interaction,
    Invitation,
    InvitationState,
    Partner,
    PartnerStatus,
)
from partnership_portal.accounts.models import Role, User
from partnership_portal.validators import inn_with_check_digits
from tests.conftest import PASSWORD
from tests.factories import ContactFactory, EmployerFactory, InteractionFactory, PartnerFactory
from tests.helpers import ru, wrong_check_digit

INN = inn_with_check_digits("660000001")
WRONG_INN_CHECK_DIGIT = "Неверная контрольная цифра ИНН: проверьте номер."

LINK_NOT_VALID = "This invitation link is not valid. Check that it was copied whole."
LINK_EXPIRED = "This invitation has expired. Ask the college to send a new one."
LINK_WITHDRAWN = "This invitation was withdrawn. Ask the college to send a new one."
LINK_USED = "This invitation has already been used. Log in with your e-mail and password."


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def can_log_in(email, password=PASSWORD):
    return authenticate(request=RequestFactory().post("/"), username=email, password=password) is not None


@pytest.fixture(autouse=True)
def _russian():
    """Services speak the active language; the portal's default is Russian."""
    with translation.override("ru"):
        yield


@pytest.fixture
def contact(partner_a):
    return ContactFactory(
        partner=partner_a, email="orlov@uralmash.example", last_name="Орлов", first_name="Семён", middle_name="Ильич"
    )


@pytest.fixture
def invitation(contact, staff):
    return services.invitation_send(contact=contact, invited_by=staff)


# --- Partners -------------------------------------------------------------------------------


def test_partner_create_refuses_inn_with_wrong_check_digit(staff):
    with pytest.raises(ValidationError) as error:
        services.partner_create(created_by=staff, name="ООО «Ромашка»", inn=wrong_check_digit(INN))
    assert error.value.message_dict["inn"] == [WRONG_INN_CHECK_DIGIT]
    assert not Partner.objects.exists()


def test_partner_search_text_is_lower_case_with_e_for_yo_and_includes_contacts(staff):
    partner = services.partner_create(created_by=staff, name=" ООО «Зелёный Берег» ", short_name="Зелёный", inn=INN)
    assert partner.search_text == f"ооо «зеленый берег» | зеленый | {INN}"

    services.contact_create(
        partner=partner, created_by=staff, last_name="Ёлкина", first_name="Алёна", email="Alena@Bereg.example"
    )
    partner.refresh_from_db()
    assert partner.search_text == f"ооо «зеленый берег» | зеленый | {INN} | елкина алена | alena@bereg.example"


def test_partner_update_records_history_with_the_acting_user(partner_a, staff):
    services.partner_update(partner=partner_a, updated_by=staff, phone=" +7 343 000-00-00 ")

    partner_a.refresh_from_db()
    latest = partner_a.history.first()
    assert partner_a.phone == "+7 343 000-00-00"
    assert (latest.history_type, latest.history_user, latest.phone) == ("~", staff, "+7 343 000-00-00")


# --- Contacts -------------------------------------------------------------------------------


def test_contact_roles_list_sets_the_role_flags(partner_a, staff):
    contact = services.contact_create(
        partner=partner_a, created_by=staff, roles=["hr", "practice_supervisor"], last_name="Орлов", first_name="Семён"
    )
    assert contact.roles == [ContactRole.HR, ContactRole.PRACTICE_SUPERVISOR]

    services.contact_update(contact=contact, updated_by=staff, roles=["thesis_reviewer"])
    services.contact_update(contact=contact, updated_by=staff, position="Инженер")  # roles not given: kept

    contact.refresh_from_db()
    assert (contact.roles, contact.position) == ([ContactRole.THESIS_REVIEWER], "Инженер")


def test_contact_create_refuses_signatory_without_authority_basis(partner_a, staff):
    with pytest.raises(ValidationError) as error:
        services.contact_create(
            partner=partner_a, created_by=staff, roles=["signatory"], last_name="Орлов", first_name="Семён"
        )
    assert list(error.value.message_dict) == ["authority_basis"]
    assert not partner_a.contacts.exists()

    signatory = services.contact_create(
        partner=partner_a,
        created_by=staff,
        roles=["signatory"],
        authority_basis="Устава",
        last_name="Орлов",
        first_name="Семён",
    )
    assert signatory.is_signatory


def test_contact_update_refuses_signatory_without_authority_basis(contact, staff):
    with pytest.raises(ValidationError) as error:
        services.contact_update(contact=contact, updated_by=staff, roles=["signatory"])
    assert list(error.value.message_dict) == ["authority_basis"]
    assert not Contact.objects.get(pk=contact.pk).is_signatory


# --- Invitations and employer accounts ------------------------------------------------------


def test_invitation_send_creates_pending_invitation_and_revokes_the_earlier_one(contact, staff):
    first = services.invitation_send(contact=contact, invited_by=staff)
    second = services.invitation_send(contact=contact, invited_by=staff)

    first.refresh_from_db()
    assert first.state == InvitationState.REVOKED
    assert second.state == InvitationState.PENDING
    assert (second.email, second.invited_by) == ("orlov@uralmash.example", staff)
    assert second.expires_at - second.created_at == timedelta(days=7)


def test_invitation_is_emailed_after_commit_in_russian_with_an_absolute_link(
    contact, staff, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    # The sender works in English; the letter still goes out in the portal's language.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(contact=contact, invited_by=staff)
        assert mailoutbox == []

    [message] = mailoutbox
    assert message.to == ["orlov@uralmash.example"]
    assert message.subject == ru("Invitation to the partnership portal for %(partner)s", partner="АО «Уралмашзавод»")
    assert message.body.startswith(ru("Dear %(name)s,", name="Орлов Семён Ильич"))
    token = re.search(r"http://127\.0\.0\.1:8000/partners/invitation/([^/\s]+)/", message.body)[1]
    assert services.invitation_from_token(token) == invitation
    assert f"http://127.0.0.1:8000/partners/invitation/{token}/" in message.alternatives[0][0]


def test_invitation_send_refuses_contact_without_email(partner_a, staff):
    contact = ContactFactory(partner=partner_a, email="")
    with pytest.raises(ValidationError) as error:
        services.invitation_send(contact=contact, invited_by=staff)
    assert error.value.messages == [ru("The contact has no e-mail address. Add one first.")]
    assert not Invitation.objects.exists()


def test_invitation_send_refuses_email_of_another_account(contact, staff, partner_b):
    EmployerFactory(email="Orlov@Uralmash.example", partner=partner_b)
    with pytest.raises(ValidationError) as error:
        services.invitation_send(contact=contact, invited_by=staff)
    assert error.value.messages == [
        ru("Another portal account already uses %(email)s.", email="orlov@uralmash.example")
    ]
    assert not Invitation.objects.exists()


def test_invitation_link_that_is_not_valid_is_refused(invitation):
    token = services.invitation_token(invitation)
    for bad in ("garbage", token[:-2], token.replace(":", ":x", 1)):
        with pytest.raises(services.InvitationError) as error:
            services.invitation_from_token(bad)
        assert str(error.value) == ru(LINK_NOT_VALID)


def test_invitation_link_signed_eight_days_ago_has_expired(invitation, monkeypatch):
    eight_days_ago = time.time() - timedelta(days=8).total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: eight_days_ago)
        token = services.invitation_token(invitation)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_from_token(token)
    assert str(error.value) == ru(LINK_EXPIRED)


def test_invitation_past_its_expiry_date_has_expired(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.InvitationError) as error:
        services.invitation_from_token(services.invitation_token(invitation))
    assert str(error.value) == ru(LINK_EXPIRED)


def test_revoked_invitation_link_is_refused(invitation, staff):
    services.invitation_revoke(invitation=invitation, revoked_by=staff)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_from_token(services.invitation_token(invitation))
    assert str(error.value) == ru(LINK_WITHDRAWN)


def test_accepted_invitation_link_is_refused(invitation):
    services.invitation_accept(invitation=invitation, password=PASSWORD)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_from_token(services.invitation_token(invitation))
    assert str(error.value) == ru(LINK_USED)


def test_invitation_link_errors_say_different_things():
    assert len({ru(message) for message in (LINK_NOT_VALID, LINK_EXPIRED, LINK_WITHDRAWN, LINK_USED)}) == 4


def test_invitation_accept_creates_active_employer_account_of_the_contact(invitation, contact, partner_a):
    user = services.invitation_accept(invitation=invitation, password=PASSWORD)

    contact.refresh_from_db()
    invitation.refresh_from_db()
    assert (user.email, user.role, user.partner, user.is_active) == (
        "orlov@uralmash.example",
        Role.EMPLOYER,
        partner_a,
        True,
    )
    assert (user.last_name, user.first_name, user.middle_name) == ("Орлов", "Семён", "Ильич")
    assert contact.user == user
    assert invitation.state == InvitationState.ACCEPTED
    assert can_log_in("orlov@uralmash.example")


def test_invitation_accept_refuses_weak_password_and_creates_nothing(invitation, contact):
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, password="12345")

    contact.refresh_from_db()
    invitation.refresh_from_db()
    assert not User.objects.filter(email="orlov@uralmash.example").exists()
    assert contact.user is None
    assert invitation.state == InvitationState.PENDING


def test_invitation_cannot_be_accepted_twice(invitation):
    services.invitation_accept(invitation=invitation, password=PASSWORD)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(invitation=invitation, password="another-strong-password")
    assert str(error.value) == ru("This invitation can no longer be used.")
    assert can_log_in("orlov@uralmash.example", PASSWORD)


def test_deactivated_employer_cannot_log_in_until_reactivated(employer_a, staff):
    services.employer_account_set_active(user=employer_a, active=False, changed_by=staff)
    assert not can_log_in(employer_a.email)

    services.employer_account_set_active(user=employer_a, active=True, changed_by=staff)
    assert can_log_in(employer_a.email)


def test_employer_account_set_active_refuses_staff_accounts(teacher, staff):
    with pytest.raises(ValidationError):
        services.employer_account_set_active(user=teacher, active=False, changed_by=staff)
    teacher.refresh_from_db()
    assert teacher.is_active


def test_employer_invites_a_colleague_of_own_organisation(employer_a, partner_a):
    invitation = services.colleague_invite(
        partner=partner_a,
        invited_by=employer_a,
        roles=["practice_supervisor"],
        last_name="Белова",
        first_name="Ольга",
        email="belova@uralmash.example",
    )
    assert (invitation.contact.partner, invitation.invited_by, invitation.state) == (
        partner_a,
        employer_a,
        InvitationState.PENDING,
    )
    assert invitation.contact.roles == [ContactRole.PRACTICE_SUPERVISOR]


def test_employer_cannot_invite_into_another_organisation(employer_a, partner_b):
    with pytest.raises(ValidationError) as error:
        services.colleague_invite(
            partner=partner_b, invited_by=employer_a, last_name="Белова", first_name="Ольга", email="belova@x.example"
        )
    assert error.value.messages == [ru("You can only invite colleagues of your own organisation.")]
    assert not partner_b.contacts.exists()
    assert not Invitation.objects.exists()


# --- Requisites change requests -------------------------------------------------------------


@pytest.fixture
def change_request(partner_a, employer_a):
    return services.change_request_submit(
        partner=partner_a, requested_by=employer_a, values={"short_name": "Уралмаш", "kpp": "667301001"}
    )


def test_change_request_stores_only_the_changed_requisites(partner_a, employer_a):
    change_request = services.change_request_submit(
        partner=partner_a,
        requested_by=employer_a,
        values={"name": "АО «Уралмашзавод»", "short_name": " Уралмаш ", "inn": partner_a.inn, "phone": "+7 343"},
    )
    assert change_request.changes == {"short_name": {"old": "", "new": "Уралмаш"}}
    assert change_request.status == ChangeRequestStatus.PENDING
    partner_a.refresh_from_db()
    assert partner_a.short_name == ""  # nothing changes until staff approve


def test_change_request_without_changes_is_refused(partner_a, employer_a):
    with pytest.raises(ValidationError) as error:
        services.change_request_submit(partner=partner_a, requested_by=employer_a, values={"name": partner_a.name})
    assert error.value.messages == [ru("Nothing has changed in the requisites.")]
    assert not ChangeRequest.objects.exists()


def test_change_request_with_bad_inn_is_refused(partner_a, employer_a):
    with pytest.raises(ValidationError) as error:
        services.change_request_submit(
            partner=partner_a, requested_by=employer_a, values={"inn": wrong_check_digit(INN)}
        )
    assert error.value.message_dict["inn"] == [WRONG_INN_CHECK_DIGIT]
    assert not ChangeRequest.objects.exists()


def test_second_pending_change_request_is_refused(change_request, partner_a, employer_a):
    with pytest.raises(ValidationError) as error:
        services.change_request_submit(partner=partner_a, requested_by=employer_a, values={"short_name": "УЗТМ"})
    assert error.value.messages == [ru("A request for this organisation is already waiting for the college.")]
    assert list(ChangeRequest.objects.all()) == [change_request]


def test_approved_change_request_updates_the_partner_with_history(change_request, partner_a, staff):
    services.change_request_approve(change_request=change_request, decided_by=staff, comment="Сверено с ЕГРЮЛ")

    partner_a.refresh_from_db()
    change_request.refresh_from_db()
    assert (partner_a.short_name, partner_a.kpp) == ("Уралмаш", "667301001")
    assert (change_request.status, change_request.decided_by) == (ChangeRequestStatus.APPROVED, staff)
    latest = partner_a.history.first()
    date = change_request.created_at.strftime("%d.%m.%Y")
    assert latest.history_user == staff
    assert latest.history_change_reason == ru("requisites change request of %(date)s", date=date)


def test_change_request_reject_needs_a_comment(change_request, staff):
    with pytest.raises(ValidationError) as error:
        services.change_request_reject(change_request=change_request, decided_by=staff, comment="  ")
    assert list(error.value.message_dict) == ["decision_comment"]
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.PENDING

    services.change_request_reject(change_request=change_request, decided_by=staff, comment=" КПП не тот ")
    change_request.refresh_from_db()
    assert (change_request.status, change_request.decision_comment) == (ChangeRequestStatus.REJECTED, "КПП не тот")


def test_employer_withdraws_a_change_request(change_request, employer_a):
    services.change_request_withdraw(change_request=change_request, withdrawn_by=employer_a)
    change_request.refresh_from_db()
    assert (change_request.status, change_request.decided_by) == (ChangeRequestStatus.WITHDRAWN, employer_a)


def test_decided_change_request_cannot_be_decided_again(change_request, partner_a, employer_a, staff):
    services.change_request_withdraw(change_request=change_request, withdrawn_by=employer_a)
    with pytest.raises(ValidationError) as error:
        services.change_request_approve(change_request=change_request, decided_by=staff)
    assert error.value.messages == [ru("This request has already been decided.")]
    partner_a.refresh_from_db()
    assert partner_a.short_name == ""


# --- Interactions and partnership health ----------------------------------------------------


def log(partner, author, on, **fields):
    return services.interaction_create(partner=partner, author=author, summary="Обсудили практику", date=on, **fields)


def test_interaction_moves_last_activity_forward_but_never_back(partner_a, staff):
    log(partner_a, staff, days_ago(10))
    log(partner_a, staff, days_ago(40))
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == days_ago(10)

    log(partner_a, staff, days_ago(0))
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == days_ago(0)


def test_recent_interaction_wakes_a_dormant_partner(staff):
    partner = PartnerFactory(status=PartnerStatus.DORMANT, last_activity_on=days_ago(3 * 365))
    log(partner, staff, days_ago(3))
    partner.refresh_from_db()
    assert (partner.status, partner.last_activity_on) == (PartnerStatus.ACTIVE, days_ago(3))


def test_old_interaction_logged_late_leaves_a_partner_dormant(staff):
    partner = PartnerFactory(status=PartnerStatus.DORMANT, last_activity_on=days_ago(3 * 365))
    log(partner, staff, days_ago(2 * 365))
    partner.refresh_from_db()
    assert (partner.status, partner.last_activity_on) == (PartnerStatus.DORMANT, days_ago(2 * 365))


def test_moving_the_only_interaction_back_moves_last_activity_back(partner_a, staff):
    interaction = log(partner_a, staff, days_ago(0))
    services.interaction_update(interaction=interaction, updated_by=staff, date=days_ago(20))
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == days_ago(20)


def test_refresh_activity_recomputes_after_an_interaction_is_deleted(partner_a, partner_b, staff):
    latest = log(partner_a, staff, days_ago(5))
    log(partner_a, staff, days_ago(50))
    log(partner_b, staff, days_ago(7))
    latest.delete()

    assert activity.refresh_activity([partner_a.pk, partner_b.pk]) == 1
    assert dict(Partner.objects.values_list("pk", "last_activity_on")) == {
        partner_a.pk: days_ago(50),
        partner_b.pk: days_ago(7),
    }


def test_flag_dormant_partners_flags_only_quiet_active_ones(db, settings):
    stale = days_ago(31 * settings.PARTNER_DORMANT_AFTER_MONTHS)
    quiet = PartnerFactory(status=PartnerStatus.ACTIVE, last_activity_on=stale)
    never_active = PartnerFactory(status=PartnerStatus.ACTIVE)
    Partner.objects.filter(pk=never_active.pk).update(created_at=timezone.now() - timedelta(days=365))
    recent = PartnerFactory(status=PartnerStatus.ACTIVE, last_activity_on=days_ago(30))
    prospect = PartnerFactory(status=PartnerStatus.PROSPECT, last_activity_on=stale)
    ended = PartnerFactory(status=PartnerStatus.ENDED, last_activity_on=stale)

    assert activity.flag_dormant_partners() == 2

    statuses = dict(Partner.objects.values_list("pk", "status"))
    assert statuses == {
        quiet.pk: PartnerStatus.DORMANT,
        never_active.pk: PartnerStatus.DORMANT,
        recent.pk: PartnerStatus.ACTIVE,
        prospect.pk: PartnerStatus.PROSPECT,
        ended.pk: PartnerStatus.ENDED,
    }
    latest = quiet.history.first()
    assert latest.status == PartnerStatus.DORMANT
    assert latest.history_change_reason == ru("status set by the partnership health check")


def test_dormancy_period_comes_from_settings(db, settings):
    settings.PARTNER_DORMANT_AFTER_MONTHS = 12
    partner = PartnerFactory(status=PartnerStatus.ACTIVE, last_activity_on=days_ago(8 * 31))
    assert activity.flag_dormant_partners() == 0
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE


def test_follow_up_with_due_date_needs_an_owner(partner_a, staff):
    with pytest.raises(ValidationError) as error:
        log(partner_a, staff, days_ago(0), follow_up="Прислать договор", follow_up_due=days_ago(-7))
    assert list(error.value.message_dict) == ["follow_up_owner"]
    assert not Interaction.objects.exists()


def test_follow_up_complete_records_when_it_was_done(partner_a, staff):
    interaction = log(partner_a, staff, days_ago(0), follow_up_due=days_ago(-7), follow_up_owner=staff)
    before = timezone.now()
    services.follow_up_complete(interaction=interaction, completed_by=staff)
    done_at = Interaction.objects.get(pk=interaction.pk).follow_up_done_at
    assert before <= done_at <= timezone.now()

    services.follow_up_complete(interaction=interaction, completed_by=staff)  # twice: the first time stays
    assert Interaction.objects.get(pk=interaction.pk).follow_up_done_at == done_at


def test_follow_up_complete_refuses_interaction_without_follow_up(partner_a, staff):
    interaction = log(partner_a, staff, days_ago(0))
    with pytest.raises(ValidationError):
        services.follow_up_complete(interaction=interaction, completed_by=staff)


# --- Tasks ----------------------------------------------------------------------------------


def test_send_invitation_task_skips_revoked_and_missing_invitations(contact, staff, partner_a, mailoutbox):
    revoked = services.invitation_send(contact=contact, invited_by=staff)
    services.invitation_revoke(invitation=revoked, revoked_by=staff)
    tasks.send_invitation(invitation_id=revoked.pk)
    tasks.send_invitation(invitation_id=revoked.pk + 1000)
    assert mailoutbox == []

    pending = services.invitation_send(contact=contact, invited_by=staff)
    tasks.send_invitation(invitation_id=pending.pk)
    assert [message.to for message in mailoutbox] == [["orlov@uralmash.example"]]


def test_refresh_partner_health_recomputes_activity_then_flags_dormant(db):
    lapsed = PartnerFactory(status=PartnerStatus.ACTIVE)
    InteractionFactory(partner=lapsed, date=days_ago(365))  # the factory does not record activity
    lively = PartnerFactory(status=PartnerStatus.ACTIVE)
    InteractionFactory(partner=lively, date=days_ago(1))

    tasks.refresh_partner_health()

    assert set(Partner.objects.values_list("pk", "status", "last_activity_on")) == {
        (lapsed.pk, PartnerStatus.DORMANT, days_ago(365)),
        (lively.pk, PartnerStatus.ACTIVE, days_ago(1)),
    }
