"""Views of graduate employment: a staff-only subject (an employer gets 404 on every page).

Staff see the graduated groups with their checkpoints, a graduate's statuses, the rates and the
targeted graduates; practice coordinators and partnership managers enter statuses (one by one,
a group at a time, or by import).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.forms import ImportUploadForm
from partners.models import Specialty
from partnership_portal import tabular
from partnership_portal.accounts.decorators import staff_required, staff_with
from partnership_portal.models import ImportStatus
from partnership_portal.web import add_service_errors, paginate, redirect_back

from ..forms.employment import (
    EMPLOYER_LIST_ID,
    EmploymentRecordForm,
    GroupFilterForm,
    RatesFilterForm,
    TargetedFilterForm,
    group_formset,
)
from ..models.employment import Checkpoint, EmploymentStatus, checkpoint_due_date
from ..permissions.employment import can_record_employment
from ..selectors import employment as selectors
from ..services import employment as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 50


def _filtered(request):
    return any(value for key, value in request.GET.items() if key != "page")


# --- Groups and graduates -------------------------------------------------------------------------


@staff_required
def group_list(request):
    today = timezone.localdate()
    form = GroupFilterForm(request.GET, years=selectors.graduation_years())
    filters = form.filters()
    groups = selectors.graduate_group_list(
        request.user, year=filters.get("year"), specialty=filters.get("specialty"), query=filters.get("q", "")
    )
    page_obj = paginate(request, groups)
    page_obj.object_list = selectors.attach_checkpoints(page_obj.object_list, today)
    return render(
        request,
        "monitoring/employment/group_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": _filtered(request),
            "can_record": can_record_employment(request.user),
        },
    )


@staff_required
def group_table(request, pk, checkpoint):
    """A group's graduates at one checkpoint, one row each: saved all together, or shown back
    with each row's errors and everything typed."""
    group = selectors.get_graduate_group_for(request.user, pk)
    checkpoint = selectors.check_checkpoint(checkpoint)
    can_record = can_record_employment(request.user)
    rows = selectors.group_table_rows(group, checkpoint)
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    formset = group_formset(rows, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        payload = [
            {"student": student, **form.service_fields()}
            for (student, _record), form in zip(rows, formset.forms, strict=True)
        ]
        try:
            created, updated = services.group_records_save(
                group=group, checkpoint=checkpoint, rows=payload, recorded_by=request.user
            )
        except ValidationError as error:
            for index, errors in (error.params or {}).get("rows", {}).items():
                add_service_errors(formset.forms[index], errors)
            messages.error(request, _("Some rows have errors; nothing was saved."))
        else:
            messages.success(
                request,
                _("Statuses saved: %(created)d added, %(updated)d updated.") % {"created": created, "updated": updated},
            )
            return redirect("monitoring:employment_group_table", pk=group.pk, checkpoint=checkpoint.value)
    elif request.method == "POST":
        messages.error(request, _("Some rows have errors; nothing was saved."))
    return render(
        request,
        "monitoring/employment/group_table.html",
        {
            "group": group,
            "checkpoint": checkpoint,
            "checkpoints": Checkpoint,
            "due_on": checkpoint_due_date(group.graduation_year, checkpoint),
            "is_due": checkpoint_due_date(group.graduation_year, checkpoint) <= timezone.localdate(),
            "rows": list(zip(rows, formset.forms, strict=True)),
            "formset": formset,
            "can_record": can_record,
            "employer_list_id": EMPLOYER_LIST_ID,
        },
    )


@staff_required
def graduate_detail(request, pk):
    student = selectors.get_graduate_for(request.user, pk)
    records = {
        record.checkpoint: record
        for record in selectors.employment_records_visible_to(request.user).filter(student=student)
    }
    checkpoints = [
        {
            "checkpoint": checkpoint,
            "due_on": checkpoint_due_date(student.group.graduation_year, checkpoint),
            "record": records.get(checkpoint.value),
        }
        for checkpoint in Checkpoint
    ]
    return render(
        request,
        "monitoring/employment/graduate_detail.html",
        {
            "student": student,
            "checkpoints": checkpoints,
            "today": timezone.localdate(),
            "can_record": can_record_employment(request.user),
        },
    )


@staff_with(can_record_employment)
def record_edit(request, pk, checkpoint):
    student = selectors.get_graduate_for(request.user, pk)
    checkpoint = selectors.check_checkpoint(checkpoint)
    record = (
        selectors.employment_records_visible_to(request.user).filter(student=student, checkpoint=checkpoint).first()
    )
    form = EmploymentRecordForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_record_save(
                student=student, checkpoint=checkpoint, recorded_by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Status saved."))
            return redirect_back(request, reverse("monitoring:employment_graduate_detail", args=[student.pk]))
    return render(
        request,
        "monitoring/employment/record_form.html",
        {
            "form": form,
            "student": student,
            "checkpoint": checkpoint,
            "record": record,
            "due_on": checkpoint_due_date(student.group.graduation_year, checkpoint),
            "employer_list_id": EMPLOYER_LIST_ID,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


# --- Import -----------------------------------------------------------------------------------------


@staff_with(can_record_employment)
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        employment_import = services.employment_import_create(
            uploaded=form.cleaned_data["file"], uploaded_by=request.user
        )
        return redirect("monitoring:employment_import_detail", pk=employment_import.pk)
    recent = selectors.employment_imports_visible_to(request.user).defer("rows", "errors")[:10]
    return render(
        request,
        "monitoring/employment/import_start.html",
        {"form": form, "recent": recent, "columns": services.COLUMNS},
    )


@staff_with(can_record_employment)
def import_detail(request, pk):
    employment_import = selectors.get_employment_import_for(request.user, pk)
    if request.method == "POST":
        try:
            done = services.employment_import_apply(employment_import=employment_import, applied_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("monitoring:employment_import_detail", pk=pk)
        messages.success(
            request,
            _("Import done: %(created)d statuses added, %(updated)d replaced.")
            % {"created": done.created_count, "updated": done.updated_count},
        )
        return redirect("monitoring:employment_import_detail", pk=pk)
    is_preview = employment_import.status == ImportStatus.PREVIEW
    return render(
        request,
        "monitoring/employment/import_detail.html",
        {
            "employment_import": employment_import,
            "plan": services.employment_import_plan(employment_import) if is_preview else None,
            "preview": employment_import.rows[:PREVIEW_ROWS],
            "statuses": dict(EmploymentStatus.choices),
            "form": ImportUploadForm(),
        },
    )


@staff_with(can_record_employment)
def import_template(request):
    rows = [
        [str(column.label) for column in services.COLUMNS],
        ["ТМ-21-1", "Иванов", "Пётр", "Сергеевич", 12, str(EmploymentStatus.EMPLOYED.label), "6673000000",
         "", "Оператор станков с ЧПУ", _("yes")],
        ["ТМ-21-1", "Смирнова", "Анна", "Викторовна", 12, str(EmploymentStatus.EMPLOYED.label), "",
         "ООО «Ромашка»", "Техник-технолог", _("no")],
        ["ТМ-21-1", "Кузнецов", "Илья", "Андреевич", 12, str(EmploymentStatus.MILITARY.label), "", "", "", ""],
    ]  # fmt: skip
    response = HttpResponse(tabular.xlsx_bytes(rows, sheet_title=_("Employment")), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="employment-template.xlsx"'
    return response


# --- Rates --------------------------------------------------------------------------------------


def _rates_context(request):
    form = RatesFilterForm(request.GET, years=selectors.graduation_years())
    years, specialty = form.years(), form.chosen_specialty()
    specialty_id = specialty.pk if specialty else None
    totals = selectors.employment_rates(graduation_years=years, specialty_id=specialty_id)
    rows = selectors.employment_rates_by_specialty(graduation_years=years, specialty_id=specialty_id)
    specialties = Specialty.objects.filter(pk__in={row.specialty_id for row in rows})
    names = {pk: f"{code} {name}" for pk, code, name in specialties.values_list("pk", "code", "name")}
    return {"form": form, "years": years, "specialty": specialty, "totals": totals, "rows": rows, "names": names}


def _number(value):
    return float(value) if value is not None else None


@staff_required
def rates(request):
    context = _rates_context(request)
    totals = context["totals"]
    context["chart"] = {
        "labels": [str(rates.graduation_year) for rates in totals],
        "values": [_number(rates.rate_1y) for rates in totals],
    }
    context["chart_2y"] = {
        "labels": [str(rates.graduation_year) for rates in totals],
        "values": [_number(rates.rate_2y) for rates in totals],
    }
    context["query"] = request.GET.urlencode()
    return render(request, "monitoring/employment/rates.html", context)


def _pct(value):
    return float(value) if value is not None else _("no data")


@staff_required
def rates_export(request):
    context = _rates_context(request)
    header = [_("Graduation year"), _("Specialty"), _("Graduates"), _("Known status at 12 months"),
              _("Continuing study"), _("Parental leave"), _("Employed within 1 year"), _("Employed within 1 year, %"),
              _("Known status at 24 months"), _("Employed within 2 years"), _("Employed within 2 years, %"),
              _("Working at 12 months"), _("At partners"), _("At partners, %"), _("In the specialty"),
              _("In the specialty, %")]  # fmt: skip

    def line(rates, name):
        return [rates.graduation_year, name, rates.graduates, rates.with_data, rates.studying, rates.parental_leave,
                rates.employed_1y, _pct(rates.rate_1y), rates.with_data_2y, rates.employed_2y, _pct(rates.rate_2y),
                rates.working_1y, rates.at_partners, _pct(rates.rate_at_partners), rates.in_specialty,
                _pct(rates.rate_in_specialty)]  # fmt: skip

    all_label = str(context["specialty"]) if context["specialty"] else _("All specialties")
    rows = [header]
    rows += [line(rates, context["names"].get(rates.specialty_id, "")) for rates in context["rows"]]
    rows += [line(rates, all_label) for rates in context["totals"]]
    response = HttpResponse(tabular.xlsx_bytes(rows, sheet_title=_("Employment rates")), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="employment-rates.xlsx"'
    return response


# --- Targeted training ---------------------------------------------------------------------------


@staff_required
def targeted(request):
    form = TargetedFilterForm(request.GET)
    obligations = selectors.targeted_graduates(request.user, today=timezone.localdate(), **form.filters())
    page_obj = paginate(request, obligations)
    return render(
        request,
        "monitoring/employment/targeted.html",
        {"form": form, "page_obj": page_obj, "filtered": _filtered(request)},
    )
