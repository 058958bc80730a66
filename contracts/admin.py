from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnership_portal.admin_inlines import LabelledTabularInline

from .models import (
    ClauseText,
    Contract,
    ContractBatch,
    ContractState,
    NumberCounter,
    NumberPattern,
    Signature,
    TargetedObligation,
)


class SignatureInline(LabelledTabularInline):
    model = Signature
    extra = 0
    fields = ["party", "signer_name", "signed_on", "kind", "file"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "type", "partner", "state", "signed_on", "start_date", "end_date"]
    search_fields = ["number", "partner__name", "partner__inn", "student__last_name"]
    list_filter = ["type", "state", "year"]
    list_select_related = ["partner"]
    raw_id_fields = ["partner", "partner_signatory", "student", "placement", "parent", "batch", "created_by"]
    filter_horizontal = ["placements"]
    readonly_fields = ["number", "year", "seq", "snapshot_hash", "pdf_hash", "render_count"]
    inlines = [SignatureInline]

    def has_delete_permission(self, request, obj=None):
        # A contract that left the draft keeps its number for good: terminate it instead.
        return super().has_delete_permission(request, obj) and (obj is None or obj.state == ContractState.DRAFT)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["contract", "party", "signer_name", "signed_on", "kind"]
    search_fields = ["contract__number", "signer_name"]
    list_filter = ["party", "kind"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract", "recorded_by"]


@admin.register(NumberPattern)
class NumberPatternAdmin(admin.ModelAdmin):
    list_display = ["type", "pattern"]
    search_fields = ["pattern"]
    list_filter = ["type"]


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ["type", "year", "last"]
    search_fields = ["type"]
    list_filter = ["type", "year"]
    readonly_fields = ["type", "year", "last"]

    def has_add_permission(self, request):
        return False  # counters are kept by the portal; editing one would break the numbering


@admin.register(ClauseText)
class ClauseTextAdmin(admin.ModelAdmin):
    list_display = ["type", "key", "title", "order"]
    search_fields = ["title", "text", "key"]
    list_filter = ["type"]


@admin.register(ContractBatch)
class ContractBatchAdmin(admin.ModelAdmin):
    list_display = ["period", "total", "created_by", "created_at"]
    search_fields = ["period__group__name"]
    list_filter = ["created_at"]
    list_select_related = ["period__group", "created_by"]
    raw_id_fields = ["period", "created_by"]


@admin.register(TargetedObligation)
class TargetedObligationAdmin(admin.ModelAdmin):
    list_display = ["contract", "status", "employment_deadline", "employed_on"]
    search_fields = ["contract__number", "contract__student__last_name"]
    list_filter = ["status"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract"]
