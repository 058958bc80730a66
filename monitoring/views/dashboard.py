"""Views: the home dashboards (by role: staff, teacher, employer) and the staff indicator dashboard with its XLSX export.

The home page lives here, in the app on top, because it reads every other app; the project base
only routes "/" to it.
"""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnership_portal.accounts.decorators import staff_required
from partnership_portal.accounts.permissions import is_college_staff, is_employer

from .. import dashboards
from ..forms.dashboard import IndicatorFilterForm
from ..indicators import Scope
from ..selectors import dashboard as selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def home(request):
    """Landing page for visitors, a dashboard for each role: teachers get their own, the other
    staff (administrators included) the staff dashboard, employers their organisation's."""
    user = request.user
    if dashboards.lands_on_teacher_dashboard(user):
        return render(request, "dashboard/teacher.html", dashboards.teacher_dashboard(user))
    if is_college_staff(user):
        return render(request, "dashboard/staff.html", dashboards.staff_dashboard(user))
    if is_employer(user):
        return render(request, "dashboard/employer.html", dashboards.employer_dashboard(user))
    return render(request, "dashboard/landing.html")


def _filtered(request):
    """The filter form (this year when none is chosen) and the (year, specialty_id) to show."""
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    form = IndicatorFilterForm(data)
    return form, *form.scope_arguments()


def _query(year, specialty_id):
    return urlencode({"year": year, **({"specialty": specialty_id} if specialty_id else {})})


@staff_required
@require_GET
def indicator_dashboard(request):
    form, year, specialty_id = _filtered(request)
    scope = Scope.year(year, specialty_id)
    refresh = request.GET.get("refresh") == "1"
    dashboard = selectors.cached_indicator_dashboard(year, specialty_id, refresh=refresh)
    specialty = form.cleaned_data.get("specialty")
    return render(
        request,
        "monitoring/dashboard/indicator_dashboard.html",
        {
            **dashboard,
            "form": form,
            "scope": scope,
            "specialty": specialty,
            "query": _query(year, specialty_id),
            "cache_minutes": selectors.CACHE_SECONDS // 60,
        },
    )


@staff_required
@require_GET
def indicator_export(request):
    _form, year, specialty_id = _filtered(request)
    scope = Scope.year(year, specialty_id)
    dashboard = selectors.indicator_dashboard(year, specialty_id)
    response = HttpResponse(selectors.indicators_xlsx(dashboard, scope_label=scope.label), content_type=XLSX)
    suffix = f"-{specialty_id}" if specialty_id else ""
    response["Content-Disposition"] = f'attachment; filename="indicators-{year}{suffix}.xlsx"'
    return response
