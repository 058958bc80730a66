"""Importing partners from XLSX/CSV: upload, preview with row errors, confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partnership_portal import tabular
from partnership_portal.accounts.decorators import staff_with
from partnership_portal.models import ImportStatus

from .. import transfer
from ..forms import ImportUploadForm
from ..models import PartnerImport
from ..permissions import can_manage_partners

PREVIEW_ROWS = 50


@staff_with(can_manage_partners)
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        partner_import = transfer.import_create(uploaded=form.cleaned_data["file"], uploaded_by=request.user)
        return redirect("partners:import_detail", pk=partner_import.pk)
    recent = PartnerImport.objects.select_related("uploaded_by").defer("rows", "errors")[:10]
    return render(request, "partners/import_start.html", {"form": form, "recent": recent, "columns": transfer.COLUMNS})


@staff_with(can_manage_partners)
def import_detail(request, pk):
    partner_import = get_object_or_404(PartnerImport, pk=pk)
    if request.method == "POST":
        try:
            done = transfer.import_apply(partner_import=partner_import, applied_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("partners:import_detail", pk=pk)
        messages.success(
            request,
            _("Import done: %(created)d partners added, %(updated)d updated.")
            % {"created": done.created_count, "updated": done.updated_count},
        )
        return redirect("partners:list")
    plan = transfer.import_plan(partner_import) if partner_import.status == ImportStatus.PREVIEW else None
    return render(
        request,
        "partners/import_detail.html",
        {
            "partner_import": partner_import,
            "plan": plan,
            "preview": partner_import.rows[:PREVIEW_ROWS],
            "form": ImportUploadForm(),
            "columns": transfer.COLUMNS,
        },
    )


@staff_with(can_manage_partners)
def import_template(request):
    rows = [
        [str(column.label) for column in transfer.COLUMNS],
        ["Акционерное общество «Пример»", "АО «Пример»", "6600000003", "660001001", "1026600000008", _("Base enterprise"),
         _("Active"), "620000, г. Екатеринбург, ул. Примерная, 1", "", "Машиностроение", "https://example.ru",
         "+7 343 000-00-00", "hr@example.ru", "15.02.16, 22.02.06", "01.09.2020"],
    ]  # fmt: skip
    response = HttpResponse(
        tabular.xlsx_bytes(rows, sheet_title=_("Partners")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="partners-template.xlsx"'
    return response
