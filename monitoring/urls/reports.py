"""URLs: periodic reports (staff only)."""

from django.urls import path, re_path

from ..views import reports

urlpatterns = [
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/subscriptions/", reports.report_subscriptions, name="report_subscriptions"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/progress/", reports.report_progress, name="report_progress"),
    path("reports/<int:pk>/retry/", reports.report_retry, name="report_retry"),
    re_path(r"^reports/(?P<pk>[0-9]+)/(?P<fmt>pdf|xlsx)/$", reports.report_download, name="report_download"),
]
