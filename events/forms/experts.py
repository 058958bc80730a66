"""Forms of demonstration-exam experts and their nominations. They validate input; the services
(``events.services.experts``) check the certificate against the exam and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Contact
from partnership_portal.validators import PlausibleInputMixin
from partnership_portal.widgets import AutocompleteSelect

from ..models import Expert

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        return f"{contact.full_name} · {contact.partner.display_name}"


class ExpertForm(PlausibleInputMixin, forms.ModelForm):
    contact = ContactChoiceField(
        label=_("Partner's employee"),
        queryset=Contact.objects.filter(is_active=True).select_related("partner").order_by("last_name", "first_name"),
        # 30,000 contacts at a region's scale: typed and looked up, never listed in the page.
        widget=AutocompleteSelect("partners:contact_autocomplete", placeholder=_("Type a surname or position")),
    )

    class Meta:
        model = Expert
        fields = ["contact", "competence", "certificate_number", "certificate_expires_on"]
        widgets = {"certificate_expires_on": DATE_INPUT}


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, expert):
        return _("%(name)s · %(competence)s · certificate valid until %(date)s") % {
            "name": expert.contact.full_name,
            "competence": expert.competence,
            "date": expert.certificate_expires_on.strftime("%d.%m.%Y"),
        }


class NominationForm(forms.Form):
    expert = ExpertChoiceField(label=_("Expert"), queryset=Expert.objects.none())

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
