"""Contracts: the list (staff: all, an employer: their organisation's), the per-type forms of
staff, the contract's page with its state, signatures, amendments and history, and its PDF."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partners.models import Partner
from partnership_portal.accounts.decorators import login_required, staff_with
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.history import history_entries
from partnership_portal.idempotency import submit_once
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors, redirect_back
from practice.services.audit import Action, log_student_access

from .. import documents, selectors, services
from ..forms import (
    REFRESH_FIELDS,
    AmendmentForm,
    ContractFilterForm,
    TransitionForm,
    form_class_for,
    in_person_phrase,
    initial_from,
    parse_date,
)
from ..models import (
    CONTRACT_TRANSITIONS,
    ContractState,
    ContractType,
    TargetedObligation,
)
from ..permissions import can_manage_contracts, can_view_contract

# What each type is for, shown where staff choose the type of a new contract.
TYPE_DESCRIPTIONS = {
    ContractType.COOPERATION: gettext_lazy(
        "A framework agreement on social partnership: practice, reviews, internships, joint events."
    ),
    ContractType.PRACTICAL_TRAINING: gettext_lazy(
        "The model form of order 885/390 with the students (appendix 1) and the premises (appendix 2)."
    ),
    ContractType.TRIPARTITE_PRACTICE: gettext_lazy("College, organisation and one student, for a placement."),
    ContractType.TARGETED_TRAINING: gettext_lazy(
        "Customer, citizen and college: support measures, future post, at least 3 years of work."
    ),
    ContractType.CONSULTING: gettext_lazy("Consulting services for a price, either party performing."),
    ContractType.CONTRACT_WORK: gettext_lazy(
        "Work for a price (подряд), with the dates of the work and a statement of work."
    ),
    ContractType.RESEARCH: gettext_lazy("Research and technological work (НИОКР) with the rights to the results."),
    ContractType.JOINT_PROJECT: gettext_lazy("A joint project with each party's contribution and the project plan."),
    ContractType.SPONSORSHIP: gettext_lazy("A donation of money or property to the college for a stated purpose."),
}

# The button that moves a contract into each state (termination has its own form with a reason).
STATE_BUTTONS = {
    ContractState.DRAFT: gettext_lazy("Return to draft"),
    ContractState.ON_APPROVAL: gettext_lazy("Send for approval"),
    ContractState.AWAITING_SIGNATURES: gettext_lazy("Send for signatures"),
    ContractState.SIGNED: gettext_lazy("Mark as signed"),
    ContractState.ACTIVE: gettext_lazy("Mark as active"),
    ContractState.EXPIRED: gettext_lazy("Mark as expired"),
}
# Leaving the draft freezes what the contract prints: those buttons ask first.
FREEZING = {ContractState.ON_APPROVAL, ContractState.AWAITING_SIGNATURES}
# States in which signatures are recorded, and in which an amendment may be made.
SIGNING_STATES = {ContractState.AWAITING_SIGNATURES, ContractState.SIGNED, ContractState.ACTIVE}
AMENDABLE_STATES = SIGNING_STATES
EXPIRY_WARNING_DAYS = 30
# Technical fields the history does not show.
HISTORY_HIDDEN = {"pdf", "year", "seq"}


def file_stem(contract):
    """The contract's number as a file name: «12/2026-ТП» → «12-2026-ТП»."""
    return re.sub(r"[^\w.-]+", "-", contract.number).strip("-") or f"contract-{contract.pk}"


def is_expiring(contract, today=None):
    today = today or timezone.localdate()
    return contract.state in (
        ContractState.ACTIVE,
        ContractState.SIGNED,
    ) and today <= contract.end_date <= today + timezone.timedelta(days=EXPIRY_WARNING_DAYS)


def with_row_facts(contracts):
    """Adds what a row shows without further queries: signatures needed, expiring soon."""
    today = timezone.localdate()
    for contract in contracts:
        contract.signatures_needed = len(services.required_parties(contract))
        contract.is_expiring = is_expiring(contract, today)
    return contracts


def students_of(contract):
    """The students whose personal data the contract shows (the party, appendix 1)."""
    students = [contract.student] if contract.student_id else []
    if contract.type == ContractType.PRACTICAL_TRAINING:
        students += [placement.student for placement in contract.placements.select_related("student")]
    return students


