"""Forms of councils and other bodies: the body with its charter, members, meetings, agenda,
attendance and decisions. They validate input; the services (``events.services.councils``)
check terms and the quorum and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from partners.models import Contact
from partnership_portal.accounts.models import Role
from partnership_portal.uploads import check_upload
from partnership_portal.validators import PlausibleInputMixin
from partnership_portal.widgets import AutocompleteSelect

from ..models import AgendaItem, Body, Decision, DecisionStatus, Meeting, Membership

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
CHARTER_MAX_BYTES = 20 * 1024 * 1024


class BodyForm(forms.ModelForm):
    charter = forms.FileField(
        label=_("Charter (PDF)"),
        required=False,
        help_text=_("A PDF of up to 20 MB; a new file replaces the stored one."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = Body
        fields = ["kind", "name", "description"]

    def clean_charter(self):
        charter = self.cleaned_data.get("charter")
        if isinstance(charter, UploadedFile):
            return check_upload(charter, kinds=("pdf",), max_bytes=CHARTER_MAX_BYTES)
        return None


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        if isinstance(person, Contact):
            return f"{person.full_name} · {person.partner.display_name}"
        return f"{person.get_full_name() or person.email} · {person.position}".rstrip(" ·")


class MembershipForm(PlausibleInputMixin, forms.ModelForm):
    contact = PersonChoiceField(
        label=_("Partner's employee"),
        required=False,
        queryset=Contact.objects.filter(is_active=True).select_related("partner").order_by("last_name", "first_name"),
        # 30,000 contacts at a region's scale: typed and looked up, never listed in the page.
        widget=AutocompleteSelect("partners:contact_autocomplete", placeholder=_("Type a surname or position")),
    )
    user = PersonChoiceField(label=_("Staff member"), required=False, queryset=None)

    class Meta:
        model = Membership
        fields = ["contact", "user", "role", "term_start", "term_end"]
        widgets = {"term_start": DATE_INPUT, "term_end": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(role__in=[Role.STAFF, Role.ADMIN], is_active=True)
            .order_by("last_name", "first_name", "email")
        )
        if self.instance.pk:  # the person of a membership stays; a new person is a new membership
            del self.fields["contact"], self.fields["user"]

    def clean(self):
        cleaned = super().clean()
        if "contact" in self.fields and bool(cleaned.get("contact")) == bool(cleaned.get("user")):
            raise ValidationError(_("Choose either a partner's employee or a staff member."))
        return cleaned

    def _post_clean(self):
        pass  # the service validates the instance (terms, overlap) and saves it


class MeetingForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "place"]
        widgets = {"date": DATE_INPUT}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "heard", "speakers"]
        widgets = {"heard": forms.Textarea(attrs={"rows": 3}), "speakers": forms.Textarea(attrs={"rows": 3})}


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.person} · {membership.get_role_display()}"


class AttendanceForm(forms.Form):
    present = MemberChoiceField(
        label=_("Present"), queryset=Membership.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members


class DecisionForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["item", "text", "votes_for", "votes_against", "votes_abstained", "owner", "due_date"]
        widgets = {"due_date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.order_by("order", "pk")

    def _post_clean(self):
        pass  # the service checks the quorum and the votes and saves


class DecisionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=DecisionStatus.choices)
