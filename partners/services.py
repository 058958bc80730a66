"""Writes on the partner register. Every function is keyword-only and runs in a transaction.

Side effects are named in the docstrings: history records (django-simple-history, with the
acting user), the partner's search text and last activity, and e-mails sent after commit.
"""

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership_portal.accounts.models import Role, User
from partnership_portal.accounts.permissions import is_college_staff
from partnership_portal.accounts.services import user_create
from partnership_portal.validators import clean_name

from . import activity
from .models import (
    EMPLOYER_EDITABLE_FIELDS,
    INVITATION_LIFETIME,
    REQUISITE_FIELDS,
    ChangeRequest,
    ChangeRequestStatus,
    Contact,
    ContactRole,
    Interaction,
    Invitation,
    InvitationState,
    Partner,
)

INVITATION_SALT = "partners.invitation"


def normalize_search(text):
    """Lower case with ё as е: what both the stored search text and queries are compared in."""
    return (text or "").lower().replace("ё", "е")


def _by(instance, user):
    instance._history_user = user
    return instance


# --- Partners -------------------------------------------------------------------------------


def partners_refresh_search_text(partner_ids):
    """Rebuilds the search text (names, ИНН, contacts) of these partners: two queries per call."""
    partners = list(Partner.objects.filter(pk__in=partner_ids).only("name", "short_name", "inn", "search_text"))
    contacts = {}
    for contact in Contact.objects.filter(partner_id__in=partner_ids).only(
        "partner_id", "last_name", "first_name", "middle_name", "email"
    ):
        contacts.setdefault(contact.partner_id, []).extend([contact.full_name, contact.email])
    for partner in partners:
        parts = [partner.name, partner.short_name, partner.inn, *contacts.get(partner.pk, [])]
        partner.search_text = normalize_search(" | ".join(p for p in parts if p))
    Partner.objects.bulk_update(partners, ["search_text"], batch_size=1000)


def partner_refresh_search_text(partner_id):
    partners_refresh_search_text([partner_id])


def partner_with_inn(inn, exclude_pk=None):
    partners = Partner.objects.filter(inn=(inn or "").strip())
    if exclude_pk:
        partners = partners.exclude(pk=exclude_pk)
    return partners.first()


# Names are one line of text: no line breaks, control or bidi characters (see ``clean_name``).
NAME_FIELDS = {"name", "short_name", "last_name", "first_name", "middle_name"}


def _cleaned(field, value):
    if field in NAME_FIELDS:
        return clean_name(value)
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def partner_create(*, created_by, name, inn, specialties=(), **fields):
    """Creates a partner. Records history; builds the search text."""
    fields = {field: _cleaned(field, value) for field, value in fields.items()}
    partner = _by(Partner(name=clean_name(name), inn=inn.strip(), **fields), created_by)
    partner.full_clean()
    partner.save()
    if specialties:
        partner.specialties.set(specialties)
    partner_refresh_search_text(partner.pk)
    partner.refresh_from_db()
    return partner


@transaction.atomic
def partner_update(*, partner, updated_by, specialties=None, **fields):
    """Updates the given fields (and specialties, if given). Records history; rebuilds the search text."""
    for field, value in fields.items():
        setattr(partner, field, _cleaned(field, value))
    partner.full_clean()
    _by(partner, updated_by).save()
    if specialties is not None:
        partner.specialties.set(specialties)
    partner_refresh_search_text(partner.pk)
    return partner