def log_employer_access(user, contracts, action, detail):
    """Employers are shown students' names: that access is logged (152-ФЗ)."""
    if not is_employer(user):
        return
    students = [student for contract in contracts for student in students_of(contract)]
    if students:
        log_student_access(user=user, students=students, action=action, detail=detail)


# --- The list -------------------------------------------------------------------------------


@login_required
def contract_list(request):
    user = request.user
    years = selectors.contracts_visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
    form = ContractFilterForm(request.GET, years=list(years))
    filters = form.filters()
    page_obj = paginate_lean(request, selectors.contract_list(user, **filters), searched=bool(filters.get("query")))
    with_row_facts(page_obj)
    if is_employer(user):
        # The list shows only the student party, never appendix lists: no extra query per row.
        students = [contract.student for contract in page_obj if contract.student_id]
        if students:
            log_student_access(user=user, students=students, action=Action.VIEW, detail=_("List of contracts"))
    return render(
        request,
        "contracts/contract_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_manage": can_manage_contracts(user),
        },
    )


# --- Creating and editing -------------------------------------------------------------------


def _trigger(request):
    """The field whose change re-rendered the form (htmx), "" for another htmx request, None for
    a plain page load (a prefill link)."""
    if not request.htmx:
        return None
    name = request.htmx.trigger_name or ""
    return name if name in REFRESH_FIELDS else ""


def _render_form(request, form, context):
    template = "contracts/_contract_form.html" if request.htmx else "contracts/contract_form.html"
    return render(request, template, {"form": form, **context})


