"""URLs: graduate employment (staff only)."""

from django.urls import path

from ..views import autocomplete
from ..views import employment as views

urlpatterns = [
    path("employment/", views.group_list, name="employment_group_list"),
    path("employment/groups/<int:pk>/<int:checkpoint>/", views.group_table, name="employment_group_table"),
    path("employment/graduates/<int:pk>/", views.graduate_detail, name="employment_graduate_detail"),
    path("employment/graduates/<int:pk>/<int:checkpoint>/", views.record_edit, name="employment_record_edit"),
    path("employment/import/", views.import_start, name="employment_import_start"),
    path("employment/import/template.xlsx", views.import_template, name="employment_import_template"),
    path("employment/import/<int:pk>/", views.import_detail, name="employment_import_detail"),
    path("employment/rates/", views.rates, name="employment_rates"),
    path("employment/rates/export.xlsx", views.rates_export, name="employment_rates_export"),
    path("employment/targeted/", views.targeted, name="employment_targeted"),
    path("employment/employers/", autocomplete.employer_suggest, name="employment_employer_suggest"),
]
