from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from partnership_portal.admin_inlines import LabelledTabularInline

from .models import ChangeRequest, College, Contact, Interaction, Invitation, Partner, PartnerImport, Specialty


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "qualification"]
    search_fields = ["code", "name", "qualification"]
    list_filter = ["code"]


class ContactInline(LabelledTabularInline):
    model = Contact
    extra = 0
    fields = ["last_name", "first_name", "middle_name", "position", "email", "phone", "is_signatory", "is_active"]
    show_change_link = True


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "inn", "type", "status", "last_activity_on", "created_at"]
    search_fields = ["name", "short_name", "inn", "search_text"]
    list_filter = ["type", "status", "specialties"]
    list_select_related = []
    filter_horizontal = ["specialties"]
    readonly_fields = ["last_activity_on", "created_at", "updated_at"]
    inlines = [ContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "partner",
        "position",
        "email",
        "is_signatory",
        "is_thesis_reviewer",
        "user",
        "is_active",
    ]
    search_fields = ["last_name", "first_name", "email", "partner__name", "partner__inn"]
    list_filter = ["is_active", "is_signatory", "is_hr", "is_practice_supervisor", "is_thesis_reviewer"]
    list_select_related = ["partner", "user"]
    autocomplete_fields = ["partner", "user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "contact", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "contact__last_name", "contact__partner__name"]
    list_filter = ["created_at", "accepted_at"]
    list_select_related = ["contact", "contact__partner"]
    raw_id_fields = ["contact", "invited_by"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["partner", "status", "requested_by", "created_at", "decided_by", "decided_at"]
    search_fields = ["partner__name", "partner__inn"]
    list_filter = ["status", "created_at"]
    list_select_related = ["partner", "requested_by", "decided_by"]
    raw_id_fields = ["partner", "requested_by", "decided_by"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "partner", "author", "follow_up_due", "follow_up_owner", "follow_up_done_at"]
    search_fields = ["summary", "partner__name", "partner__inn"]
    list_filter = ["kind", "date", "follow_up_done_at"]
    list_select_related = ["partner", "author", "follow_up_owner"]
    raw_id_fields = ["partner", "contact", "author", "follow_up_owner"]
    date_hierarchy = "date"


@admin.register(PartnerImport)
class PartnerImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "uploaded_by", "created_at", "created_count", "updated_count"]
    search_fields = ["file_name"]
    list_filter = ["status", "created_at"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["rows", "errors"]


@admin.register(College)
class CollegeAdmin(admin.ModelAdmin):
    list_display = ["short_name", "inn", "director_name"]
    search_fields = ["name", "short_name", "inn"]
    list_filter = ["city"]

    def has_add_permission(self, request):
        # One college: its row is created on first use and then edited.
        return not College.objects.exists()
