"""URLs of the monitoring app: each subject's patterns, under one namespace."""

from . import dashboard, demand, employment, feedback, reports, surveys

app_name = "monitoring"

urlpatterns = [
    *dashboard.urlpatterns,
    *demand.urlpatterns,
    *employment.urlpatterns,
    *feedback.urlpatterns,
    *surveys.urlpatterns,
    *reports.urlpatterns,
]
