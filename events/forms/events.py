"""Forms of joint events: the event, an employer's proposal, status changes, participants,
results, files and the list and calendar filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Contact, Partner
from partnership_portal.accounts.models import Role, User
from partnership_portal.validators import PlausibleInputMixin
from partnership_portal.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from practice.models import Student, StudentStatus, StudyGroup

from ..models import Event, EventPlace, EventStatus, EventType

DATETIME_INPUT = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


class PartnerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


class ContactMultipleChoiceField(forms.ModelMultipleChoiceField):
    with_partner = True

    def label_from_instance(self, contact):
        label = contact.full_name + (f", {contact.position}" if contact.position else "")
        return f"{label} — {contact.partner.display_name}" if self.with_partner else label


class StudentMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, student):
        return student.full_name


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


def staff_users():
    return User.objects.filter(role__in=(Role.STAFF, Role.ADMIN), is_active=True).order_by("last_name", "first_name")


class EventForm(PlausibleInputMixin, forms.ModelForm):
    """Staff plan or edit an event. At a partner's site, the address is the partner's unless typed."""

    # 10,000 partners at a region's scale: typed and looked up, never listed in the page.
    site_partner = PartnerChoiceField(
        label=_("Partner's site"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        widget=AutocompleteSelect("partners:autocomplete", placeholder=_("Type a partner's name")),
    )
    partners = PartnerMultipleChoiceField(
        label=_("Partners involved"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        widget=AutocompleteSelectMultiple("partners:autocomplete", placeholder=_("Type a partner's name")),
    )
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=staff_users(), required=False)

    class Meta:
        model = Event
        fields = ["type", "title", "starts_at", "ends_at", "place", "site_partner", "address", "partners",
                  "organiser", "visitors", "description"]  # fmt: skip
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"address": _("Left empty at a partner's site, the partner's address is used.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].label_from_instance = lambda user: user.get_full_name() or user.email

    def clean(self):
        data = super().clean()
        if data.get("place") == EventPlace.PARTNER and not data.get("site_partner"):
            self.add_error("site_partner", _("Choose the partner whose site hosts the event."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data

    def service_fields(self):
        data = dict(self.cleaned_data)
        partners = list(data.pop("partners") or [])
        return data, partners


class ProposalForm(PlausibleInputMixin, forms.ModelForm):
    """An employer proposes an event of their organisation."""

    class Meta:
        model = Event
        fields = ["type", "title", "starts_at", "ends_at", "place", "address", "visitors", "description"]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"address": _("Left empty at your site, your organisation's address is used.")}

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        # "At our site" is the proposer's organisation (the model checks a site has its partner).
        self.instance.site_partner = partner
        self.fields["place"].choices = [
            (EventPlace.PARTNER.value, _("At our site")),
            (EventPlace.COLLEGE.value, EventPlace.COLLEGE.label),
            (EventPlace.OTHER.value, EventPlace.OTHER.label),
        ]
        self.fields["description"].help_text = _("What you propose, for whom, and what you need from the college.")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ReportForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["report", "visitors"]
        widgets = {"report": forms.Textarea(attrs={"rows": 6})}


class ResultForm(forms.Form):
    place = forms.IntegerField(label=_("Place taken"), min_value=1, max_value=100)
    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none(), required=False)
    name = forms.CharField(label=_("Or the winner's name"), max_length=300, required=False)
    nomination = forms.CharField(label=_("Competence or nomination"), max_length=300, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        # The winners are among the event's students.
        self.fields["student"].queryset = Student.objects.filter(event_participations__event=event).order_by(
            "last_name", "first_name"
        )
        self.fields["student"].label_from_instance = lambda student: student.full_name


class ParticipantsForm(forms.Form):
    """Staff: a whole group, students of one group, staff members, partner contacts. An employer:
    their own organisation's people only."""

    group = forms.ModelChoiceField(
        label=_("Study group"), queryset=StudyGroup.objects.order_by("name"), required=False,
        empty_label=_("No group"),
    )  # fmt: skip
    whole_group = forms.BooleanField(label=_("The whole group (students still studying)"), required=False)
    students = StudentMultipleChoiceField(
        label=_("Or some students of the group"), queryset=Student.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    users = StaffMultipleChoiceField(label=_("College staff"), queryset=staff_users(), required=False)
    contacts = ContactMultipleChoiceField(
        label=_("Partners' employees"), queryset=Contact.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    role = forms.CharField(
        label=_("Role"), max_length=200, required=False, help_text=_("Participant, judge, speaker …")
    )

    def __init__(self, *args, event, contacts, staff, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        if staff:
            group = group or self._bound_group()
            if group is not None:
                self.fields["students"].queryset = Student.objects.filter(
                    group=group, status=StudentStatus.STUDYING
                ).order_by("last_name", "first_name")
            self.fields["users"].widget.attrs["size"] = 6
            # Staff register the people of the event's partners.
            partner_ids = {p.pk for p in event.partners.all()} | ({event.site_partner_id} - {None})
            contacts = contacts.filter(partner_id__in=partner_ids)
        else:
            for name in ("group", "whole_group", "students", "users"):
                del self.fields[name]
            self.fields["contacts"].label = _("Your colleagues")
            self.fields["contacts"].with_partner = False
        self.fields["contacts"].queryset = contacts.order_by("last_name", "first_name")

    def _bound_group(self):
        value = self.data.get("group") if self.is_bound else self.initial.get("group")
        if not value:
            return None
        try:
            return StudyGroup.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        if data.get("whole_group") and not data.get("group"):
            self.add_error("group", _("Choose the group."))
        chosen = any(data.get(name) for name in ("students", "users", "contacts")) or (
            data.get("whole_group") and data.get("group")
        )
        if not self.errors and not chosen:
            raise forms.ValidationError(_("Choose whom to register."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {
            "group": data.get("group") if data.get("whole_group") else None,
            "students": data.get("students") or [],
            "users": data.get("users") or [],
            "contacts": data.get("contacts") or [],
            "role": data.get("role", ""),
        }


class EventFileForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or document"), help_text=_("JPEG or PNG photos, PDF or XLSX documents, up to 20 MB.")
    )


class EventFilterForm(forms.Form):
    """The list and the calendar share it; bad values are ignored, never an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("Any type")), *EventType.choices], required=False)
    # Every partner with an event: hundreds at a region's scale, so typed and looked up.
    partner = PartnerChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        widget=AutocompleteSelect("partners:autocomplete", placeholder=_("Any partner")),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status")), *EventStatus.choices], required=False)
    when = forms.ChoiceField(
        label=_("When"),
        choices=[("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
        required=False,
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is None:
            del self.fields["partner"]
        else:
            self.fields["partner"].queryset = partners
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs["class"] = "form-select"

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {key: value for key, value in data.items() if value}
