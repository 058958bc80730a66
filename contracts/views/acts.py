"""The acceptance act of a priced contract (акт сдачи-приёмки) or the act of transfer of a
donation, as its own PDF: rendered on request from the contract's frozen snapshot, never stored.
Whoever may download the contract may download its act."""

import io

from django.http import FileResponse, Http404

from partnership_portal.accounts.decorators import login_required

from .. import selectors
from ..documents import priced
from ..models import PRICED_TYPES
from .contracts import file_stem


@login_required
def contract_act(request, pk):
    contract = selectors.get_contract_for(request.user, pk)
    # A draft has no frozen data to print; a snapshot of an older version has no act in it.
    if contract.type not in PRICED_TYPES or not contract.snapshot_hash or not priced.has_act(contract.snapshot):
        raise Http404
    data = priced.act_pdf(contract.snapshot)
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=f"act-{file_stem(contract)}.pdf", content_type="application/pdf"
    )
