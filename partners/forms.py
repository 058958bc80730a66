"""Forms of the partner register. They validate input; the services do the writing."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partnership_portal.uploads import check_upload
from partnership_portal.validators import (
    PlausibleInputMixin,
    validate_not_in_future,
    validate_phone,
)

from .models import (
    EMPLOYER_EDITABLE_FIELDS,
    REQUISITE_FIELDS,
    Contact,
    ContactRole,
    Interaction,
    Partner,
    PartnerStatus,
    PartnerType,
    Specialty,
)
from .selectors import SORTS, staff_users

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def website_field():
    """A web address; typed without a scheme it is taken as https://."""
    return forms.URLField(label=_("Website"), required=False, assume_scheme="https")


def phone_field():
    """A phone number in a checked format (see ``validate_phone``)."""
    return forms.CharField(label=_("Phone"), max_length=40, required=False, validators=[validate_phone])


class PartnerForm(PlausibleInputMixin, forms.ModelForm):
    website = website_field()
    phone = phone_field()

    class Meta:
        model = Partner
        fields = [
            "name",
            "short_name",
            "type",
            "status",
            "inn",
            "kpp",
            "ogrn",
            "legal_address",
            "actual_address",
            "bank_details",
            "industry",
            "website",
            "phone",
            "email",
            "specialties",
            "partner_since",
            "description",
            "notes",
        ]
        widgets = {
            "partner_since": DATE_INPUT,
            "specialties": forms.CheckboxSelectMultiple(attrs={"class": "specialty-choice"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "bank_details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialties"].queryset = Specialty.objects.order_by("code")
        self.fields["inn"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.existing_partner = None

    def clean_inn(self):
        return self.cleaned_data["inn"].strip()

    def validate_unique(self):
        """An ИНН already in the register points the user at that partner instead of a duplicate."""
        from .services import partner_with_inn

        inn = self.cleaned_data.get("inn")
        existing = partner_with_inn(inn, exclude_pk=self.instance.pk) if inn else None
        if existing:
            self.existing_partner = existing
            self.add_error(
                "inn", _("A partner with this INN is already in the register: %(name)s.") % {"name": existing}
            )


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.MultipleChoiceField(label=_("Type"), choices=PartnerType.choices, required=False)
    status = forms.MultipleChoiceField(label=_("Status"), choices=PartnerStatus.choices, required=False)
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.order_by("code"),
        required=False,
        empty_label=_("Any specialty"),
    )
    quiet = forms.TypedChoiceField(
        label=_("Activity"),
        choices=[("", _("Any")), ("yes", _("Quiet: needs attention")), ("no", _("Active recently"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        choices=[
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("inn", _("INN")),
            ("-activity", _("Most recently active")),
            ("activity", _("Longest quiet")),
            ("-created", _("Newest in the register")),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("specialty", "quiet", "sort"):
            self.fields[name].widget.attrs.update({"class": "form-select", "id": f"id_{name}"})

    def filters(self):
        """Keyword arguments for ``selectors.partner_list``; bad values are ignored, not a 500."""
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "name"
        return {
            "query": data.get("q", ""),
            "types": data.get("type") or (),
            "statuses": data.get("status") or (),
            "specialty": data.get("specialty"),
            "quiet": data.get("quiet"),
            "sort": sort if sort in SORTS else "name",
        }


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=ContactRole.choices, required=False, label=_("Roles"), **kwargs)


class PersonWithRolesForm(forms.ModelForm):
    """A contact's person fields with the roles as checkboxes; the service saves both."""

    roles = RolesField()
    phone = phone_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("roles", [role.value for role in self.instance.roles])

    def clean(self):
        data = super().clean()
        if ContactRole.SIGNATORY in (data.get("roles") or []) and not (data.get("authority_basis") or "").strip():
            self.add_error("authority_basis", _("A signatory needs an authority basis, for example «Устава»."))
        return data

    def _post_clean(self):
        # The instance is not built here: the service applies the roles and runs the model's clean().
        pass

    def service_fields(self):
        """(roles, other fields) as the contact services take them."""
        data = dict(self.cleaned_data)
        return data.pop("roles"), data


class ContactForm(PersonWithRolesForm):
    class Meta:
        model = Contact
        fields = ["last_name", "first_name", "middle_name", "gender", "position", "phone", "email", "roles",
                  "authority_basis", "is_active", "notes"]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ColleagueInviteForm(PersonWithRolesForm):
    """An employer invites a colleague: the person and the address the invitation goes to."""

    class Meta:
        model = Contact
        fields = ["last_name", "first_name", "middle_name", "position", "phone", "email", "roles", "authority_basis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class InteractionForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "date", "contact", "summary", "follow_up", "follow_up_due", "follow_up_owner"]
        widgets = {
            "date": DATE_INPUT,
            "follow_up_due": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = partner.contacts.filter(is_active=True)
        self.fields["follow_up_owner"].queryset = staff_users()
        # An interaction has happened: a future date (31.12.9999) would defeat the dormancy check.
        self.fields["date"].validators.append(validate_not_in_future)

    def clean(self):
        data = super().clean()
        if data.get("follow_up_due") and not data.get("follow_up_owner"):
            self.add_error("follow_up_owner", _("A follow-up with a due date needs an owner."))
        if data.get("follow_up") and not data.get("follow_up_due"):
            self.add_error("follow_up_due", _("Give the follow-up a due date."))
        return data

    def _post_clean(self):
        pass


class ProfileForm(forms.ModelForm):
    """What an employer changes on their own: contact details and the description."""

    website = website_field()
    phone = phone_field()

    class Meta:
        model = Partner
        fields = list(EMPLOYER_EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class RequisitesRequestForm(forms.ModelForm):
    """Requisites an employer asks staff to change."""

    comment = forms.CharField(
        label=_("Comment for the college"),
        required=False,
        max_length=2000,  # as the request's comment field
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the organisation was renamed on 01.09.2026."),
    )

    class Meta:
        model = Partner
        fields = list(REQUISITE_FIELDS)

    def validate_unique(self):
        # Checked by the service against the other partners when the request is submitted.
        pass

    def _post_clean(self):
        # The model is not changed by this form: only its values are read.
        pass


class ChangeRequestDecisionForm(forms.Form):
    decision_comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX or CSV (UTF-8 or Windows-1251, separated by ; or ,), up to 5 MB, with a header row."),
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], kinds=("xlsx", "csv"), max_bytes=settings.IMPORT_MAX_BYTES)
