"""Admin: periodic reports. A report is made by the portal (on schedule or when staff ask on the
reports page), so the admin reads and deletes reports but does not add them; subscriptions are
edited freely. The beat schedule itself is edited under «Periodic tasks» (django_celery_beat)."""

from django.contrib import admin

from ..models import Report, ReportSubscription


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "specialty", "state", "progress", "scheduled", "requested_by", "made_at"]
    list_filter = ["kind", "state", "scheduled"]
    search_fields = ["title", "specialty__code", "specialty__name"]
    list_select_related = ["specialty", "requested_by"]
    date_hierarchy = "start_date"
    readonly_fields = ["kind", "start_date", "end_date", "specialty", "title", "scheduled", "state", "progress",
                       "error", "snapshot", "pdf", "xlsx", "requested_by", "made_at", "notified_at", "created_at",
                       "updated_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
