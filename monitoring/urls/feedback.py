"""URLs: employers' feedback on the programmes."""

from django.urls import path

from ..views import feedback as views

urlpatterns = [
    path("feedback/requirements/", views.requirement_list, name="requirement_list"),
    path("feedback/requirements/new/", views.requirement_create, name="requirement_create"),
    path("feedback/requirements/<int:pk>/", views.requirement_detail, name="requirement_detail"),
    path("feedback/requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path("feedback/requirements/<int:pk>/decide/", views.requirement_decide, name="requirement_decide"),
    path("feedback/competences/", views.competence_list, name="competence_list"),
    path("feedback/competences/new/", views.competence_create, name="competence_create"),
    path("feedback/competences/<int:pk>/edit/", views.competence_edit, name="competence_edit"),
    path("feedback/ratings/", views.rating_list, name="rating_list"),
    path("feedback/ratings/<int:pk>/", views.rating_form, name="rating_form"),
    path("feedback/specialties/", views.specialty_list, name="feedback_specialty_list"),
    path("feedback/specialties/<int:pk>/", views.specialty_detail, name="feedback_specialty_detail"),
]