@staff_with(can_manage_contracts)
@submit_once
def contract_create(request):
    contract_type = request.GET.get("type")
    if contract_type not in ContractType.values or contract_type == ContractType.AMENDMENT:
        # The type first; an organisation given (from its card) is carried to the form.
        partner_pk = request.GET.get("partner", "")
        return render(
            request,
            "contracts/contract_type_choice.html",
            {
                "types": [(value, label, TYPE_DESCRIPTIONS[value]) for value, label in ContractType.choices
                          if value in TYPE_DESCRIPTIONS],
                "partner": Partner.objects.filter(pk=partner_pk).first() if partner_pk.isdigit() else None,
            },
        )  # fmt: skip
    contract_type = ContractType(contract_type)
    form_class = form_class_for(contract_type)
    refresh_url = f"{reverse('contracts:create')}?type={contract_type.value}"
    if request.method == "POST":
        form = form_class(request.POST)
    else:
        form = form_class(initial=initial_from(request.GET, form_class, trigger=_trigger(request)))
    form.enable_refresh(refresh_url)
    if request.method == "POST" and form.is_valid():
        fields, placements = form.service_fields()
        try:
            contract = services.contract_create(
                type=contract_type,
                partner=form.cleaned_data["partner"],
                created_by=request.user,
                placements=placements or (),
                **fields,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contract № %(number)s is created as a draft.") % {"number": contract.number})
            return redirect("contracts:detail", pk=contract.pk)
    return _render_form(
        request,
        form,
        {"contract_type": contract_type, "type_label": contract_type.label, "refresh_url": refresh_url},
    )


@staff_with(can_manage_contracts)
def contract_edit(request, pk):
    contract = selectors.get_contract_for(request.user, pk)
    if contract.is_frozen:
        messages.info(
            request,
            _(
                "The contract is no longer a draft, so what it prints is frozen. Return it to draft while it is "
                "on approval, or make an amendment."
            ),
        )
        return redirect("contracts:detail", pk=contract.pk)
    form_class = form_class_for(contract.type)
    kwargs = {"instance": contract}
    if contract.type == ContractType.AMENDMENT:
        kwargs["parent"] = contract.parent
    refresh_url = reverse("contracts:edit", args=[contract.pk])
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
    elif request.htmx:
        form = form_class(initial=initial_from(request.GET, form_class, trigger=_trigger(request)), **kwargs)
    else:
        form = form_class(**kwargs)
    form.enable_refresh(refresh_url)
    if request.method == "POST" and form.is_valid():
        fields, placements = form.service_fields()
        fields["partner"] = form.fixed_partner or form.cleaned_data["partner"]
        try:
            services.contract_update(contract=contract, updated_by=request.user, placements=placements, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("contracts:detail", pk=contract.pk)
    return _render_form(
        request,
        form,
        {"contract": contract, "contract_type": ContractType(contract.type), "type_label": contract.get_type_display(),
         "refresh_url": refresh_url, "parent": contract.parent},
    )  # fmt: skip


@staff_with(can_manage_contracts)
@submit_once
def amendment_create(request, pk):
    parent = selectors.get_contract_for(request.user, pk)
    if parent.type == ContractType.AMENDMENT:
        messages.error(request, _("An amendment is not amended itself: amend the main contract."))
        return redirect("contracts:detail", pk=parent.pk)
    if parent.state not in AMENDABLE_STATES:
        messages.error(
            request,
            _("Amendments are made to contracts sent for signatures, signed or active; this one is «%(state)s».")
            % {"state": parent.get_state_display()},
        )
        return redirect("contracts:detail", pk=parent.pk)
    refresh_url = reverse("contracts:amend", args=[parent.pk])
    if request.method == "POST":
        form = AmendmentForm(request.POST, parent=parent)
    elif request.htmx:
        form = AmendmentForm(initial=initial_from(request.GET, AmendmentForm, trigger=_trigger(request)), parent=parent)
    else:
        initial = {
            "partner_signatory": parent.partner_signatory_id,
            "partner_basis": parent.partner_basis,
            "partner_in_person": parent.partner_in_person
            or (in_person_phrase(parent.partner_signatory) if parent.partner_signatory else ""),
            "start_date": timezone.localdate(),
            "end_date": max(parent.end_date, timezone.localdate()),
        }
        form = AmendmentForm(initial=initial, parent=parent)
    form.enable_refresh(refresh_url)
    if request.method == "POST" and form.is_valid():
        fields, placements = form.service_fields()
        try:
            amendment = services.contract_create(
                type=ContractType.AMENDMENT, partner=parent.partner, created_by=request.user,
                placements=placements or (), **fields
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Amendment № %(number)s to contract № %(parent)s is created as a draft.")
                % {"number": amendment.number, "parent": parent.number},
            )
            return redirect("contracts:detail", pk=amendment.pk)
    return _render_form(
        request,
        form,
        {"contract_type": ContractType.AMENDMENT, "type_label": ContractType.AMENDMENT.label, "parent": parent,
         "refresh_url": refresh_url},
    )  # fmt: skip


# --- The contract's page --------------------------------------------------------------------


def _details(contract):
    """The type's own fields (``Contract.details``) with the labels of its form."""
    form_class = form_class_for(contract.type)
    rows = []
    for name in form_class.detail_fields:
        value = (contract.details or {}).get(name)
        field = form_class.base_fields.get(name)
        if value in (None, "", False) or field is None:
            continue
        if isinstance(field, forms.DateField):
            value = date_format(parse_date(value), "d.m.Y") if parse_date(value) else value
        elif isinstance(field, forms.BooleanField):
            value = _("yes")
        elif isinstance(field, forms.ChoiceField):
            value = dict(field.choices).get(str(value), value)  # the label, not the stored code
        rows.append({"name": name, "label": field.label, "value": value})
    return rows


def contract_history(contract, limit=50):
    """The contract's changes, newest first: who, when, what."""
    records = list(
        contract.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    return history_entries(records, hidden=HISTORY_HIDDEN)[:limit]


def _render_detail(request, contract, transition_form=None):
    user = request.user
    manage = can_manage_contracts(user)
    signatures = {signature.party: signature for signature in contract.signatures.select_related("recorded_by")}
    parties = services.required_parties(contract)
    missing = [party for party in parties if party not in signatures]
    following = CONTRACT_TRANSITIONS[ContractState(contract.state)]
    state_buttons = []
    if manage:
        for state in STATE_BUTTONS:
            if state not in following or (state == ContractState.SIGNED and missing):
                continue
            state_buttons.append({"state": state, "label": STATE_BUTTONS[state], "freezes": state in FREEZING})
    placements = []
    if contract.type == ContractType.PRACTICAL_TRAINING:
        placements = list(
            contract.placements.select_related("student__group", "period").order_by("period__start_date", "student__last_name")
        )  # fmt: skip
    if is_employer(user):
        students = ([contract.student] if contract.student_id else []) + [placement.student for placement in placements]
        if students:
            log_student_access(
                user=user,
                students=students,
                action=Action.VIEW,
                detail=_("Contract № %(number)s") % {"number": contract.number},
            )
    if contract.snapshot.get("version") == documents.SNAPSHOT_VERSION:
        doc_parties = contract.snapshot["parties"]  # as the issued document prints them
    else:
        doc_parties = documents.build_parties(contract, documents.kind_of(contract.type).roles_for(contract))
    roles = {party["key"]: party["role"] for party in doc_parties}  # the names the document gives the parties
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "doc_parties": doc_parties,
            "problems": documents.problems(contract) if manage and not contract.is_frozen else [],
            "details": _details(contract),
            "placements": placements,
            "signature_rows": [(party, roles.get(party, party.label), signatures.get(party)) for party in parties],
            "missing_roles": [roles.get(party, party.label) for party in missing],
            "missing": missing,
            "can_manage": manage,
            "can_edit": manage and not contract.is_frozen,
            "can_sign": manage and bool(missing) and contract.state in SIGNING_STATES,
            "can_amend": manage and contract.type != ContractType.AMENDMENT and contract.state in AMENDABLE_STATES,
            "can_terminate": manage and ContractState.TERMINATED in following,
            "state_buttons": state_buttons,
            "transition_form": transition_form or TransitionForm(),
            "is_expiring": is_expiring(contract),
            "amendments": selectors.contracts_visible_to(user).filter(parent=contract).order_by("signed_on", "seq"),
            "show_parent": contract.parent_id and can_view_contract(user, contract.parent),
            "obligation": TargetedObligation.objects.filter(contract=contract).first()
            if contract.type == ContractType.TARGETED_TRAINING
            else None,
            "history": contract_history(contract) if is_college_staff(user) else None,
        },
    )


@login_required
def contract_detail(request, pk):
    return _render_detail(request, selectors.get_contract_for(request.user, pk))


# The card asks every 2 s while the PDF is made; after a minute it offers to make it at once.
PDF_POLL_TRIES = 30


@login_required
def contract_pdf_status(request, pk):
    """The PDF's state on the contract card (htmx polls it while the worker renders the PDF)."""
    contract = selectors.get_contract_for(request.user, pk)
    try:
        tries = max(int(request.GET.get("tries", "1")), 1)
    except ValueError:
        tries = 1
    return render(
        request,
        "contracts/_pdf_state.html",
        {"contract": contract, "polled": True, "tries": tries + 1, "waited_too_long": tries >= PDF_POLL_TRIES},
    )


@staff_with(can_manage_contracts)
@require_POST
def contract_transition(request, pk):
    contract = selectors.get_contract_for(request.user, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        was_frozen = contract.is_frozen
        try:
            contract = services.contract_transition(
                contract=contract, to_state=form.cleaned_data["to_state"], by=request.user, reason=form.cleaned_data["reason"]
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("The contract is now «%(state)s».") % {"state": contract.get_state_display()}
            if contract.is_frozen and not was_frozen:
                message += " " + _("What it prints is frozen; its PDF is being prepared.")
            messages.success(request, message)
            return redirect_back(request, reverse("contracts:detail", args=[contract.pk]))
    # The page again, with the error and the reason typed.
    return _render_detail(request, contract, transition_form=form)


@login_required
def contract_pdf(request, pk):
    contract = selectors.get_contract_for(request.user, pk)
    if contract.snapshot_hash and not contract.pdf_ready:
        # Not rendered yet (the worker is behind or was down): render it now from the frozen data.
        documents.render_contract_pdf(contract.pk)
        contract.refresh_from_db()
    if not contract.pdf_ready:
        raise Http404
    try:
        handle = contract.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    log_employer_access(
        request.user, [contract], Action.DOWNLOAD, _("PDF of contract № %(number)s") % {"number": contract.number}
    )
    return FileResponse(
        handle, as_attachment=True, filename=f"{file_stem(contract)}.pdf", content_type="application/pdf"
    )
