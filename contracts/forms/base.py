"""The shared parts of every contract form: date helpers, the list filter, choice fields, the
form every type extends and the student-party mixin."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Contact, Partner
from partnership_portal import russian
from partnership_portal.validators import PlausibleInputMixin
from partnership_portal.widgets import AutocompleteSelect, partner_widget, use_widget
from practice.models import Student, StudentStatus

from ..models import (
    Contract,
    ContractState,
    ContractType,
)

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
SIGNED_FILE_MAX_BYTES = 20 * 1024 * 1024
SIGNATURE_EXTENSIONS = (".sig", ".p7s")


# Partners, their signatories and students grow with the college (10,000 partners, 30,000
# students at a region's scale): typed and looked up, never listed in the page.
def signatory_widget():
    """Signatories of the organisation chosen in the form's «partner» (any while none is)."""
    return AutocompleteSelect(
        "partners:signatory_autocomplete",
        attrs={"data-autocomplete-forward": "partner"},
        placeholder=_("Not chosen yet (blanks in the document)"),
    )


def student_widget():
    return AutocompleteSelect("practice:student_autocomplete", placeholder=_("Type the student's surname"))


def parse_date(value):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None


def _pk(value):
    """The primary key in a raw form value (a model instance, a number or a string), or None."""
    if hasattr(value, "pk"):
        return value.pk
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def in_person_phrase(contact):
    """The «в лице …» phrase of a signatory, declined into the genitive («генерального директора
    Иванова Ивана Ивановича»): the form shows it as a preview that staff may correct."""
    gender = russian.detect_gender(contact.first_name, contact.middle_name, contact.gender)
    return russian.in_person(contact.position, contact.last_name, contact.first_name, contact.middle_name, gender)


