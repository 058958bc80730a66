"""Batches: the tripartite contracts of every placement of a practice period at once, their PDFs
rendered by Celery while the page shows the progress, and a ZIP of them all at the end."""

import tempfile
import zipfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from partners.models import Contact
from partnership_portal.accounts.decorators import staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors
from practice import selectors as practice_selectors
from practice.models import PlacementState

from .. import selectors, services
from ..forms import BatchForm
from ..models import ContractType
from ..permissions import can_manage_contracts
from .contracts import file_stem


def placements_without_contract(user, period):
    """The placements of ``period`` that ``services.batch_create`` would make contracts for."""
    return (
        practice_selectors.placements_visible_to(user)
        .filter(period=period)
        .exclude(state=PlacementState.CANCELLED)
        .exclude(contracts__type=ContractType.TRIPARTITE_PRACTICE)
        .order_by("partner__name", "student__last_name", "pk")
    )


@staff_with(can_manage_contracts)
@submit_once
def batch_create(request, period_pk):
    period = practice_selectors.get_period_for(request.user, period_pk)
    placements = list(placements_without_contract(request.user, period))
    form = BatchForm(request.POST if request.method == "POST" else None, initial=_common_dates(placements))
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(
                period=period,
                created_by=request.user,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d contract is created and sent for signatures; its PDF is being prepared.",
                    "%(count)d contracts are created and sent for signatures; their PDFs are being prepared.",
                    batch.total,
                )
                % {"count": batch.total},
            )
            return redirect("contracts:batch_detail", pk=batch.pk)
    if request.method == "POST":
        placements = list(placements_without_contract(request.user, period))
    with_signatory = set(
        Contact.objects.filter(
            partner_id__in={placement.partner_id for placement in placements}, is_signatory=True, is_active=True
        ).values_list("partner_id", flat=True)
    )
    return render(
        request,
        "contracts/batch_create.html",
        {
            "period": period,
            "form": form,
            "placements": [(placement, placement.partner_id in with_signatory) for placement in placements],
            "batches": selectors.batches_visible_to(request.user).filter(period=period),
        },
    )


def _common_dates(placements):
    """The form comes filled with the placements' dates when they all share them (as a group
    placed together does), so the page shows what the contracts will say and one click issues
    them; with different dates it stays empty, meaning each placement's own."""
    dates = {(placement.start_date, placement.end_date) for placement in placements}
    if len(dates) != 1:
        return {}
    start, end = dates.pop()
    return {"start_date": start, "end_date": end}


def _progress_context(batch):
    rendered, total = selectors.batch_progress(batch)
    return {
        "batch": batch,
        "rendered": rendered,
        "total": total,
        "percent": round(100 * rendered / total) if total else 100,
        "done": rendered >= total,
    }


@staff_with(can_manage_contracts)
def batch_detail(request, pk):
    batch = selectors.get_batch_for(request.user, pk)
    contracts = selectors.contracts_visible_to(request.user).filter(batch=batch).order_by("partner__name", "seq")
    return render(request, "contracts/batch_detail.html", {**_progress_context(batch), "contracts": contracts})


@staff_with(can_manage_contracts)
def batch_progress(request, pk):
    """The progress fragment htmx polls; once every PDF is ready it comes without its trigger."""
    batch = selectors.get_batch_for(request.user, pk)
    return render(request, "contracts/_batch_progress.html", _progress_context(batch))


@staff_with(can_manage_contracts)
def batch_zip(request, pk):
    batch = selectors.get_batch_for(request.user, pk)
    contracts = list(selectors.contracts_visible_to(request.user).filter(batch=batch).order_by("seq"))
    if not contracts or len(contracts) < batch.total or not all(contract.pdf_ready for contract in contracts):
        raise Http404
    # Spooled: a batch of a hundred contracts stays in memory, a larger one goes to disk. The
    # response closes it once sent.
    archive = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for contract in contracts:
            try:
                with contract.pdf.open("rb") as pdf:
                    bundle.writestr(f"{file_stem(contract)}.pdf", pdf.read())
            except FileNotFoundError:
                raise Http404 from None
    archive.seek(0)
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"contracts-{batch.period.group.name}-{batch.created_at:%Y-%m-%d}-{batch.pk}.zip",
        content_type="application/zip",
    )
