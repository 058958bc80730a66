"""Writes on contracts. Every function is keyword-only and runs in a transaction.

Side effects: numbers come from the locked per-type counter (``numbering``); leaving the draft
freezes the printed data (``documents.contract_snapshot``) and renders the PDF after commit
(task ``contracts.render_contract_pdf``); every change is kept in the contract's history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import activity
from practice.models import Placement, PlacementState

from . import documents, numbering
from .models import (
    CONTRACT_TRANSITIONS,
    STUDENT_TYPES,
    Contract,
    ContractBatch,
    ContractState,
    ContractType,
    ObligationStatus,
    Party,
    Signature,
    TargetedObligation,
)


def _by(contract, user):
    contract._history_user = user
    return contract


def required_parties(contract):
    """Who signs: the college, the organisation, and the student where the contract (or the
    contract an amendment changes) has one."""
    parties = [Party.COLLEGE, Party.ORGANISATION]
    if contract.type in STUDENT_TYPES or (contract.parent_id and contract.parent.type in STUDENT_TYPES):
        parties.append(Party.STUDENT)
    return parties


@transaction.atomic
def contract_create(*, type, partner, created_by, start_date, end_date, placements=(), **fields):
    """Creates a draft contract with the next number of its type in the year of its date.
    The signatory's authority basis is taken from the signatory unless given."""
    signed_on = fields.pop("signed_on", None) or timezone.localdate()
    contract = Contract(type=type, partner=partner, start_date=start_date, end_date=end_date, signed_on=signed_on,
                        created_by=created_by, **fields)  # fmt: skip
    if contract.partner_signatory_id and not contract.partner_basis:
        contract.partner_basis = contract.partner_signatory.authority_basis
    if contract.placement_id and not contract.student_id:
        contract.student = contract.placement.student
    contract.year = signed_on.year
    contract.seq, contract.number = 0, "-"
    contract.full_clean(exclude=["seq", "number"])
    contract.seq, contract.number = numbering.next_number(type, contract.year)
    _by(contract, created_by).save()
    if placements:
        contract.placements.set(placements)
    if type == ContractType.TARGETED_TRAINING:
        _obligation_for(contract)
    activity.record_activity(partner.pk, min(signed_on, timezone.localdate()))
    return contract


def _obligation_for(contract):
    deadline = contract.details.get("employment_deadline")
    if deadline:
        TargetedObligation.objects.update_or_create(
            contract=contract,
            defaults={"employment_deadline": deadline, "work_years": int(contract.details.get("work_years") or 3)},
        )


@transaction.atomic
def contract_update(*, contract, updated_by, placements=None, **fields):
    """Edits a draft. A contract that left the draft is frozen: return it to draft first
    (possible only while it is on approval)."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.is_frozen:
        raise ValidationError(_("The contract is no longer a draft; its printed data is frozen."))
    for field, value in fields.items():
        setattr(contract, field, value)
    if "partner_signatory" in fields and "partner_basis" not in fields and contract.partner_signatory_id:
        contract.partner_basis = contract.partner_signatory.authority_basis
    contract.full_clean()
    _by(contract, updated_by).save()
    if placements is not None:
        contract.placements.set(placements)
    if contract.type == ContractType.TARGETED_TRAINING:
        _obligation_for(contract)
    return contract


@transaction.atomic
def contract_transition(*, contract, to_state, by, reason=""):
    """Moves the contract along its lifecycle. Leaving the draft freezes and renders it;
    'signed' needs every party's signature; 'terminated' needs a reason."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    to_state = ContractState(to_state)
    if to_state not in CONTRACT_TRANSITIONS[ContractState(contract.state)]:
        raise ValidationError(
            _("A contract cannot go from «%(from)s» to «%(to)s».")
            % {"from": contract.get_state_display(), "to": to_state.label}
        )
    if to_state == ContractState.SIGNED:
        missing = missing_signatures(contract)
        if missing:
            raise ValidationError(
                _("Not every party has signed yet: %(parties)s.")
                % {"parties": ", ".join(str(p.label) for p in missing)}
            )
    if to_state == ContractState.TERMINATED:
        if not reason.strip():
            raise ValidationError(_("Say why the contract is terminated."))
        contract.terminated_reason = reason.strip()
    was_frozen = contract.is_frozen
    if not was_frozen and to_state != ContractState.DRAFT:
        missing = documents.problems(contract)
        if missing:
            raise ValidationError(missing)
    contract.state = to_state
    if to_state == ContractState.DRAFT:
        contract.snapshot, contract.snapshot_hash = {}, ""
    elif not was_frozen:
        _freeze(contract)
    _by(contract, by).save()
    if contract.is_frozen and not was_frozen:
        _render_after_commit(contract)
    return contract


