from django.contrib import admin

from .models import (
    Evaluation,
    Offer,
    Placement,
    PracticePeriod,
    Review,
    Student,
    StudentDataAccess,
    StudentImport,
    StudyGroup,
    Teacher,
    TeacherInternship,
    Thesis,
)


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "specialty", "admission_year", "graduation_year"]
    search_fields = ["name", "specialty__code", "specialty__name"]
    list_filter = ["graduation_year", "specialty"]
    list_select_related = ["specialty"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "status", "birth_date"]
    search_fields = ["last_name", "first_name", "email", "group__name"]
    list_filter = ["status", "group__graduation_year"]
    list_select_related = ["group"]
    raw_id_fields = ["group"]


@admin.register(Teacher)
class TeacherAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "email", "is_active"]
    search_fields = ["last_name", "first_name", "email"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(PracticePeriod)
class PracticePeriodAdmin(admin.ModelAdmin):
    list_display = ["group", "kind", "start_date", "end_date", "hours", "college_supervisor"]
    search_fields = ["group__name", "module"]
    list_filter = ["kind", "start_date"]
    list_select_related = ["group", "college_supervisor"]
    raw_id_fields = ["group", "college_supervisor"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "partner", "specialty", "places", "start_date", "end_date", "status"]
    search_fields = ["title", "partner__name", "partner__inn"]
    list_filter = ["status", "is_paid", "specialty"]
    list_select_related = ["partner", "specialty"]
    raw_id_fields = ["partner", "contact", "created_by"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["student", "partner", "period", "start_date", "end_date", "state"]
    search_fields = ["student__last_name", "partner__name", "partner__inn"]
    list_filter = ["state", "period__kind"]
    list_select_related = ["student", "partner", "period__group"]
    raw_id_fields = ["student", "period", "partner", "offer", "employer_supervisor", "college_supervisor"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["placement", "grade", "status", "submitted_at"]
    search_fields = ["placement__student__last_name", "placement__partner__name"]
    list_filter = ["status", "grade"]
    list_select_related = ["placement__student", "placement__partner", "placement__period__group"]
    raw_id_fields = ["placement", "submitted_by"]
    readonly_fields = ["snapshot"]


@admin.register(Thesis)
class ThesisAdmin(admin.ModelAdmin):
    list_display = ["student", "topic", "reviewer", "review_due", "defence_date"]
    search_fields = ["topic", "student__last_name", "reviewer__last_name"]
    list_filter = ["review_due", "defence_date"]
    list_select_related = ["student", "reviewer"]
    raw_id_fields = ["student", "supervisor", "ordered_by", "reviewer"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["thesis", "reviewer", "grade", "status", "submitted_at"]
    search_fields = ["thesis__topic", "thesis__student__last_name", "reviewer__last_name"]
    list_filter = ["status", "grade", "recommended_for_production"]
    list_select_related = ["thesis__student", "reviewer"]
    raw_id_fields = ["thesis", "reviewer"]
    readonly_fields = ["snapshot"]


@admin.register(TeacherInternship)
class TeacherInternshipAdmin(admin.ModelAdmin):
    list_display = ["teacher", "partner", "start_date", "end_date", "hours"]
    search_fields = ["teacher__last_name", "partner__name", "topic"]
    list_filter = ["start_date"]
    list_select_related = ["teacher", "partner"]
    raw_id_fields = ["teacher", "partner"]


@admin.register(StudentDataAccess)
class StudentDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "student", "detail"]
    search_fields = ["user__email", "student__last_name", "detail"]
    list_filter = ["action", "at"]
    list_select_related = ["user", "student"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StudentImport)
class StudentImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "uploaded_by", "created_at", "created_count", "updated_count"]
    search_fields = ["file_name"]
    list_filter = ["status", "created_at"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["rows", "errors"]
