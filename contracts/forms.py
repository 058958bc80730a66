"""Forms of the contracts app: the list filters, one contract form per type, signatures, batches
and targeted-training obligations. They validate input; the services do the writing."""

import datetime as dt
import os

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import College, Contact, Partner
from partnership_portal.uploads import check_upload
from practice.models import Placement, PlacementState, Student, StudentStatus

from .models import (
    PRICED_TYPES,
    Contract,
    ContractState,
    ContractType,
    ObligationStatus,
    Party,
    SignatureKind,
    TargetedObligation,
)

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
SIGNED_FILE_MAX_BYTES = 20 * 1024 * 1024
SIGNATURE_EXTENSIONS = (".sig", ".p7s")


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
    """The «в лице …» phrase a signatory suggests; staff put it in the genitive themselves."""
    return " ".join(part for part in (contact.position.lower(), contact.full_name) if part)


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
# How the form page groups the fields.
PARTY_FIELDS = ("partner", "placement", "student", "guardian_name", "partner_signatory", "partner_in_person",
                "partner_basis")  # fmt: skip
DATE_FIELDS = ("signed_on", "start_date", "end_date")


class ContractForm(forms.ModelForm):
    """The fields every contract type has. A subclass per type adds its own fields; those named
    in ``detail_fields`` are kept in ``Contract.details``. Types whose model form prints no
    free-text subject (practical training, tripartite, targeted training) do not ask for one."""

    contract_type = None
    detail_fields = ()
    subject_required = False

    partner = PartnerChoiceField(label=_("Organisation"), queryset=Partner.objects.none())

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
        self.partner_without_signatory = self.chosen_partner is not None and not signatories.exists()
        if "subject" in self.fields:
            self.fields["subject"].required = self.subject_required

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
        elif self.student_is_minor:
            self.fields["guardian_name"].required = True
            self.fields["guardian_name"].help_text = _(
                "The student is under 18 on the date of the contract: the legal guardian signs."
            )

    def clean_student_party(self, data):
        student, signed_on = data.get("student"), data.get("signed_on")
        if student and signed_on:
            age = student.age_on(signed_on)
            if age is not None and age < 18 and not (data.get("guardian_name") or "").strip():
                if "guardian_name" in self.errors:
                    return data  # already said: the field is required
                self.add_error(
                    "guardian_name" if "guardian_name" in self.fields else "student",
                    _("The student is under 18 on the date of the contract: give the legal guardian's full name."),
                )
            elif (age is None or age >= 18) and "guardian_name" in data:
                data["guardian_name"] = ""
        return data


class CooperationForm(ContractForm):
    contract_type = ContractType.COOPERATION

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].label = _("Additional terms")
        self.fields["subject"].help_text = _("Printed after the standard subject of the agreement; may stay empty.")


class JointProjectForm(ContractForm):
    contract_type = ContractType.JOINT_PROJECT
    subject_required = True


class PricedForm(ContractForm):
    """Consulting, contract work, research, sponsorship: a subject and a price."""

    subject_required = True

    class Meta(ContractForm.Meta):
        fields = [*ContractForm.Meta.fields, "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = True
        self.fields["amount"].widget.attrs.update(min="0", step="0.01")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("The amount must be greater than zero."))
        return amount


def priced_form(contract_type):
    return type(f"{contract_type.name.title().replace('_', '')}Form", (PricedForm,), {"contract_type": contract_type})


class PlacementsChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, placement):
        return f"{placement.student.full_name} · {placement.student.group.name}"


