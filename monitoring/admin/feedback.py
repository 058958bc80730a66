"""Admin: employers' feedback on the programmes."""

from django.contrib import admin

from ..models import Competence, CompetenceRating, Requirement


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["name", "specialty", "is_active"]
    list_filter = ["is_active", "specialty"]
    search_fields = ["name"]
    list_select_related = ["specialty"]


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partner", "specialty", "kind", "status", "programme_year", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["text", "justification", "partner__name"]
    list_select_related = ["partner", "specialty"]
    raw_id_fields = ["partner", "submitted_by", "decided_by"]
    readonly_fields = ["created_at", "updated_at", "decided_at", "notified_at"]


@admin.register(CompetenceRating)
class CompetenceRatingAdmin(admin.ModelAdmin):
    list_display = ["competence", "score", "placement", "rated_by", "updated_at"]
    list_filter = ["score"]
    search_fields = ["competence__name", "comment"]
    list_select_related = ["competence", "placement__student", "placement__partner", "rated_by"]
    raw_id_fields = ["placement", "competence", "rated_by"]
