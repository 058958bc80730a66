"""Views: partners' contributions, co-financed development programmes and the yearly totals.

Staff see everything and managers record; an employer sees its own organisation's
contributions (another organisation's contribution is a 404). Programmes and totals are staff
pages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnership_portal.accounts.decorators import login_required, staff_required, staff_with
from partnership_portal.accounts.permissions import is_college_staff
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors, paginate

from ..forms.contributions import ContributionFilterForm, ContributionForm, ProgrammeForm
from ..permissions import can_manage_contributions
from ..selectors import contributions as selectors
from ..services import contributions as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def contribution_list(request):
    staff = is_college_staff(request.user)
    form = ContributionFilterForm(request.GET, years=selectors.contribution_years(request.user), with_partner=staff)
    contributions = selectors.contribution_list(request.user, **form.filters())
    return render(
        request,
        "events/contributions/contribution_list.html",
        {
            "form": form,
            "page_obj": paginate(request, contributions),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_manage": can_manage_contributions(request.user),
        },
    )


@login_required
def contribution_detail(request, pk):
    contribution = selectors.get_contribution_for(request.user, pk)
    return render(
        request,
        "events/contributions/contribution_detail.html",
        {"contribution": contribution, "can_manage": can_manage_contributions(request.user)},
    )


def _render_form(request, form, context):
    template = (
        "events/contributions/_contribution_form.html"
        if request.htmx
        else "events/contributions/contribution_form.html"
    )
    return render(request, template, {"form": form, **context})


def _initial(request, names):
    return {name: request.GET[name] for name in names if request.GET.get(name)}


@staff_with(can_manage_contributions)
@submit_once
def contribution_create(request):
    refresh_url = reverse("events:contribution_create")
    if request.method == "POST":
        form = ContributionForm(request.POST)
    else:
        form = ContributionForm(initial=_initial(request, ContributionForm.Meta.fields))
    form.enable_refresh(refresh_url)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.contribution_create(created_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contribution recorded."))
            return redirect("events:contribution_detail", pk=contribution.pk)
    return _render_form(request, form, {"refresh_url": refresh_url})


@staff_with(can_manage_contributions)
def contribution_edit(request, pk):
    contribution = selectors.get_contribution_for(request.user, pk)
    refresh_url = reverse("events:contribution_edit", args=[contribution.pk])
    if request.method == "POST":
        form = ContributionForm(request.POST, instance=contribution)
    else:
        form = ContributionForm(instance=contribution, initial=_initial(request, ContributionForm.Meta.fields))
    form.enable_refresh(refresh_url)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_update(contribution=contribution, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("events:contribution_detail", pk=contribution.pk)
    return _render_form(request, form, {"refresh_url": refresh_url, "contribution": contribution})


@staff_required
def contribution_totals(request):
    totals = selectors.contribution_totals(request.user)
    return render(
        request,
        "events/contributions/contribution_totals.html",
        {**totals, "chart": selectors.yearly_chart(totals["by_kind"])},
    )


@require_GET
@staff_required
def contribution_totals_export(request):
    totals = selectors.contribution_totals(request.user, limit=None)
    response = HttpResponse(selectors.totals_xlsx(request.user, totals), content_type=XLSX)
    filename = f"contributions-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Programmes -------------------------------------------------------------------------------


def _with_share(programme):
    programme.share = selectors.share_covered(programme.covered, programme.budget)
    return programme


@staff_required
def programme_list(request):
    page_obj = paginate(request, selectors.programmes_visible_to(request.user))
    for programme in page_obj:
        _with_share(programme)
    return render(
        request,
        "events/contributions/programme_list.html",
        {"page_obj": page_obj, "can_manage": can_manage_contributions(request.user)},
    )


@staff_required
def programme_detail(request, pk):
    programme = _with_share(selectors.get_programme_for(request.user, pk))
    contributions = selectors.contributions_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "events/contributions/programme_detail.html",
        {
            "programme": programme,
            "contributions": contributions.order_by("-date", "-pk"),
            "can_manage": can_manage_contributions(request.user),
        },
    )


@staff_with(can_manage_contributions)
@submit_once
def programme_create(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme added."))
            return redirect("events:programme_detail", pk=programme.pk)
    return render(request, "events/contributions/programme_form.html", {"form": form})


@staff_with(can_manage_contributions)
def programme_edit(request, pk):
    programme = selectors.get_programme_for(request.user, pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("events:programme_detail", pk=programme.pk)
    return render(request, "events/contributions/programme_form.html", {"form": form, "programme": programme})


urlpatterns = [
    path("contributions/", contribution_list, name="contribution_list"),
    path("contributions/new/", contribution_create, name="contribution_create"),
    path("contributions/totals/", contribution_totals, name="contribution_totals"),
    path("contributions/totals/export/", contribution_totals_export, name="contribution_totals_export"),
    path("contributions/<int:pk>/", contribution_detail, name="contribution_detail"),
    path("contributions/<int:pk>/edit/", contribution_edit, name="contribution_edit"),
    path("programmes/", programme_list, name="programme_list"),
    path("programmes/new/", programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programme_edit, name="programme_edit"),
]