def _freeze(contract):
    snapshot = documents.contract_snapshot(contract)
    contract.snapshot, contract.snapshot_hash = snapshot, documents.snapshot_hash(snapshot)


def _render_after_commit(contract):
    from .tasks import render_contract_pdf

    render_contract_pdf.delay(contract_id=contract.pk)


def missing_signatures(contract):
    signed = set(contract.signatures.values_list("party", flat=True))
    return [party for party in required_parties(contract) if party not in signed]


@transaction.atomic
def signature_record(*, contract, party, signer_name, signed_on, kind, recorded_by, file=None):
    """Records (or replaces) one party's signature. When the last party signs, the contract
    becomes signed, and active if its term has begun."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.state not in (ContractState.AWAITING_SIGNATURES, ContractState.SIGNED, ContractState.ACTIVE):
        raise ValidationError(_("Send the contract for signatures first."))
    if party not in required_parties(contract):
        raise ValidationError(_("This party does not sign this contract."))
    signature = Signature.objects.filter(contract=contract, party=party).first() or Signature(
        contract=contract, party=party
    )
    if file is not None and signature.file:
        signature.file.delete(save=False)
    signature.signer_name, signature.signed_on, signature.kind = signer_name.strip(), signed_on, kind
    signature.recorded_by, signature.recorded_at = recorded_by, timezone.now()
    if file is not None:
        signature.file = file
    signature.full_clean()
    signature.save()
    if contract.state == ContractState.AWAITING_SIGNATURES and not missing_signatures(contract):
        contract.state = ContractState.SIGNED
        if contract.start_date <= timezone.localdate() <= contract.end_date:
            contract.state = ContractState.ACTIVE
        _by(contract, recorded_by).save()
    return signature


@transaction.atomic
def obligation_update(*, obligation, updated_by, status, employed_on=None, notes=""):
    if status in (ObligationStatus.WORKING, ObligationStatus.FULFILLED) and not employed_on:
        raise ValidationError({"employed_on": _("Give the date the graduate was employed.")})
    obligation.status, obligation.employed_on, obligation.notes = status, employed_on, notes
    obligation.full_clean()
    obligation.save()
    return obligation


# --- Batch of tripartite contracts ------------------------------------------------------------


@transaction.atomic
def batch_create(*, period, created_by, start_date=None, end_date=None):
    """A tripartite contract for every placement of ``period`` that has none yet, sent for
    signatures at once (so frozen), each rendered by its own task after commit. If any of them
    lacks data it must print (a signatory, a minor's representative, requisites), nothing is
    made and the error lists every student with what is missing."""
    placements = list(
        Placement.objects.filter(period=period)
        .exclude(state=PlacementState.CANCELLED)
        .exclude(contracts__type=ContractType.TRIPARTITE_PRACTICE)
        .select_related("student", "partner")
        .order_by("partner__name", "student__last_name", "pk")
    )
    if not placements:
        raise ValidationError(_("Every placement of this period already has its tripartite contract."))
    batch = ContractBatch.objects.create(period=period, created_by=created_by, total=len(placements))
    signatories = _signatories({placement.partner_id for placement in placements})
    problems = []
    for placement in placements:
        contract = contract_create(
            type=ContractType.TRIPARTITE_PRACTICE,
            partner=placement.partner,
            created_by=created_by,
            placement=placement,
            student=placement.student,
            partner_signatory=signatories.get(placement.partner_id),
            start_date=start_date or placement.start_date,
            end_date=end_date or placement.end_date,
            batch=batch,
        )
        missing = documents.problems(contract)
        if missing:
            problems.append(f"{placement.student.full_name}: {' '.join(missing)}")
            continue
        contract_transition(contract=contract, to_state=ContractState.AWAITING_SIGNATURES, by=created_by)
    if problems:
        # All or nothing: no contract of the batch is issued while one of them would have a blank.
        raise ValidationError(problems)
    return batch


def _signatories(partner_ids):
    from partners.models import Contact

    signatories = {}
    for contact in Contact.objects.filter(partner_id__in=partner_ids, is_signatory=True, is_active=True).order_by("pk"):
        signatories.setdefault(contact.partner_id, contact)
    return signatories


# --- Expiry -------------------------------------------------------------------------------------


NOTICE_DAYS = (30, 7)


def contracts_expire(today=None):
    """Active or signed contracts whose term has ended become expired; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for contract in Contract.objects.filter(
        state__in=[ContractState.ACTIVE, ContractState.SIGNED], end_date__lt=today
    ).select_for_update():
        contract.state = ContractState.EXPIRED
        contract._change_reason = _("the term has ended")
        contract.save(update_fields=["state", "updated_at"])
        count += 1
    return count


def contracts_activate(today=None):
    """Signed contracts whose term has begun become active; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for contract in Contract.objects.filter(
        state=ContractState.SIGNED, start_date__lte=today, end_date__gte=today
    ).select_for_update():
        contract.state = ContractState.ACTIVE
        contract.save(update_fields=["state", "updated_at"])
        count += 1
    return count


def expiry_notices_send(today=None):
    """E-mails partnership managers and the partner's signatory 30 and 7 days before a contract
    expires (each notice once per contract). Returns the number of contracts notified."""
    from django.contrib.auth.models import Group

    from partnership_portal.accounts.models import StaffGroup
    from partnership_portal.emails import absolute_url, send_templated_email

    today = today or timezone.localdate()
    staff_emails = list(
        Group.objects.filter(name=StaffGroup.PARTNERSHIP_MANAGER)
        .values_list("user__email", flat=True)
        .exclude(user__email=None)
        .filter(user__is_active=True)
    )
    sent = 0
    for days in NOTICE_DAYS:
        due = (
            Contract.objects.filter(
                state__in=[ContractState.ACTIVE, ContractState.SIGNED],
                end_date__gte=today,
                end_date__lte=today + timezone.timedelta(days=days),
            )
            .exclude(expiry_notice_sent__gt=0, expiry_notice_sent__lte=days)
            .select_related("partner", "partner_signatory")
        )
        for contract in due:
            recipients = set(staff_emails)
            if contract.partner_signatory and contract.partner_signatory.email:
                recipients.add(contract.partner_signatory.email)
            if recipients:
                send_templated_email(
                    to=sorted(recipients),
                    template="contracts/emails/expiry",
                    context={"contract": contract, "days_left": (contract.end_date - today).days,
                             "link": absolute_url(reverse("contracts:detail", args=[contract.pk]))},
                )  # fmt: skip
            Contract.objects.filter(pk=contract.pk).update(expiry_notice_sent=days)
            sent += 1
    return sent


# --- Recovery: renders whose task was lost ------------------------------------------------------


def stuck_renders_requeue(now=None):
    """Queues the render again for every frozen contract whose PDF does not show its frozen data
    ``CONTRACT_RENDER_REQUEUE_AFTER`` seconds after the contract last changed: its task was lost
    (Redis restarted empty, a publish failed during a broker outage). Rendering is idempotent, so
    a task that was only slow, not lost, and now runs twice renders once. Returns how many."""
    import logging
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import F, Q

    from .tasks import render_contract_pdf

    now = now or timezone.now()
    before = now - timedelta(seconds=settings.CONTRACT_RENDER_REQUEUE_AFTER)
    stuck = list(
        Contract.objects.exclude(snapshot_hash="")
        .filter(Q(pdf="") | ~Q(pdf_hash=F("snapshot_hash")), updated_at__lt=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for contract_id in stuck:
        render_contract_pdf.delay(contract_id=contract_id)
    if stuck:
        logging.getLogger(__name__).warning("Queued the PDF of %d contract(s) again: %s", len(stuck), stuck)
    return len(stuck)
