"""Admin: surveys (read-mostly: building and sending happen on the portal's pages)."""

from django.contrib import admin

from partnership_portal.admin_inlines import LabelledTabularInline

from ..models.surveys import Campaign, Question, Survey


class QuestionInline(LabelledTabularInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text", "options", "required"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "is_template", "template_key", "created_at"]
    list_filter = ["is_template"]
    search_fields = ["title"]
    inlines = [QuestionInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Recipients and answers are not shown here: an anonymous campaign's answers must not be
    browsable next to the list of who was asked."""

    list_display = ["title", "survey", "audience", "anonymous", "state", "closes_on", "opened_at"]
    list_filter = ["state", "audience", "anonymous"]
    search_fields = ["title", "survey__title"]
    readonly_fields = ["state", "opened_at", "closed_at"]
    raw_id_fields = ["groups", "partners"]
    list_select_related = ["survey"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_draft:
            fields += ["survey", "audience", "anonymous", "groups", "graduation_year", "partners"]
        return fields


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Questions are edited with their survey (the inline above); this list finds them across surveys."""

    list_display = ["text", "survey", "kind", "order", "required"]
    list_filter = ["kind", "required", "survey__is_template"]
    search_fields = ["text", "survey__title"]
    list_select_related = ["survey"]
