"""Reads of periodic reports. Staff see every report; anyone else sees none (a 404)."""

from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from ..models import Report, ReportSubscription
from ..permissions.reports import can_view_reports


def reports_visible_to(user):
    reports = Report.objects.select_related("specialty", "requested_by")
    return reports if can_view_reports(user) else reports.none()


def get_report_for(user, pk):
    return get_object_or_404(reports_visible_to(user), pk=pk)


def report_list(user, *, kind="", year=None):
    """The reports for the list page, newest period first; the snapshot (the largest column) is
    not read."""
    reports = reports_visible_to(user).defer("snapshot")
    if kind:
        reports = reports.filter(kind=kind)
    if year:
        # A report belongs to every year its period touches.
        reports = reports.filter(start_date__year__lte=year, end_date__year__gte=year)
    return reports.order_by("-start_date", "-end_date", "-created_at", "-pk")


def report_years(user):
    """The years the user's reports cover (where a period starts or ends), newest first, for the
    year filter."""
    reports = reports_visible_to(user).order_by()
    years = set()
    for field in ("start_date", "end_date"):
        years |= set(reports.annotate(year=ExtractYear(field)).values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def subscribed_kinds(user):
    return set(ReportSubscription.objects.filter(user=user).values_list("kind", flat=True))
