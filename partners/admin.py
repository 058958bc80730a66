from django.contrib import admin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "inn", "created_at"]
    search_fields = ["name", "inn"]
    list_filter = ["created_at"]
    list_select_related = []
    readonly_fields = ["created_at", "updated_at"]
