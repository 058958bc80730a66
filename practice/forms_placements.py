"""Forms of practice periods, offers, placements and evaluation sheets. They validate input; the
services (``practice.services.periods|offers|placements|evaluations``) do the writing and the
checks that need the database."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Contact, Partner, PartnerStatus, Specialty
from partnership_portal.validators import PlausibleInputMixin
from partnership_portal.widgets import AutocompleteSelect, partner_widget, use_widget

from .models import Grade, Offer, OfferStatus, PlacementState, PracticeKind, PracticePeriod, StudyGroup, Teacher

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


# Partners, their contacts, teachers and groups grow with the college (10,000 partners, 30,000
# contacts at a region's scale): typed and looked up, never listed in the page.
def contact_widget(forward="partner"):
    """Contacts of the organisation chosen in the field ``forward`` (all while none is chosen)."""
    return AutocompleteSelect(
        "partners:contact_autocomplete",
        attrs={"data-autocomplete-forward": forward},
        placeholder=_("Type a surname or position"),
    )


def teacher_widget():
    return AutocompleteSelect("practice:teacher_autocomplete", placeholder=_("Type the teacher's surname"))


def _teachers(current_id=None):
    return Teacher.objects.filter(Q(is_active=True) | Q(pk=current_id)).order_by("last_name", "first_name")


def _contacts(partner=None, current_id=None):
    """Active contacts (of ``partner`` if given), plus the one already chosen."""
    contacts = Contact.objects.filter(Q(is_active=True) | Q(pk=current_id)).select_related("partner")
    if partner is not None:
        contacts = contacts.filter(partner=partner)
    return contacts.order_by("partner__name", "last_name", "first_name")


class ContactChoiceField(forms.ModelChoiceField):
    """A contact person; labelled with the organisation when contacts of several are listed."""

    def __init__(self, *args, with_partner=False, **kwargs):
        self.with_partner = with_partner
        super().__init__(*args, **kwargs)

    def label_from_instance(self, contact):
        label = contact.full_name + (f", {contact.position}" if contact.position else "")
        return f"{label} — {contact.partner.display_name}" if self.with_partner else label


def placement_partners(period):
    """Organisations a group may be placed at without an offer: those whose card lists the
    group's specialty, unless the partnership has ended."""
    return (
        Partner.objects.filter(specialties=period.group.specialty_id)
        .exclude(status=PartnerStatus.ENDED)
        .order_by("name")
    )


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


def _partner_from(form, field="partner"):
    """The partner the user picked (bound data) or was given (initial), or None."""
    value = form.data.get(field) if form.is_bound else form.initial.get(field)
    if isinstance(value, Partner):
        return value
    try:
        return Partner.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


# --- Periods --------------------------------------------------------------------------------


class PeriodForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = PracticePeriod
        fields = ["kind", "group", "module", "start_date", "end_date", "hours", "college_supervisor", "competences",
                  "general_competences"]  # fmt: skip
        widgets = {
            "group": AutocompleteSelect("practice:group_autocomplete", placeholder=_("Type the group's name")),
            "college_supervisor": teacher_widget(),
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "competences": forms.Textarea(attrs={"rows": 6}),
            "general_competences": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StudyGroup.objects.select_related("specialty").order_by("name")
        self.fields["group"].label_from_instance = lambda group: f"{group.name} · {group.specialty.code}"
        self.fields["college_supervisor"].queryset = _teachers(self.instance.college_supervisor_id)

    def _post_clean(self):
        # The service checks the period as it will be saved (dates, placements outside them).
        pass


class PeriodFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any kind")), *PracticeKind.choices], required=False)
    # 1,200 groups at a large college: typed and looked up, never listed in the page.
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=StudyGroup.objects.all(),
        required=False,
        widget=AutocompleteSelect("practice:group_autocomplete", placeholder=_("Any group")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def filters(self):
        """Bad values are ignored, never an error."""
        data = self.cleaned_data if self.is_valid() else {}
        return {key: value for key, value in data.items() if value}


# --- Offers ---------------------------------------------------------------------------------


class OfferForm(PlausibleInputMixin, forms.ModelForm):
    """An offer of places. Staff creating one choose the organisation (``choose_partner``);
    otherwise the organisation is fixed and the contact is chosen among its people."""

    partner = PartnerChoiceField(label=_("Organisation"), queryset=Partner.objects.none(), widget=partner_widget())

    class Meta:
        model = Offer
        fields = ["partner", "title", "specialty", "places", "start_date", "end_date", "location", "is_paid",
                  "contact", "requirements"]  # fmt: skip
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"contact": ContactChoiceField}

    def __init__(self, *args, partner=None, choose_partner=False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_partner:
            self.fields["partner"].queryset = Partner.objects.order_by("name")
            partner = _partner_from(self)
        else:
            del self.fields["partner"]
        self.fixed_partner = None if choose_partner else partner
        contact = self.fields["contact"]
        contact.queryset = _contacts(partner, self.instance.contact_id)
        contact.with_partner = partner is None
        if choose_partner:  # a fixed organisation's few people stay a list
            use_widget(contact, contact_widget())
            contact.with_partner = True
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")

    def clean(self):
        data = super().clean()
        partner = data.get("partner") or self.fixed_partner
        contact = data.get("contact")
        if contact and partner and contact.partner_id != partner.pk:
            self.add_error("contact", _("Choose a contact person of %(partner)s.") % {"partner": partner.display_name})
        return data

    def _post_clean(self):
        # The service applies the fields and validates the offer as it will be saved.
        pass

    def service_fields(self):
        data = dict(self.cleaned_data)
        data.pop("partner", None)
        return data


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Organisation"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status")), *OfferStatus.choices], required=False)
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.order_by("code"),
        required=False,
        empty_label=_("Any specialty"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})
        for name in ("status", "specialty"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {key: value for key, value in data.items() if value}


# --- Placements -----------------------------------------------------------------------------


def offer_label(offer):
    left = max(offer.places - offer.taken, 0)
    return _("%(partner)s (%(title)s) — %(left)d of %(places)d places left") % {
        "partner": offer.partner.display_name,
        "title": offer.title,
        "left": left,
        "places": offer.places,
    }


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, offer):
        return offer_label(offer)


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, student):
        return student.full_name


