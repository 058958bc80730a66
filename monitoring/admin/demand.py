"""Admin: hiring demand."""

from django.contrib import admin

from ..models import DemandDeclaration, DemandImport


@admin.register(DemandDeclaration)
class DemandDeclarationAdmin(admin.ModelAdmin):
    list_display = ["specialty", "year", "people", "partner", "employer_name", "source", "created_at"]
    list_filter = ["source", "year", "housing", "targeted_training"]
    search_fields = ["specialty__code", "partner__name", "employer_name", "source_name", "comment", "offer_number"]
    list_select_related = ["specialty", "partner"]
    raw_id_fields = ["specialty", "partner", "created_by", "imported_from"]


@admin.register(DemandImport)
class DemandImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "uploaded_by", "created_at", "created_count"]
    search_fields = ["file_name"]
    list_filter = ["status", "created_at"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["rows", "errors"]
