"""Importing study groups with their students from XLSX/CSV: upload, preview with row errors, confirm."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partnership_portal import tabular
from partnership_portal.accounts.decorators import staff_with

from ..forms_reference import StudentImportUploadForm
from ..models import StudentImport
from ..permissions import can_manage_practice
from ..services import student_import

PREVIEW_ROWS = 50


@staff_with(can_manage_practice)
def import_start(request):
    form = StudentImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = student_import.import_create(uploaded=form.cleaned_data["file"], uploaded_by=request.user)
        return redirect("practice:import_detail", pk=done.pk)
    recent = StudentImport.objects.select_related("uploaded_by").defer("rows", "errors")[:10]
    return render(
        request, "practice/import_start.html", {"form": form, "recent": recent, "columns": student_import.COLUMNS}
    )


@staff_with(can_manage_practice)
def import_detail(request, pk):
    pending = get_object_or_404(StudentImport, pk=pk)
    if request.method == "POST":
        try:
            done = student_import.import_apply(student_import=pending, applied_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("practice:import_detail", pk=pk)
        messages.success(
            request,
            _("Import done: %(created)d students added, %(updated)d updated.")
            % {"created": done.created_count, "updated": done.updated_count},
        )
        return redirect("practice:group_list")
    plan = student_import.import_plan(pending) if pending.status == StudentImport.Status.PREVIEW else None
    return render(
        request,
        "practice/import_detail.html",
        {
            "student_import": pending,
            "plan": plan,
            "preview": [_preview_row(row) for row in pending.rows[:PREVIEW_ROWS]],
            "form": StudentImportUploadForm(),
        },
    )


def _preview_row(row):
    birth_date = row["values"].get("birth_date")
    return {**row, "birth_date": dt.date.fromisoformat(birth_date) if birth_date else None}


@staff_with(can_manage_practice)
def import_template(request):
    response = HttpResponse(
        tabular.xlsx_bytes(student_import.template_rows(), sheet_title=_("Students")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="students-template.xlsx"'
    return response
