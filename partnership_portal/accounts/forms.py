from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        # The same message whether the address is unknown or the password is wrong.
        "invalid_login": _("Wrong e-mail or password. Check both and try again."),
        "inactive": _("This account is deactivated. Ask the college for access."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()
