from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnership_portal.admin_inlines import LabelledTabularInline

from .models import (
    AgendaItem,
    Body,
    CalendarFeed,
    CompetitionResult,
    Contribution,
    Decision,
    Event,
    EventFile,
    Expert,
    ExpertNomination,
    Meeting,
    Membership,
    Participant,
    Programme,
)


class ParticipantInline(LabelledTabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["student", "user", "contact", "registered_by"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "type", "starts_at", "status", "site_partner"]
    search_fields = ["title", "description", "address"]
    list_filter = ["type", "status"]
    list_select_related = ["site_partner"]
    raw_id_fields = ["site_partner", "organiser", "proposed_by", "created_by"]
    filter_horizontal = ["partners"]
    inlines = [ParticipantInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["event", "student", "user", "contact", "role"]
    raw_id_fields = ["event", "student", "user", "contact", "registered_by"]


@admin.register(CompetitionResult)
class CompetitionResultAdmin(admin.ModelAdmin):
    list_display = ["event", "place", "student", "name", "nomination"]
    raw_id_fields = ["event", "student"]


@admin.register(EventFile)
class EventFileAdmin(admin.ModelAdmin):
    list_display = ["event", "kind", "original_name", "size", "uploaded_at"]
    raw_id_fields = ["event", "uploaded_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["contact", "competence", "certificate_number", "certificate_expires_on"]
    search_fields = ["contact__last_name", "competence", "certificate_number"]
    raw_id_fields = ["contact"]


@admin.register(ExpertNomination)
class ExpertNominationAdmin(admin.ModelAdmin):
    list_display = ["event", "expert", "nominated_at"]
    raw_id_fields = ["event", "expert"]


class MembershipInline(LabelledTabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["contact", "user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["body", "contact", "user", "role", "term_start", "term_end"]
    raw_id_fields = ["body", "contact", "user"]


class AgendaItemInline(LabelledTabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "number", "date", "place"]
    raw_id_fields = ["body"]
    filter_horizontal = ["attendees"]
    readonly_fields = ["snapshot_hash", "pdf_hash", "render_count"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "order", "title"]
    raw_id_fields = ["meeting"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "text", "owner", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "item"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "specialty", "budget", "start_year", "end_year"]
    raw_id_fields = ["specialty"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "kind", "value", "date", "specialty"]
    list_filter = ["kind"]
    search_fields = ["partner__name", "description", "inventory_number"]
    list_select_related = ["partner", "specialty"]
    raw_id_fields = ["partner", "specialty", "programme", "contract", "created_by"]
