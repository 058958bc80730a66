"""Signatures: staff record each party's signature (on paper, a scan, an electronically signed
file); the stored file is downloaded through a checked view by whoever may see the contract."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership_portal.accounts.decorators import login_required, staff_with
from partnership_portal.web import add_service_errors
from practice.services.audit import Action

from .. import selectors, services
from ..forms import SignatureForm, signer_names
from ..models import ContractState, Party, SignatureKind
from ..permissions import can_manage_contracts
from .contracts import SIGNING_STATES, file_stem, log_employer_access


def _initial(request, parties, names):
    """The party asked for (or the first still to sign) with its signer; re-rendered by htmx
    after the party changed, the rest of the form keeps what was typed."""
    query = request.GET
    party = query.get("party") if query.get("party") in parties else parties[0]
    initial = {"party": party, "signed_on": timezone.localdate(), "kind": SignatureKind.PAPER}
    if request.htmx:
        initial.update({name: query[name] for name in ("signed_on", "kind") if query.get(name)})
        typed = (query.get("signer_name") or "").strip()
        # A name typed by hand is kept; a suggested one follows the party.
        initial["signer_name"] = typed if typed and typed not in names.values() else names.get(party, "")
    else:
        initial["signer_name"] = names.get(party, "")
    return initial


@staff_with(can_manage_contracts)
def signature_create(request, pk):
    contract = selectors.get_contract_for(request.user, pk)
    if contract.state not in SIGNING_STATES:
        messages.error(request, _("Send the contract for signatures first."))
        return redirect("contracts:detail", pk=contract.pk)
    parties = [party.value for party in services.missing_signatures(contract)]
    if not parties:
        messages.info(request, _("Every party has already signed this contract."))
        return redirect("contracts:detail", pk=contract.pk)
    names = {str(party): name for party, name in signer_names(contract).items()}
    choices = [Party(party) for party in parties]
    if request.method == "POST":
        form = SignatureForm(request.POST, request.FILES, parties=choices)
    else:
        form = SignatureForm(initial=_initial(request, parties, names), parties=choices)
    form.enable_refresh(reverse("contracts:signature_create", args=[contract.pk]))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        state_before = contract.state
        try:
            services.signature_record(
                contract=contract,
                party=data["party"],
                signer_name=data["signer_name"],
                signed_on=data["signed_on"],
                kind=data["kind"],
                recorded_by=request.user,
                file=data.get("file") or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            contract.refresh_from_db()
            if contract.state != state_before and contract.state in (ContractState.SIGNED, ContractState.ACTIVE):
                messages.success(
                    request,
                    _("Every party has signed: the contract is now «%(state)s».")
                    % {"state": contract.get_state_display()},
                )
            else:
                messages.success(
                    request, _("The signature of «%(party)s» is recorded.") % {"party": Party(data["party"]).label}
                )
            return redirect("contracts:detail", pk=contract.pk)
    template = "contracts/_signature_form.html" if request.htmx else "contracts/signature_form.html"
    return render(request, template, {"contract": contract, "form": form, "signer_names": names})


@login_required
def signature_file(request, pk):
    signature = selectors.get_signature_for(request.user, pk)
    if not signature.file:
        raise Http404
    try:
        handle = signature.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    contract = signature.contract
    log_employer_access(
        request.user,
        [contract],
        Action.DOWNLOAD,
        _("Signed file of contract № %(number)s") % {"number": contract.number},
    )
    extension = os.path.splitext(signature.file.name)[1].lower() or ".pdf"
    content_type = "application/pdf" if extension == ".pdf" else "application/pkcs7-signature"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{file_stem(contract)}-{signature.party}{extension}",
        content_type=content_type,
    )
