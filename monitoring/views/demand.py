"""Views of hiring demand.

An employer lists, declares, edits and withdraws its own organisation's needs (another
organisation's declaration is a 404); staff see every declaration, record demand from other
sources, import the employment centre's vacancy data and compare demand with the graduates the
current groups are expected to give.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partners.forms import ImportUploadForm
from partnership_portal import tabular
from partnership_portal.accounts.decorators import login_required, staff_required
from partnership_portal.idempotency import submit_once
from partnership_portal.models import ImportStatus
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors, redirect_back

from ..forms.demand import DeclarationFilterForm, DeclarationForm, SupplyFilterForm
from ..models import DemandSource
from ..permissions.demand import can_declare_demand, can_edit_declaration, can_manage_demand
from ..selectors import demand as selectors
from ..services import demand as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 50


def _require_declarer(user):
    if not can_declare_demand(user):
        raise Http404


@login_required
def declaration_list(request):
    _require_declarer(request.user)
    staff = can_manage_demand(request.user)
    form = DeclarationFilterForm(request.GET, staff=staff)
    filters = form.filters()
    declarations = selectors.declaration_list(request.user, **filters)
    page_obj = paginate_lean(request, declarations, searched=bool(filters.get("query")))
    for declaration in page_obj:
        declaration.editable = can_edit_declaration(request.user, declaration)
    return render(
        request,
        "monitoring/demand/declaration_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "staff": staff,
        },
    )


@login_required
@submit_once
def declaration_create(request):
    user = request.user
    _require_declarer(user)
    staff = can_manage_demand(user)
    initial = {}
    if staff and request.GET.get("partner", "").isdigit():  # from the partner card
        initial = {"partner": int(request.GET["partner"]), "source": DemandSource.PARTNER}
    form = DeclarationForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if not staff:
            fields.update(partner=user.partner, source=DemandSource.PARTNER)
        try:
            services.declaration_create(created_by=user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Demand recorded."))
            return redirect("monitoring:demand_list")
    return render(request, "monitoring/demand/declaration_form.html", {"form": form, "staff": staff})


@login_required
def declaration_edit(request, pk):
    declaration = selectors.get_declaration_for(request.user, pk)
    if not can_edit_declaration(request.user, declaration):
        raise PermissionDenied
    staff = can_manage_demand(request.user)
    form = DeclarationForm(request.POST or None, instance=declaration, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_update(declaration=declaration, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("monitoring:demand_list")
    return render(
        request,
        "monitoring/demand/declaration_form.html",
        {"form": form, "staff": staff, "declaration": declaration},
    )


@login_required
@require_POST
def declaration_delete(request, pk):
    declaration = selectors.get_declaration_for(request.user, pk)
    if not can_edit_declaration(request.user, declaration):
        raise PermissionDenied
    services.declaration_delete(declaration=declaration)
    messages.success(request, _("The demand declaration is deleted."))
    return redirect_back(request, reverse("monitoring:demand_list"))


# --- Demand against supply ----------------------------------------------------------------------


def default_years():
    year = timezone.localdate().year
    return year, year + 4


@staff_required
def demand_supply(request):
    form = SupplyFilterForm(request.GET or None, default_years=default_years())
    years = form.years()
    specialty = form.chosen_specialty()
    rows = selectors.demand_vs_supply(years=years, specialty_id=specialty.pk if specialty else None)
    totals = selectors.demand_totals_by_year(rows)
    chart = {
        "labels": [str(year) for year in years],
        "datasets": [
            {"label": _("Demand"), "data": [totals.get(year, (0, 0))[0] for year in years]},
            {"label": _("Expected graduates"), "data": [totals.get(year, (0, 0))[1] for year in years]},
        ],
    }
    return render(
        request,
        "monitoring/demand/demand_supply.html",
        {
            "form": form,
            "years": years,
            "rows": rows,
            "totals": [(year, d, s, d - s) for year in years for d, s in [totals.get(year, (0, 0))]],
            "chart": chart,
            "specialty": specialty,
        },
    )


@require_GET
@staff_required
def demand_supply_export(request):
    """The demand-vs-supply table of the page, with the same filters, as XLSX."""
    form = SupplyFilterForm(request.GET or None, default_years=default_years())
    specialty = form.chosen_specialty()
    rows = selectors.demand_vs_supply(years=form.years(), specialty_id=specialty.pk if specialty else None)
    table = [[_("Specialty"), _("Year"), _("Demand"), _("Expected graduates"), _("Demand minus graduates")]]
    table += [[row.specialty_label, row.year, row.demand, row.supply, row.gap] for row in rows]
    response = HttpResponse(tabular.xlsx_bytes(table, sheet_title=_("Demand")), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="demand-supply-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response


# --- Import -------------------------------------------------------------------------------------


@staff_required
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        demand_import = services.import_create(uploaded=form.cleaned_data["file"], uploaded_by=request.user)
        return redirect("monitoring:demand_import_detail", pk=demand_import.pk)
    recent = selectors.imports_visible_to(request.user).defer("rows", "errors")[:10]
    return render(
        request,
        "monitoring/demand/import_start.html",
        {"form": form, "recent": recent, "columns": services.COLUMNS, "year_bounds": services.year_bounds()},
    )


@staff_required
def import_detail(request, pk):
    demand_import = selectors.get_import_for(request.user, pk)
    if request.method == "POST":
        try:
            done = services.import_apply(demand_import=demand_import, applied_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("monitoring:demand_import_detail", pk=pk)
        messages.success(request, _("Import done: %(count)d demand rows added.") % {"count": done.created_count})
        return redirect("monitoring:demand_list")
    return render(
        request,
        "monitoring/demand/import_detail.html",
        {
            "demand_import": demand_import,
            "preview": demand_import.rows[:PREVIEW_ROWS],
            "people": sum(row["values"]["people"] for row in demand_import.rows),
            "form": ImportUploadForm(),
            "is_preview": demand_import.status == ImportStatus.PREVIEW,
        },
    )


@staff_required
def import_template(request):
    year = timezone.localdate().year
    rows = [
        [str(column.label) for column in services.COLUMNS],
        ["15.02.16", year + 1, 4, 55000, 70000, "ООО «Уральский станкостроительный завод»", "Операторы станков с ЧПУ"],
        ["08.02.09", year + 1, 2, 60000, "", "АО «Екатеринбургская электросетевая компания»", ""],
    ]
    response = HttpResponse(tabular.xlsx_bytes(rows, sheet_title=_("Demand")), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="demand-template.xlsx"'
    return response
