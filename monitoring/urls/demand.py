"""URLs: hiring demand."""

from django.urls import path

from ..views import demand as views

urlpatterns = [
    path("demand/", views.declaration_list, name="demand_list"),
    path("demand/new/", views.declaration_create, name="demand_create"),
    path("demand/<int:pk>/edit/", views.declaration_edit, name="demand_edit"),
    path("demand/<int:pk>/delete/", views.declaration_delete, name="demand_delete"),
    path("demand/supply/", views.demand_supply, name="demand_supply"),
    path("demand/supply/export/", views.demand_supply_export, name="demand_supply_export"),
    path("demand/import/", views.import_start, name="demand_import_start"),
    path("demand/import/template/", views.import_template, name="demand_import_template"),
    path("demand/import/<int:pk>/", views.import_detail, name="demand_import_detail"),
]