class PracticalTrainingForm(ContractForm):
    """Appendix 1: the students (placements with the organisation), grouped by practice period;
    appendix 2: the premises and equipment, one per line."""

    contract_type = ContractType.PRACTICAL_TRAINING
    detail_fields = ("premises",)

    class Meta(ContractForm.Meta):
        fields = [name for name in ContractForm.Meta.fields if name != "subject"]

    placements = PlacementsChoiceField(
        label=_("Students (appendix 1)"), queryset=Placement.objects.none(), required=False
    )
    premises = forms.CharField(
        label=_("Premises and equipment (appendix 2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line. Left empty, the document names the organisation's address and its workshops."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["placements"]
        if self.instance.pk:
            self.initial.setdefault("placements", [placement.pk for placement in self.instance.placements.all()])
        if self.chosen_partner is None:
            field.help_text = _("Choose the organisation first: its placements are listed here.")
            return
        placements = (
            Placement.objects.filter(partner=self.chosen_partner)
            .exclude(state=PlacementState.CANCELLED)
            .select_related("student__group", "period__group")
            .order_by("-period__start_date", "period__pk", "student__last_name", "student__first_name")
        )
        field.queryset = placements
        groups = {}
        for placement in placements:
            groups.setdefault(placement.period, []).append((placement.pk, field.label_from_instance(placement)))
        field.widget.choices = [(str(period), choices) for period, choices in groups.items()]
        if not groups:
            field.help_text = _("No students are placed with this organisation yet.")

    def clean(self):
        data = super().clean()
        partner = self.fixed_partner or data.get("partner")
        if partner and any(placement.partner_id != partner.pk for placement in data.get("placements") or ()):
            self.add_error("placements", _("Choose students placed with this organisation."))
        return data


class TripartiteForm(StudentPartyMixin, ContractForm):
    """College, organisation and student. Choosing the placement fills the student and the dates."""

    contract_type = ContractType.TRIPARTITE_PRACTICE
    detail_fields = ("paid_post",)

    paid_post = forms.CharField(
        label=_("Paid post"),
        required=False,
        max_length=300,
        help_text=_("If the student is taken on a paid post during the practice, for example «токарь 3 разряда»."),
    )

    class Meta(ContractForm.Meta):
        fields = ["partner", "placement", "student", "guardian_name", "partner_signatory", "partner_in_person",
                  "partner_basis", "signed_on", "start_date", "end_date"]  # fmt: skip
        field_classes = {
            **ContractForm.Meta.field_classes,
            "placement": PlacementChoiceField,
            "student": StudentChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        placement = self.fields["placement"]
        placements = (
            Placement.objects.filter(Q(pk=self.instance.placement_id) | ~Q(state=PlacementState.CANCELLED))
            .select_related("student__group", "partner")
            .order_by("-start_date", "student__last_name")
        )
        if self.chosen_partner is not None:
            placements = placements.filter(partner=self.chosen_partner)
        placement.queryset = placements
        placement.with_partner = self.chosen_partner is None
        placement.empty_label = _("Without a placement")
        placement.help_text = _("Choosing the placement fills the student and the dates.")
        for name in ("start_date", "end_date"):
            self.fields[name].required = False  # taken from the placement when empty
        self.setup_student()
        if self._raw("placement") and not self._raw("student"):
            self.fields["student"].required = False  # taken from the placement

    def student_hint(self):
        placement = self._chosen(Placement.objects.select_related("student"), "placement")
        return placement.student if placement else None

    def clean(self):
        data = super().clean()
        placement = data.get("placement")
        partner = self.fixed_partner or data.get("partner")
        if placement:
            if partner and placement.partner_id != partner.pk:
                self.add_error("placement", _("Choose a placement with this organisation."))
            if not data.get("student"):
                data["student"] = placement.student
            elif data["student"].pk != placement.student_id:
                self.add_error("student", _("The placement is of another student: %(name)s.")
                               % {"name": placement.student.full_name})  # fmt: skip
            data["start_date"] = data.get("start_date") or placement.start_date
            data["end_date"] = data.get("end_date") or placement.end_date
        if not data.get("student") and "student" not in self.errors:
            self.add_error("student", _("Choose the student or the placement."))
        for name in ("start_date", "end_date"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Give the date or choose the placement."))
        return self.clean_student_party(data)


class TargetedTrainingForm(StudentPartyMixin, ContractForm):
    """Customer, citizen and college (decree 555 of 27.04.2024)."""

    contract_type = ContractType.TARGETED_TRAINING
    detail_fields = ("support_measures", "future_place", "future_position", "employment_deadline", "work_years",
                     "portal_offer_number")  # fmt: skip

    support_measures = forms.CharField(
        label=_("Support measures"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a monthly stipend of 5 000 roubles, paid practice, a hostel place."),
    )
    future_place = forms.CharField(label=_("Future place of work"), max_length=500)
    future_position = forms.CharField(label=_("Future post"), max_length=300)
    employment_deadline = forms.DateField(label=_("Employment deadline"), widget=DATE_INPUT)
    work_years = forms.IntegerField(
        label=_("Years to work"),
        initial=3,
        min_value=3,
        max_value=10,
        help_text=_("At least 3 years under article 56 of the law «On education»."),
    )
    portal_offer_number = forms.CharField(
        label=_("Offer number on «Работа России»"),
        max_length=100,
        help_text=_("The number of the targeted-training offer on the state job portal."),
    )

    class Meta(ContractForm.Meta):
        fields = ["partner", "student", "guardian_name", "partner_signatory", "partner_in_person", "partner_basis",
                  "signed_on", "start_date", "end_date"]  # fmt: skip
        field_classes = {**ContractForm.Meta.field_classes, "student": StudentChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].help_text = _("From the date of the contract to the end of the studies.")
        self.setup_student()

    def clean(self):
        data = super().clean()
        deadline, start = data.get("employment_deadline"), data.get("start_date")
        if deadline and start and deadline < start:
            self.add_error("employment_deadline", _("The employment deadline cannot be before the contract starts."))
        return self.clean_student_party(data)


class AmendmentForm(ContractForm):
    """An amendment to ``parent``: the organisation is the parent's, the subject is the changes."""

    contract_type = ContractType.AMENDMENT
    subject_required = True

    def __init__(self, *args, parent, **kwargs):
        self.parent = parent
        super().__init__(*args, partner=parent.partner, **kwargs)
        self.fields["subject"].label = _("Changes to the contract")
        self.fields["subject"].help_text = _("Each change on its own line, as the amendment prints them.")
        self.fields["subject"].widget.attrs["rows"] = 6

    def service_fields(self):
        data, placements = super().service_fields()
        data["parent"] = self.parent
        return data, placements


TYPE_FORMS = {
    ContractType.COOPERATION: CooperationForm,
    ContractType.PRACTICAL_TRAINING: PracticalTrainingForm,
    ContractType.TRIPARTITE_PRACTICE: TripartiteForm,
    ContractType.TARGETED_TRAINING: TargetedTrainingForm,
    ContractType.JOINT_PROJECT: JointProjectForm,
    ContractType.AMENDMENT: AmendmentForm,
    **{contract_type: priced_form(contract_type) for contract_type in PRICED_TYPES},
}


def form_class_for(contract_type):
    return TYPE_FORMS[ContractType(contract_type)]


def initial_from(query, form_class, *, trigger=None):
    """The initial data of a contract form from a query string: a prefill link (``trigger`` is
    None: only what is missing is filled), or the form re-rendered by htmx after the field
    ``trigger`` changed (what that choice implies is filled again). A placement implies its
    organisation, student and dates; an organisation its first signatory; a signatory its
    authority basis and «в лице» phrase."""
    initial = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            values = [value for value in query.getlist(name) if value]
            if values:
                initial[name] = values
        elif query.get(name) not in (None, ""):
            initial[name] = query.get(name)
    prefill = trigger is None

    def put(name, value):
        if prefill:
            initial.setdefault(name, value)
        else:
            initial[name] = value

    partner_before = _pk(initial.get("partner"))
    placement = None
    if "placement" in form_class.base_fields and initial.get("placement"):
        placement = Placement.objects.filter(pk=_pk(initial["placement"])).first()
    if placement and trigger in (None, "placement"):
        put("partner", placement.partner_id)
        put("student", placement.student_id)
        put("start_date", placement.start_date.isoformat())
        put("end_date", placement.end_date.isoformat())
    partner_pk = _pk(initial.get("partner"))
    partner_changed = trigger == "partner" or (trigger == "placement" and partner_pk != partner_before)
    if partner_changed or (prefill and partner_pk and "partner_signatory" not in initial):
        signatory = Contact.objects.filter(partner_id=partner_pk, is_signatory=True, is_active=True).order_by("pk")
        signatory = signatory.first() if partner_pk else None
        initial["partner_signatory"] = signatory.pk if signatory else ""
        if placement and placement.partner_id != partner_pk:
            initial.pop("placement", None)
    if partner_changed or trigger == "partner_signatory" or (prefill and initial.get("partner_signatory")):
        signatory = Contact.objects.filter(pk=_pk(initial.get("partner_signatory"))).first()
        put("partner_basis", signatory.authority_basis if signatory else "")
        put("partner_in_person", in_person_phrase(signatory) if signatory else "")
    return initial


# --- Transitions ----------------------------------------------------------------------------


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=ContractState.choices)
    reason = forms.CharField(
        label=_("Reason for termination"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Signatures -----------------------------------------------------------------------------


def check_signed_file(uploaded, kind):
    """A scan is a real PDF; an electronically signed file is a PDF (with an embedded signature)
    or a detached signature container (.sig, .p7s). Either up to 20 MB."""
    name = (uploaded.name or "").lower()
    if kind == SignatureKind.ELECTRONIC and name.endswith(SIGNATURE_EXTENSIONS):
        if uploaded.size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if uploaded.size > SIGNED_FILE_MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(SIGNED_FILE_MAX_BYTES)},
                code="too_large",
            )
        return uploaded
    try:
        return check_upload(uploaded, kinds=("pdf",), max_bytes=SIGNED_FILE_MAX_BYTES)
    except ValidationError as error:
        if kind == SignatureKind.ELECTRONIC and error.code == "wrong_kind":
            raise ValidationError(
                _("«%(name)s» is neither a PDF nor a signature file (.sig, .p7s).") % {"name": uploaded.name},
                code="wrong_kind",
            ) from None
        raise


def signer_names(contract):
    """Who signs for each party, as the contract names them."""
    college = College.current()
    names = {Party.COLLEGE: college.director_name}
    if contract.partner_signatory:
        names[Party.ORGANISATION] = contract.partner_signatory.full_name
    if contract.student:
        names[Party.STUDENT] = contract.guardian_name or contract.student.full_name
    return names


class SignatureForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"))
    signer_name = forms.CharField(label=_("Signed by"), max_length=300)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("Kind of signature"), choices=SignatureKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("Signed file"),
        required=False,
        help_text=_(
            "Required for a scan (PDF) and for an electronically signed file (PDF or a .sig/.p7s signature), up to 20 MB."
        ),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(party.value, party.label) for party in parties]
        self.fields["signer_name"].widget.attrs["list"] = "signer-names"
        self.fields["file"].widget.attrs["accept"] = ".pdf,.sig,.p7s"

    def enable_refresh(self, url):
        """Choosing the party re-renders the form (htmx) with that party's signer."""
        self.fields["party"].widget.attrs.update({"hx-get": url, "hx-trigger": "change"})

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise ValidationError(_("The date of a signature cannot be in the future."))
        return signed_on

    def clean(self):
        data = super().clean()
        kind, uploaded = data.get("kind"), data.get("file")
        if uploaded:
            try:
                data["file"] = check_signed_file(uploaded, kind)
            except ValidationError as error:
                self.add_error("file", error)
                return data
            extension = os.path.splitext(uploaded.name)[1].lower() or ".pdf"
            uploaded.name = f"signed-{data.get('party') or 'party'}{extension}"
        elif kind in (SignatureKind.SCAN, SignatureKind.ELECTRONIC) and "file" not in self.errors:
            self.add_error("file", _("Upload the signed file."))
        return data


# --- Batches --------------------------------------------------------------------------------


class BatchForm(forms.Form):
    start_date = forms.DateField(label=_("Valid from"), required=False, widget=DATE_INPUT)
    end_date = forms.DateField(label=_("Valid until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help_text = _("Leave empty to use each placement's dates.")
        self.fields["start_date"].help_text = self.fields["end_date"].help_text = help_text

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


# --- Obligations ----------------------------------------------------------------------------


class ObligationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ObligationStatus.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"status": data["status"]} if data.get("status") else {}


class ObligationForm(forms.ModelForm):
    class Meta:
        model = TargetedObligation
        fields = ["status", "employed_on", "notes"]
        widgets = {"employed_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        # The service validates the obligation as it will be saved.
        pass
