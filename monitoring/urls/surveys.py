"""URLs: surveys (staff builder, campaigns and results; the public answer page by personal link)."""

from django.urls import path

from ..views import surveys as views

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/templates/install/", views.survey_templates_install, name="survey_templates_install"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/copy/", views.survey_copy, name="survey_copy"),
    path("surveys/<int:pk>/delete/", views.survey_delete, name="survey_delete"),
    path("surveys/<int:survey_pk>/campaigns/new/", views.survey_campaign_create, name="survey_campaign_create"),
    path("surveys/campaigns/", views.survey_campaign_list, name="survey_campaign_list"),
    path("surveys/campaigns/<int:pk>/", views.survey_campaign_detail, name="survey_campaign_detail"),
    path("surveys/campaigns/<int:pk>/edit/", views.survey_campaign_edit, name="survey_campaign_edit"),
    path("surveys/campaigns/<int:pk>/open/", views.survey_campaign_open, name="survey_campaign_open"),
    path("surveys/campaigns/<int:pk>/close/", views.survey_campaign_close, name="survey_campaign_close"),
    path("surveys/campaigns/<int:pk>/delete/", views.survey_campaign_delete, name="survey_campaign_delete"),
    path("surveys/campaigns/<int:pk>/links.csv", views.survey_campaign_links_csv, name="survey_campaign_links_csv"),
    path("surveys/campaigns/<int:pk>/results/", views.survey_campaign_results, name="survey_campaign_results"),
    path(
        "surveys/campaigns/<int:pk>/results.xlsx",
        views.survey_campaign_results_xlsx,
        name="survey_campaign_results_xlsx",
    ),
    path("surveys/mine/", views.survey_mine, name="survey_mine"),
    path("s/<str:token>/", views.survey_answer, name="survey_answer"),
]
