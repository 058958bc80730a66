"""Views: periodic reports. Staff list them, ask for one for any period, watch it being made (the
progress fragment htmx polls, as the contract batches do), download its PDF and XLSX, and choose
which scheduled reports they get by e-mail. Everyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors, paginate

from ..forms.reports import ReportFilterForm, ReportRequestForm, SubscriptionForm
from ..permissions.reports import can_request_report, can_subscribe_to_reports, can_view_reports
from ..selectors import reports as selectors
from ..services import reports as services

FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@staff_with(can_view_reports)
def report_list(request):
    form = ReportFilterForm(request.GET, years=selectors.report_years(request.user))
    reports = selectors.report_list(request.user, **form.filters())
    return render(
        request,
        "monitoring/reports/report_list.html",
        {
            "form": form,
            "page_obj": paginate(request, reports),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_request": can_request_report(request.user),
            "subscribed": selectors.subscribed_kinds(request.user),
        },
    )


@staff_with(can_request_report)
@submit_once
def report_create(request):
    form = ReportRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(requested_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is queued; this page shows how it is being made."))
            return redirect("monitoring:report_detail", pk=report.pk)
    return render(request, "monitoring/reports/report_form.html", {"form": form})


@staff_with(can_view_reports)
def report_detail(request, pk):
    report = selectors.get_report_for(request.user, pk)
    sections = [section["title"] for section in (report.snapshot or {}).get("sections", [])]
    return render(
        request,
        "monitoring/reports/report_detail.html",
        {"report": report, "sections": sections, "can_request": can_request_report(request.user)},
    )


@staff_with(can_view_reports)
def report_progress(request, pk):
    """The progress fragment htmx polls; once the report is ready or failed it comes without its
    trigger, which stops the polling."""
    report = selectors.get_report_for(request.user, pk)
    return render(
        request,
        "monitoring/reports/_report_progress.html",
        {"report": report, "can_request": can_request_report(request.user)},
    )


@staff_with(can_view_reports)
def report_download(request, pk, fmt):
    """The report's PDF or XLSX, only once it is ready (404 before, and to anyone but staff)."""
    if fmt not in FORMATS:
        raise Http404
    report = selectors.get_report_for(request.user, pk)
    field_name, content_type = FORMATS[fmt]
    stored = getattr(report, field_name)
    if not report.is_ready or not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{services.file_stem(report)}.{fmt}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_with(can_request_report)
@require_POST
def report_retry(request, pk):
    report = selectors.get_report_for(request.user, pk)
    try:
        services.report_retry(report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is queued again."))
    return redirect("monitoring:report_detail", pk=report.pk)


@staff_with(can_subscribe_to_reports)
def report_subscriptions(request):
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            services.subscriptions_set(user=request.user, kinds=form.cleaned_data["kinds"])
            messages.success(request, _("Your subscriptions are saved."))
            return redirect("monitoring:report_list")
    else:
        form = SubscriptionForm(initial={"kinds": sorted(selectors.subscribed_kinds(request.user))})
    return render(request, "monitoring/reports/subscriptions.html", {"form": form})