def partner_update_profile(*, partner, updated_by, **fields):
    """An employer's own edit: only the contact details and description."""
    unknown = set(fields) - set(EMPLOYER_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields can only be changed through a request: %s") % ", ".join(sorted(unknown)))
    return partner_update(partner=partner, updated_by=updated_by, **fields)


# --- Contacts -------------------------------------------------------------------------------


def _apply_roles(contact, roles):
    if roles is not None:
        for role in ContactRole:
            setattr(contact, f"is_{role.value}", role.value in roles)


@transaction.atomic
def contact_create(*, partner, created_by, roles=(), **fields):
    """Adds a person to the partner. Records history; refreshes the partner's search text."""
    contact = Contact(partner=partner, **{field: _cleaned(field, value) for field, value in fields.items()})
    _apply_roles(contact, roles)
    contact.full_clean()
    _by(contact, created_by).save()
    partner_refresh_search_text(partner.pk)
    return contact


def _deactivated_by_staff(contact):
    return contact.user_id is not None and contact.user.deactivated_by_staff


def _staff_only_restore_error():
    return ValidationError(
        _("The college deactivated this person's account. Only the college can restore it."),
        code="deactivated_by_staff",
    )


@transaction.atomic
def contact_update(*, contact, updated_by, roles=None, **fields):
    """Updates a contact. Records history; refreshes the partner's search text.

    Only staff change the e-mail of a contact whose account the college deactivated (so that no
    invitation to restore it can be steered to another mailbox)."""
    if "email" in fields and _deactivated_by_staff(contact) and not is_college_staff(updated_by):
        stored = Contact.objects.values_list("email", flat=True).get(pk=contact.pk)
        if (fields["email"] or "").strip().lower() != stored.lower():
            raise ValidationError({"email": _staff_only_restore_error()})
    for field, value in fields.items():
        setattr(contact, field, _cleaned(field, value))
    _apply_roles(contact, roles)
    contact.full_clean()
    _by(contact, updated_by).save()
    partner_refresh_search_text(contact.partner_id)
    return contact


# --- Invitations and employer accounts ------------------------------------------------------


class InvitationError(Exception):
    """The invitation link cannot be used; the message says why, in the user's language."""


def invitation_token(invitation):
    return signing.dumps(invitation.pk, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token):
    """The pending invitation behind a link, or ``InvitationError`` saying why not."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_LIFETIME)
    except signing.SignatureExpired:
        raise InvitationError(_("This invitation has expired. Ask the college to send a new one.")) from None
    except signing.BadSignature:
        raise InvitationError(_("This invitation link is not valid. Check that it was copied whole.")) from None
    invitation = (
        Invitation.objects.select_related("contact__partner", "contact__user", "invited_by").filter(pk=pk).first()
    )
    if invitation is None or invitation.state == InvitationState.REVOKED:
        raise InvitationError(_("This invitation was withdrawn. Ask the college to send a new one."))
    if invitation.state == InvitationState.ACCEPTED:
        raise InvitationError(_("This invitation has already been used. Log in with your e-mail and password."))
    if invitation.state == InvitationState.EXPIRED:
        raise InvitationError(_("This invitation has expired. Ask the college to send a new one."))
    _check_may_restore(invitation)
    return invitation


def _check_may_restore(invitation):
    """An account the college deactivated comes back only through an invitation sent by staff."""
    if _deactivated_by_staff(invitation.contact) and not is_college_staff(invitation.invited_by):
        raise InvitationError(
            _("The college deactivated this account. Only the college can restore it; please contact the college.")
        )


@transaction.atomic
def invitation_send(*, contact, invited_by, email=None):
    """Invites a contact to the portal: revokes their earlier pending invitations, creates a new
    one and e-mails the signed link after commit (task ``partners.send_invitation``).

    Only staff invite a contact whose account the college deactivated."""
    from .tasks import send_invitation

    if _deactivated_by_staff(contact) and not is_college_staff(invited_by):
        raise _staff_only_restore_error()

    email = (email or contact.email or "").strip().lower()
    if not email:
        raise ValidationError(_("The contact has no e-mail address. Add one first."))
    if contact.user_id and contact.user.is_active:
        raise ValidationError(_("This person already has a portal account."))
    if User.objects.filter(email__iexact=email).exclude(pk=contact.user_id).exists():
        raise ValidationError(_("Another portal account already uses %(email)s.") % {"email": email})
    now = timezone.now()
    Invitation.objects.filter(contact=contact, accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    if contact.email.lower() != email:
        contact_update(contact=contact, updated_by=invited_by, email=email)
    invitation = Invitation.objects.create(
        contact=contact, email=email, invited_by=invited_by, created_at=now, expires_at=now + INVITATION_LIFETIME
    )
    send_invitation.delay(invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation, revoked_by):
    if invitation.state != InvitationState.PENDING:
        raise ValidationError(_("Only a pending invitation can be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, password):
    """Creates (or re-activates) the employer account of the invited contact, with ``password``.
    Marks the invitation used. Raises ``ValidationError`` for a weak password."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("contact__partner", "contact__user", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.state != InvitationState.PENDING:
        raise InvitationError(_("This invitation can no longer be used."))
    _check_may_restore(invitation)
    contact = invitation.contact
    names = {"last_name": contact.last_name, "first_name": contact.first_name, "middle_name": contact.middle_name}
    user = contact.user
    if user is None:
        candidate = User(email=invitation.email, role=Role.EMPLOYER, partner=contact.partner, **names)
        validate_password(password, candidate)
        try:
            user = user_create(
                email=invitation.email,
                password=password,
                role=Role.EMPLOYER,
                partner=contact.partner,
                position=contact.position,
                phone=contact.phone,
                **names,
            )
        except (ValidationError, IntegrityError):
            raise InvitationError(
                _("An account with this e-mail already exists. Log in or reset the password.")
            ) from None
        contact.user = user
        contact.save(update_fields=["user", "updated_at"])
    else:
        validate_password(password, user)
        user.set_password(password)
        user.is_active = True
        user.deactivated_by_staff = False
        user.save(update_fields=["password", "is_active", "deactivated_by_staff"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def employer_account_set_active(*, user, active, changed_by):
    """Deactivates or re-activates an employer account (a deactivated user cannot log in).

    A deactivation by staff is recorded on the account: the employer can then neither re-invite
    the person nor change their e-mail, and the person's pending invitation links are withdrawn."""
    if user.role != Role.EMPLOYER:
        raise ValidationError(_("Only employer accounts are managed here."))
    if not is_college_staff(changed_by):
        raise ValidationError(_("Only the college deactivates or restores employer accounts."))
    user.is_active = active
    user.deactivated_by_staff = not active
    user.save(update_fields=["is_active", "deactivated_by_staff"])
    if not active:
        Invitation.objects.filter(contact__user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return user


@transaction.atomic
def colleague_invite(*, partner, invited_by, roles=(), **fields):
    """An employer adds a colleague of their own organisation and invites them."""
    if invited_by.partner_id != partner.pk:
        raise ValidationError(_("You can only invite colleagues of your own organisation."))
    contact = contact_create(partner=partner, created_by=invited_by, roles=roles, **fields)
    return invitation_send(contact=contact, invited_by=invited_by)


# --- Requisites change requests -------------------------------------------------------------


@transaction.atomic
def change_request_submit(*, partner, requested_by, values, comment=""):
    """Records an employer's request to change requisites; nothing changes until staff approve."""
    changes = {}
    for field in REQUISITE_FIELDS:
        if field in values:
            new, old = (values[field] or "").strip(), getattr(partner, field)
            if new != old:
                changes[field] = {"old": old, "new": new}
    if not changes:
        raise ValidationError(_("Nothing has changed in the requisites."))
    _validate_requisites(partner, {field: change["new"] for field, change in changes.items()})
    if partner.change_requests.filter(status=ChangeRequestStatus.PENDING).exists():
        raise ValidationError(_("A request for this organisation is already waiting for the college."))
    return ChangeRequest.objects.create(partner=partner, requested_by=requested_by, changes=changes, comment=comment)


def _validate_requisites(partner, new_values):
    """Checks the new values as they would be saved, without saving them."""
    probe = Partner.objects.get(pk=partner.pk)
    for field, value in new_values.items():
        setattr(probe, field, value)
    probe.full_clean(exclude=["inn"] if "inn" not in new_values else None, validate_unique=False)
    if "inn" in new_values and partner_with_inn(new_values["inn"], exclude_pk=partner.pk):
        raise ValidationError({"inn": _("Another partner in the register has this INN.")})


def _pending(change_request):
    locked = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if locked.status != ChangeRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return locked


@transaction.atomic
def change_request_approve(*, change_request, decided_by, comment=""):
    """Applies the requested requisites to the partner (with history) and closes the request."""
    change_request = _pending(change_request)
    partner = Partner.objects.select_for_update().get(pk=change_request.partner_id)
    new_values = {field: change["new"] for field, change in change_request.changes.items()}
    _validate_requisites(partner, new_values)
    partner._change_reason = _("requisites change request of %(date)s") % {
        "date": change_request.created_at.strftime("%d.%m.%Y")
    }
    partner_update(partner=partner, updated_by=decided_by, **new_values)
    change_request.status = ChangeRequestStatus.APPROVED
    change_request.decided_by, change_request.decided_at = decided_by, timezone.now()
    change_request.decision_comment = comment
    change_request.save()
    return change_request


@transaction.atomic
def change_request_reject(*, change_request, decided_by, comment):
    if not (comment or "").strip():
        raise ValidationError({"decision_comment": _("Say why the request is rejected: the employer will see it.")})
    change_request = _pending(change_request)
    change_request.status = ChangeRequestStatus.REJECTED
    change_request.decided_by, change_request.decided_at = decided_by, timezone.now()
    change_request.decision_comment = comment.strip()
    change_request.save()
    return change_request


@transaction.atomic
def change_request_withdraw(*, change_request, withdrawn_by):
    change_request = _pending(change_request)
    change_request.status = ChangeRequestStatus.WITHDRAWN
    change_request.decided_by, change_request.decided_at = withdrawn_by, timezone.now()
    change_request.save()
    return change_request


# --- Interactions ---------------------------------------------------------------------------


@transaction.atomic
def interaction_create(*, partner, author, summary, **fields):
    """Logs a contact with the partner. Moves its last activity forward (and ends dormancy)."""
    interaction = Interaction(partner=partner, author=author, summary=summary.strip(), **fields)
    interaction.full_clean()
    interaction.save()
    activity.record_activity(partner.pk, interaction.date)
    return interaction


@transaction.atomic
def interaction_update(*, interaction, updated_by, **fields):
    """Edits an interaction; recomputes the partner's last activity (the date may move back)."""
    for field, value in fields.items():
        setattr(interaction, field, value.strip() if isinstance(value, str) else value)
    interaction.full_clean()
    interaction.save()
    activity.refresh_activity([interaction.partner_id])
    activity.record_activity(interaction.partner_id, interaction.date)
    return interaction


@transaction.atomic
def follow_up_complete(*, interaction, completed_by):
    if interaction.follow_up_due is None:
        raise ValidationError(_("This interaction has no follow-up."))
    if interaction.follow_up_done_at is None:
        interaction.follow_up_done_at = timezone.now()
        interaction.save(update_fields=["follow_up_done_at", "updated_at"])
    return interaction
