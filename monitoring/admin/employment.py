"""Admin: employment."""

from django.contrib import admin

from ..models.employment import EmploymentImport, EmploymentRecord, EmploymentReminder


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(admin.ModelAdmin):
    list_display = ["student", "checkpoint", "status", "employer", "employer_name", "in_specialty", "recorded_at"]
    list_filter = ["checkpoint", "status", "in_specialty"]
    search_fields = ["student__last_name", "student__first_name", "employer__name", "employer_name", "post"]
    list_select_related = ["student", "employer"]
    raw_id_fields = ["student", "employer", "recorded_by"]
    date_hierarchy = "recorded_at"


@admin.register(EmploymentReminder)
class EmploymentReminderAdmin(admin.ModelAdmin):
    list_display = ["group", "checkpoint", "due_on", "sent_at", "recipients"]
    list_filter = ["checkpoint"]
    search_fields = ["group__name"]
    list_select_related = ["group"]
    raw_id_fields = ["group"]


@admin.register(EmploymentImport)
class EmploymentImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "created_at", "uploaded_by", "status", "created_count", "updated_count"]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name"]
    readonly_fields = ["rows", "errors"]