# --- The list -------------------------------------------------------------------------------


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("Any type")), *ContractType.choices], required=False)
    state = forms.ChoiceField(label=_("State"), choices=[("", _("Any state")), *ContractState.choices], required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    expiring = forms.BooleanField(label=_("Expiring within 30 days"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year")), *((year, year) for year in years)]
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})
        for name in ("type", "state", "year"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["expiring"].widget.attrs["class"] = "form-check-input"

    def filters(self):
        """Keyword arguments for ``selectors.contract_list``; bad values are ignored, not a 500."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", ""),
            "types": [data["type"]] if data.get("type") else (),
            "states": [data["state"]] if data.get("state") else (),
            "year": data.get("year"),
            "expiring": bool(data.get("expiring")),
        }


# --- Contracts ------------------------------------------------------------------------------


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


class SignatoryChoiceField(forms.ModelChoiceField):
    """A signatory; labelled with the organisation while the organisation is not chosen yet."""

    with_partner = False

    def label_from_instance(self, contact):
        label = contact.full_name + (f", {contact.position}" if contact.position else "")
        return f"{label} — {contact.partner.display_name}" if self.with_partner else label


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, student):
        return f"{student.full_name} · {student.group.name}"


class PlacementChoiceField(forms.ModelChoiceField):
    with_partner = False

    def label_from_instance(self, placement):
        label = (
            f"{placement.student.full_name} · {placement.student.group.name} · "
            f"{placement.start_date:%d.%m.%Y}–{placement.end_date:%d.%m.%Y}"
        )
        return f"{label} — {placement.partner.display_name}" if self.with_partner else label


# Fields whose change re-renders the form (htmx): the organisation narrows the signatories and
# placements, a signatory fills its authority basis, a placement fills the student and dates,
# the student and the date decide whether a guardian is needed.
REFRESH_FIELDS = ("partner", "partner_signatory", "placement", "student", "signed_on")
# The partner is named on the form as the contract names it.
PARTNER_LABELS = {
    ContractType.PRACTICAL_TRAINING: _("Host organisation"),
    ContractType.TRIPARTITE_PRACTICE: _("Host organisation"),
    ContractType.TARGETED_TRAINING: _("Customer"),
    ContractType.COOPERATION: _("Partner"),
    ContractType.JOINT_PROJECT: _("Partner"),
    ContractType.SPONSORSHIP: _("Donor"),
}
# How the form page groups the fields.
PARTY_FIELDS = ("partner", "placement", "student", "guardian_name", "partner_signatory", "partner_in_person",
                "partner_basis")  # fmt: skip
DATE_FIELDS = ("signed_on", "start_date", "end_date")


class ContractForm(PlausibleInputMixin, forms.ModelForm):
    """The fields every contract type has. A subclass per type adds its own fields; those named
    in ``detail_fields`` are kept in ``Contract.details``. Types whose model form prints no
    free-text subject (practical training, tripartite, targeted training) do not ask for one."""

    contract_type = None
    detail_fields = ()
    subject_required = False

    partner = PartnerChoiceField(label=_("Organisation"), queryset=Partner.objects.none(), widget=partner_widget())

    class Meta:
        model = Contract
        fields = ["partner", "partner_signatory", "partner_in_person", "partner_basis", "signed_on", "start_date",
                  "end_date", "subject"]  # fmt: skip
        widgets = {
            "signed_on": DATE_INPUT,
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "subject": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"partner_signatory": SignatoryChoiceField}

    def __init__(self, *args, partner=None, **kwargs):
        """``partner`` fixes the organisation (amendments); otherwise it is chosen on the form."""
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.details:
            for name in self.detail_fields:
                self.initial.setdefault(name, self.instance.details.get(name))
        self.fixed_partner = partner
        if partner is not None:
            del self.fields["partner"]
        else:
            self.fields["partner"].queryset = Partner.objects.order_by("name")
            self.fields["partner"].label = PARTNER_LABELS.get(self.contract_type, _("Organisation"))
        self.chosen_partner = partner or self._chosen(Partner.objects.all(), "partner")
        signatories = Contact.objects.filter(
            Q(is_signatory=True, is_active=True) | Q(pk=self.instance.partner_signatory_id)
        ).select_related("partner")
        signatory = self.fields["partner_signatory"]
        if self.chosen_partner is not None:
            signatories = signatories.filter(partner=self.chosen_partner)
        signatory.with_partner = self.chosen_partner is None
        signatory.queryset = signatories.order_by("partner__name", "last_name", "first_name")
        signatory.empty_label = _("Not chosen yet (blanks in the document)")
        if partner is None:  # a fixed organisation's few signatories stay a list
            use_widget(signatory, signatory_widget())
            signatory.with_partner = True
        self.partner_without_signatory = self.chosen_partner is not None and not signatories.exists()
        if "subject" in self.fields:
            self.fields["subject"].required = self.subject_required
        if "partner_in_person" in self.fields:
            self.fields["partner_in_person"].help_text = _(
                "Made from the signatory's position and name in the genitive, as the contract prints it after "
                "«в лице»; correct it only if the declension is wrong. Left empty, it is made when the contract "
                "is issued."
            )

    def party_fields(self):
        return [self[name] for name in self.fields if name in PARTY_FIELDS]

    def date_fields(self):
        return [self[name] for name in self.fields if name in DATE_FIELDS]

    def term_fields(self):
        return [self[name] for name in self.fields if name not in PARTY_FIELDS and name not in DATE_FIELDS]

    def enable_refresh(self, url):
        """The choices that change the rest of the form re-render it through htmx (the form
        element carries the target and what to include)."""
        for name in REFRESH_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"hx-get": url, "hx-trigger": "change"})

    # Reading what the user chose before validation (to narrow the other choices).

    def _raw(self, name):
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        return self.initial.get(name)

    def _chosen(self, queryset, name):
        pk = _pk(self._raw(name))
        return queryset.filter(pk=pk).first() if pk else None

    def clean(self):
        data = super().clean()
        partner = self.fixed_partner or data.get("partner")
        signatory = data.get("partner_signatory")
        if signatory and partner and signatory.partner_id != partner.pk:
            self.add_error(
                "partner_signatory", _("Choose a signatory of %(partner)s.") % {"partner": partner.display_name}
            )
        elif signatory and not (data.get("partner_basis") or "").strip():
            data["partner_basis"] = signatory.authority_basis
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

    def _post_clean(self):
        # The service applies the fields and validates the contract as it will be saved.
        pass

    def service_fields(self):
        """(fields, placements or None) as ``contract_create`` / ``contract_update`` take them."""
        data = dict(self.cleaned_data)
        data.pop("partner", None)
        placements = data.pop("placements", None)
        details = dict(self.instance.details or {}) if self.instance.pk else {}
        for name in self.detail_fields:
            value = data.pop(name, None)
            if isinstance(value, dt.date):
                value = value.isoformat()
            if value in (None, ""):
                details.pop(name, None)
            else:
                details[name] = value
        data["details"] = details
        return data, placements


class StudentPartyMixin:
    """A student as a party; a legal guardian is asked for when the student is under 18 on the
    date of the contract."""

    def student_hint(self):
        """The student implied by other choices before one is chosen."""
        return None

    def setup_student(self):
        student = self.fields["student"]
        student.required = True
        current = self._raw("student")
        use_widget(student, student_widget())
        student.queryset = (
            Student.objects.filter(Q(status=StudentStatus.STUDYING) | Q(pk=_pk(current)))
            .select_related("group")
            .order_by("group__name", "last_name", "first_name")
        )
        chosen = self._chosen(Student.objects.all(), "student") or self.student_hint()
        signed_on = parse_date(self._raw("signed_on")) or timezone.localdate()
        age = chosen.age_on(signed_on) if chosen else None
        self.student_is_minor = age is not None and age < 18
        if chosen is not None and not self.student_is_minor:
            del self.fields["guardian_name"]  # an adult signs for themselves
        elif self.student_is_minor and chosen.guardian_name:
            self.fields["guardian_name"].help_text = _(
                "The student is under 18 on the date of the contract and signs with the consent of the legal "
                "representative. Left empty, the one in the student card is printed: %(name)s."
            ) % {"name": chosen.guardian_name}
        elif self.student_is_minor:
            self.fields["guardian_name"].required = True
            self.fields["guardian_name"].help_text = _(
                "The student is under 18 on the date of the contract and signs with the consent of the legal "
                "representative: give the representative's full name (and their document in the student card)."
            )

    def clean_student_party(self, data):
        student, signed_on = data.get("student"), data.get("signed_on")
        if student and signed_on:
            age = student.age_on(signed_on)
            if age is not None and age < 18 and not (data.get("guardian_name") or "").strip():
                if student.guardian_name.strip():
                    return data  # the representative in the student card is printed
                if "guardian_name" in self.errors:
                    return data  # already said: the field is required
                self.add_error(
                    "guardian_name" if "guardian_name" in self.fields else "student",
                    _("The student is under 18 on the date of the contract: give the legal guardian's full name."),
                )
            elif (age is None or age >= 18) and "guardian_name" in data:
                data["guardian_name"] = ""
        return data
