from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User


class UserAddForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "role", "partner"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    ordering = ["email"]
    list_display = ["email", "get_full_name", "role", "partner", "is_active", "is_staff", "last_login"]
    list_filter = ["role", "is_active", "deactivated_by_staff", "is_staff", "is_superuser", "groups"]
    list_select_related = ["partner"]
    search_fields = ["email", "last_name", "first_name", "partner__name", "partner__inn"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["last_login", "date_joined", "deactivated_by_staff"]
    actions = ["deactivate", "reactivate"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["last_name", "first_name", "middle_name", "position", "phone"]}),
        (
            _("Role"),
            {
                "fields": [
                    "role",
                    "partner",
                    "groups",
                ]
            },
        ),
        (
            _("Access"),
            {"fields": ["is_active", "deactivated_by_staff", "is_staff", "is_superuser", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "role", "partner", "password1", "password2"],
            },
        ),
    ]

    @admin.display(description=_("name"))
    def get_full_name(self, obj):
        return obj.get_full_name()

    # A change of «active» in the admin is a decision of the college (only staff reach the admin):
    # it is recorded as such, so an employer cannot undo it by re-inviting the person (issue 13,
    # finding 3), exactly as ``partners.services.employer_account_set_active`` records it.
    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data:
            set_active_by_staff([obj], active=obj.is_active, save=False)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Deactivate the selected accounts"))
    def deactivate(self, request, queryset):
        count = set_active_by_staff(queryset.exclude(pk=request.user.pk), active=False)
        self.message_user(request, ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.",
                                            count) % {"count": count})  # fmt: skip

    @admin.action(description=_("Reactivate the selected accounts"))
    def reactivate(self, request, queryset):
        count = set_active_by_staff(queryset, active=True)
        self.message_user(request, ngettext("%(count)d account reactivated.", "%(count)d accounts reactivated.",
                                            count) % {"count": count})  # fmt: skip


def set_active_by_staff(users, *, active, save=True):
    """Activates or deactivates ``users`` as the college: a deactivation is marked as the college's
    (the employer can neither re-invite nor re-activate the person) and withdraws their pending
    invitation links; a reactivation clears the mark. Returns how many users were changed."""
    from partners.models import Invitation  # the accounts app does not depend on partners at import

    users = list(users)
    with transaction.atomic():
        for user in users:
            user.is_active = active
            user.deactivated_by_staff = not active
            if save:
                user.save(update_fields=["is_active", "deactivated_by_staff"])
        if not active:
            Invitation.objects.filter(
                contact__user__in=[user.pk for user in users if user.pk],
                accepted_at__isnull=True,
                revoked_at__isnull=True,
            ).update(revoked_at=timezone.now())
    return len(users)
