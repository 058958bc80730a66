"""Reads of contracts that depend on who asks.

Staff see every contract; an employer sees their own organisation's contracts once they left
the draft (a draft is the college's working copy); anyone else sees nothing.
"""

from django.db.models import OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partners.models import Partner
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.queries import SubqueryCount, ids_or_subquery
from practice.models import Student

from .models import Contract, ContractBatch, ContractState, Signature, TargetedObligation


def contracts_visible_to(user):
    # The frozen snapshot is read only to render the document (documents.py loads it itself).
    contracts = Contract.objects.select_related("partner", "student__group", "parent", "partner_signatory").defer(
        "snapshot"
    )
    if is_college_staff(user):
        return contracts
    if is_employer(user):
        return contracts.filter(partner_id=user.partner_id).exclude(state=ContractState.DRAFT)
    return contracts.none()


def get_contract_for(user, pk):
    return get_object_or_404(contracts_visible_to(user), pk=pk)


def contract_list(user, *, query="", types=(), states=(), year=None, expiring=False):
    contracts = contracts_visible_to(user)
    query = (query or "").strip()
    if query:
        contracts = contracts.filter(contract_search(query))
    if types:
        contracts = contracts.filter(type__in=types)
    if states:
        contracts = contracts.filter(state__in=states)
    if year:
        contracts = contracts.filter(year=year)
    if expiring:
        contracts = contracts_expiring(contracts)
    return contracts.defer(*PARTNER_LARGE_FIELDS).annotate(signature_count=signature_count()).order_by(*LIST_ORDER)


def contract_search(query):
    """The condition «number, organisation (its names, ИНН, contacts; ё = е) or the student's
    surname contains ``query``», any case.

    The matching contract numbers, organisations and students are found first, each through its
    trigram index, and the contracts by those ids (``ids_or_subquery``) through the indexes of
    ``id``, ``partner_id`` and ``student_id``: no condition is tested on every contract (an
    upper-cased ``LIKE`` on each of them costs more than the planner reckons). A query shorter
    than a trigram has no index to read and may match most rows: there the parts stay
    subqueries, hashed once for a scan of the contracts. Three queries, run now, when the query
    is long enough.
    """
    partners = Partner.objects.filter(search_text__contains=query.lower().replace("ё", "е")).values("pk")
    students = Student.objects.filter(last_name__icontains=query).values("pk")
    if len(query) < TRIGRAM:
        return Q(number__icontains=query) | Q(partner__in=partners) | Q(student__in=students)
    numbers = Contract.objects.filter(number__icontains=query)
    return (
        Q(pk__in=ids_or_subquery(numbers))
        | Q(partner__in=ids_or_subquery(partners))
        | Q(student__in=ids_or_subquery(students))
    )


# The shortest substring a trigram index finds by its trigrams.
TRIGRAM = 3

# The partner's long texts, which no list shows (a list joins the partner of every row).
PARTNER_LARGE_FIELDS = ("partner__description", "partner__notes", "partner__bank_details", "partner__search_text")

# The list's order; the index ``contracts_list_order_idx`` matches it.
LIST_ORDER = ("-year", "-seq", "type")


def signature_count():
    """Signatures of each contract, counted per row (a GROUP BY over the list would group every row)."""
    return SubqueryCount(Signature.objects.filter(contract=OuterRef("pk")))


def contracts_expiring(contracts, days=30, today=None):
    today = today or timezone.localdate()
    return contracts.filter(
        state__in=[ContractState.ACTIVE, ContractState.SIGNED],
        end_date__gte=today,
        end_date__lte=today + timezone.timedelta(days=days),
    )


def expiring_soon(user, days=30):
    # The partial index contracts_in_force_end_idx gives the earliest end dates first.
    return contracts_expiring(contracts_visible_to(user), days).defer(*PARTNER_LARGE_FIELDS).order_by("end_date", "pk")


def batches_visible_to(user):
    batches = ContractBatch.objects.select_related("period__group", "created_by")
    return batches if is_college_staff(user) else batches.none()


def get_batch_for(user, pk):
    return get_object_or_404(batches_visible_to(user), pk=pk)


def batch_progress(batch):
    """(rendered, total) PDFs of a batch."""
    contracts = batch.contracts.all()
    rendered = sum(1 for snapshot_hash, pdf_hash, pdf in contracts.values_list("snapshot_hash", "pdf_hash", "pdf")
                   if pdf and snapshot_hash and pdf_hash == snapshot_hash)  # fmt: skip
    return rendered, batch.total


def signatures_visible_to(user):
    return Signature.objects.select_related("contract").filter(contract__in=contracts_visible_to(user))


def get_signature_for(user, pk):
    return get_object_or_404(signatures_visible_to(user), pk=pk)


def get_obligation_for(user, pk):
    return get_object_or_404(obligations_visible_to(user), pk=pk)


def obligations_visible_to(user):
    obligations = TargetedObligation.objects.select_related("contract__student__group", "contract__partner")
    if is_college_staff(user):
        return obligations
    if is_employer(user):
        return obligations.filter(contract__partner_id=user.partner_id).exclude(contract__state=ContractState.DRAFT)
    return obligations.none()