class PlacementForm(PlausibleInputMixin, forms.Form):
    """Placing one student of a period: on an offer, or directly at an organisation."""

    student = StudentChoiceField(label=_("Student"), queryset=None)
    offer = OfferChoiceField(
        label=_("Offer"),
        queryset=None,
        required=False,
        empty_label=_("Without an offer"),
        help_text=_("A published offer for the group's specialty: the organisation and contact come from it."),
    )
    partner = PartnerChoiceField(
        label=_("Organisation"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("Needed only when no offer is chosen."),
        widget=partner_widget(),
    )
    employer_supervisor = ContactChoiceField(
        label=_("Supervisor from the organisation"),
        queryset=Contact.objects.none(),
        required=False,
        with_partner=True,
        widget=contact_widget(),
    )
    college_supervisor = forms.ModelChoiceField(
        label=_("Supervisor from the college"), queryset=Teacher.objects.none(), required=False, widget=teacher_widget()
    )
    start_date = forms.DateField(
        label=_("Start"), widget=DATE_INPUT, required=False, help_text=_("Empty: the start of the period.")
    )
    end_date = forms.DateField(
        label=_("End"), widget=DATE_INPUT, required=False, help_text=_("Empty: the end of the period.")
    )

    def __init__(self, *args, period, students, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["student"].queryset = students
        self.fields["offer"].queryset = offers
        self.fields["partner"].queryset = Partner.objects.order_by("name")
        partner = _partner_from(self)
        supervisor = self.fields["employer_supervisor"]
        supervisor.queryset = _contacts(partner)
        supervisor.help_text = _("Empty: the offer's contact person.")
        self.fields["college_supervisor"].queryset = _teachers()
        self.initial.setdefault("college_supervisor", period.college_supervisor_id)

    def clean(self):
        data = super().clean()
        offer, partner = data.get("offer"), data.get("partner")
        if offer and partner and offer.partner_id != partner.pk:
            self.add_error(
                "partner", _("The chosen offer is from %(partner)s.") % {"partner": offer.partner.display_name}
            )
        elif not offer and not partner and not ({"offer", "partner"} & set(self.errors)):
            self.add_error("partner", _("Choose an offer or an organisation."))
        data["partner"] = partner or (offer.partner if offer else None)
        return data


class PlacementEditForm(PlausibleInputMixin, forms.Form):
    employer_supervisor = ContactChoiceField(
        label=_("Supervisor from the organisation"), queryset=Contact.objects.none(), required=False
    )
    college_supervisor = forms.ModelChoiceField(
        label=_("Supervisor from the college"), queryset=Teacher.objects.none(), required=False, widget=teacher_widget()
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End"), widget=DATE_INPUT)

    def __init__(self, *args, placement, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "employer_supervisor": placement.employer_supervisor_id,
                "college_supervisor": placement.college_supervisor_id,
                "start_date": placement.start_date,
                "end_date": placement.end_date,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["employer_supervisor"].queryset = _contacts(placement.partner, placement.employer_supervisor_id)
        self.fields["college_supervisor"].queryset = _teachers(placement.college_supervisor_id)


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=PlacementState.choices)
    reason = forms.CharField(label=_("Reason for cancelling"), required=False, max_length=500)


class BulkPlaceForm(forms.Form):
    """Placing a group: one choice «for everyone» (an offer, or an organisation without an offer)
    and a choice per student that overrides it — another offer, or «not now». A row left on «as
    for everyone» takes the common choice, so the whole group is placed with one select, and the
    form works the same with JavaScript off (``static/js/bulk-place.js`` only shows the choice in
    the rows). The organisation (hundreds list the group's specialty at a region's scale) is
    typed and looked up, not listed."""

    SKIP = "skip"

    def __init__(self, *args, students, offers, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = list(students)
        offer_choices = [(offer.pk, offer_label(offer)) for offer in offers]
        common = [("", _("— choose for each student —"))]
        if offer_choices:
            common.append((_("Offers"), offer_choices))
        self.fields["all"] = forms.ChoiceField(
            label=_("Apply to all"),
            choices=common,
            required=False,
            help_text=_(
                "Every student left on «as for all» below is placed here; change a row to place that student elsewhere or not now."
            ),
        )
        self.fields["all"].widget.attrs.update(
            {"class": "form-select", "data-bulk-all": "", "aria-describedby": "all-help"}
        )
        if partners is not None:  # the organisations a student may be placed at (a queryset)
            self.fields["all_partner"] = PartnerChoiceField(
                label=_("Or an organisation, without an offer"),
                queryset=partners,
                required=False,
                widget=AutocompleteSelect("partners:autocomplete_current", placeholder=_("Type a partner's name")),
                error_messages={"invalid_choice": _("Choose an organisation whose card lists the group's specialty.")},
            )
        row_choices = [("", _("— as for all —")), (self.SKIP, _("— not now —")), *offer_choices]
        for student in self.students:
            field = forms.ChoiceField(label=student.full_name, choices=row_choices, required=False)
            field.widget.attrs.update({"class": "form-select form-select-sm", "data-bulk-row": ""})
            self.fields[self.field_name(student.pk)] = field

    @staticmethod
    def field_name(student_pk):
        return f"student_{student_pk}"

    def rows(self):
        return [(student, self[self.field_name(student.pk)]) for student in self.students]

    def _common(self):
        """("offer", id), ("partner", id) or None: what «apply to all» chose."""
        value = self.cleaned_data.get("all") or ""
        partner = self.cleaned_data.get("all_partner")
        if partner is not None and not value:
            return "partner", partner.pk
        return ("offer", int(value)) if value else None

    def _choice(self, student):
        value = self.cleaned_data.get(self.field_name(student.pk)) or ""
        if value == self.SKIP:
            return None
        return ("offer", int(value)) if value else self._common()

    def assignments(self):
        """{student id: offer id} of the students placed on an offer."""
        choices = {student.pk: self._choice(student) for student in self.students}
        return {pk: choice[1] for pk, choice in choices.items() if choice and choice[0] == "offer"}

    def direct(self):
        """{student id: partner id} of the students placed at an organisation without an offer."""
        choices = {student.pk: self._choice(student) for student in self.students}
        return {pk: choice[1] for pk, choice in choices.items() if choice and choice[0] == "partner"}

    def clean(self):
        data = super().clean()
        if data.get("all") and data.get("all_partner"):
            self.add_error("all_partner", _("Choose an offer or an organisation for all, not both."))
        if not self.errors and not self.assignments() and not self.direct():
            raise forms.ValidationError(_("Choose an offer for at least one student."))
        return data


# --- Evaluation sheet -----------------------------------------------------------------------

MASTERY_CHOICES = [("yes", _("mastered")), ("no", _("not mastered"))]


class EvaluationForm(forms.Form):
    """The evaluation sheet: one mastered / not mastered choice per professional (ПК) and general
    (ОК) competence of the period."""

    # The limits of the sheet's fields (see Evaluation): a sheet stays a page or two.
    work_done = forms.CharField(
        label=_("Work done"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The kinds and amount of work the student did during the practice."),
    )
    quality = forms.CharField(
        label=_("Quality of work"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=Grade.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    # Field name prefix and the saved list of each kind of competence.
    KINDS = {"competence": "competences", "general": "general_competences"}

    def __init__(self, *args, competences, general_competences=(), evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        self.general_competences = list(general_competences)
        for prefix, attribute in self.KINDS.items():
            saved = {item["name"]: item["mastered"] for item in (getattr(evaluation, attribute) if evaluation else [])}
            for index, name in enumerate(getattr(self, attribute)):
                field_name = f"{prefix}_{index}"
                self.fields[field_name] = forms.ChoiceField(
                    label=name,
                    choices=MASTERY_CHOICES,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                )
                if saved.get(name) is not None:
                    self.initial.setdefault(field_name, "yes" if saved[name] else "no")
        if evaluation is not None:
            for name in ("work_done", "quality", "grade", "comment"):
                self.initial.setdefault(name, getattr(evaluation, name))

    def competence_fields(self):
        return [self[f"competence_{index}"] for index in range(len(self.competences))]

    def general_competence_fields(self):
        return [self[f"general_{index}"] for index in range(len(self.general_competences))]

    def _marks(self, prefix, names):
        mastered = {"yes": True, "no": False}
        return {name: mastered.get(self.cleaned_data.get(f"{prefix}_{index}")) for index, name in enumerate(names)}

    def service_fields(self):
        data = self.cleaned_data
        return {
            "competences": self._marks("competence", self.competences),
            "general_competences": self._marks("general", self.general_competences),
            "work_done": data.get("work_done", ""),
            "quality": data.get("quality", ""),
            "grade": data.get("grade"),
            "comment": data.get("comment", ""),
        }
