from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

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
    list_filter = ["role", "is_active", "is_staff", "is_superuser", "groups"]
    list_select_related = ["partner"]
    search_fields = ["email", "last_name", "first_name", "partner__name", "partner__inn"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["last_login", "date_joined"]
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
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "user_permissions"]}),
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
