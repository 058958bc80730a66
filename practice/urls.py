from django.urls import path

from .views import autocomplete, evaluations, imports, internships, offers, periods, placements, reference, theses

app_name = "practice"

urlpatterns = [
    # College reference data (staff)
    path("groups/", reference.group_list, name="group_list"),
    path("groups/<int:pk>/", reference.group_detail, name="group_detail"),
    path("groups/autocomplete/", autocomplete.group_autocomplete, name="group_autocomplete"),
    path("students/<int:pk>/", reference.student_detail, name="student_detail"),
    path("students/autocomplete/", autocomplete.student_autocomplete, name="student_autocomplete"),
    path("teachers/", reference.teacher_list, name="teacher_list"),
    path("teachers/autocomplete/", autocomplete.teacher_autocomplete, name="teacher_autocomplete"),
    path("import/", imports.import_start, name="import_start"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_detail, name="import_detail"),
    # Practice periods and placements
    path("periods/", periods.period_list, name="period_list"),
    path("periods/new/", periods.period_create, name="period_create"),
    path("periods/<int:pk>/", periods.period_detail, name="period_detail"),
    path("periods/<int:pk>/edit/", periods.period_edit, name="period_edit"),
    path("periods/<int:pk>/place/", placements.bulk_place, name="bulk_place"),
    path("periods/<int:period_pk>/placements/new/", placements.placement_create, name="placement_create"),
    path("placements/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/edit/", placements.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/state/", placements.placement_transition, name="placement_transition"),
    path("my-students/", placements.employer_placements, name="employer_placements"),
    # Offers of practice and internship places
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/new/", offers.offer_create, name="offer_create"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/submit/", offers.offer_submit, name="offer_submit"),
    path("offers/<int:pk>/publish/", offers.offer_publish, name="offer_publish"),
    path("offers/<int:pk>/close/", offers.offer_close, name="offer_close"),
    # Evaluation sheets
    path("placements/<int:pk>/evaluation/", evaluations.evaluation_form, name="evaluation_form"),
    path("placements/<int:pk>/evaluation.pdf", evaluations.evaluation_pdf, name="evaluation_pdf"),
    # Theses and reviews
    path("theses/", theses.thesis_list, name="thesis_list"),
    path("theses/new/", theses.thesis_create, name="thesis_create"),
    path("theses/<int:pk>/", theses.thesis_detail, name="thesis_detail"),
    path("theses/<int:pk>/edit/", theses.thesis_edit, name="thesis_edit"),
    path("theses/<int:pk>/file/", theses.thesis_file, name="thesis_file"),
    path("theses/<int:pk>/review/", theses.review_form, name="review_form"),
    path("theses/<int:pk>/review.pdf", theses.review_pdf, name="review_pdf"),
    # Teacher internships
    path("internships/", internships.internship_list, name="internship_list"),
    path("internships/new/", internships.internship_create, name="internship_create"),
    path("internships/<int:pk>/edit/", internships.internship_edit, name="internship_edit"),
    path("internships/<int:pk>/document/", internships.internship_document, name="internship_document"),
]
