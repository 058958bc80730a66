"""URLs: the indicator dashboard (the home page "/" is routed by the project's urls.py)."""

from django.urls import path

from ..views import dashboard as views

urlpatterns = [
    path("", views.indicator_dashboard, name="dashboard"),
    path("indicators/export/", views.indicator_export, name="dashboard_export"),
]
