"""The contract form of each type that has no module of its own, the registry of forms by type,
and the initial data of a form from a query string."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Contact
from practice.models import Placement, PlacementState

from ..models import (
    PRICED_TYPES,
    ContractType,
)
from .base import ContractForm, PlacementChoiceField, StudentChoiceField, StudentPartyMixin, _pk, in_person_phrase
from .priced import priced_form
from .targeted import TargetedTrainingForm


class CooperationForm(ContractForm):
    """The cooperation agreement: its clauses are the standard text; the subject adds terms."""

    contract_type = ContractType.COOPERATION

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].label = _("Additional terms")
        self.fields["subject"].help_text = _("Printed after the standard subject of the agreement; may stay empty.")


class JointProjectForm(ContractForm):
    """The joint project: its name and aim (the subject), each party's contribution and the plan,
    printed as Appendix 1."""

    contract_type = ContractType.JOINT_PROJECT
    subject_required = True
    detail_fields = ("college_contribution", "partner_contribution", "plan")

    college_contribution = forms.CharField(
        label=_("The college's contribution"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the workshop, teachers and students of group ТМ-23-1."),
    )
    partner_contribution = forms.CharField(
        label=_("The partner's contribution"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: equipment and materials, engineers as mentors."),
    )
    plan = forms.CharField(
        label=_("Project plan (appendix 1)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One stage a line: stage; dates; responsible party. For example: "
            "«Разработка технического задания; 01.09–30.09.2026; Партнёр»."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].label = _("Project and its aim")
        self.fields["subject"].help_text = _("Printed as «совместной реализации проекта: …».")


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
        else:  # every placement of the college would be a list of thousands: the chosen one only
            placements = placements.filter(Q(pk=self.instance.placement_id) | Q(pk=_pk(self._raw("placement"))))
        placement.queryset = placements
        placement.with_partner = self.chosen_partner is None
        placement.empty_label = _("Without a placement")
        placement.help_text = (
            _("Choosing the placement fills the student and the dates.")
            if self.chosen_partner is not None
            else _("Choose the organisation first: its placements are listed here.")
        )
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


class AmendmentForm(ContractForm):
    """An amendment to ``parent``: the organisation, the parties and their names are the
    parent's; the subject is the changes. An amendment to a practical-training contract may give
    a new wording of Appendix 1 (the students) or Appendix 2 (the premises), the yearly
    885/390 workflow."""

    contract_type = ContractType.AMENDMENT
    subject_required = False
    detail_fields = ("replace_appendix_1", "replace_appendix_2", "premises")

    replace_appendix_1 = forms.BooleanField(label=_("New wording of Appendix 1 (students)"), required=False)
    placements = PlacementsChoiceField(label=_("Students (new Appendix 1)"), queryset=Placement.objects.none(),
                                       required=False)  # fmt: skip
    replace_appendix_2 = forms.BooleanField(label=_("New wording of Appendix 2 (premises)"), required=False)
    premises = forms.CharField(
        label=_("Premises and equipment (new Appendix 2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )

    def __init__(self, *args, parent, **kwargs):
        self.parent = parent
        super().__init__(*args, partner=parent.partner, **kwargs)
        self.fields["subject"].label = _("Changes to the contract")
        self.fields["subject"].help_text = _("Each change on its own line, as the amendment prints them.")
        self.fields["subject"].widget.attrs["rows"] = 6
        if parent.type != ContractType.PRACTICAL_TRAINING:
            for name in ("replace_appendix_1", "placements", "replace_appendix_2", "premises"):
                del self.fields[name]
            return
        field = self.fields["placements"]
        field.queryset = (
            Placement.objects.filter(partner=parent.partner)
            .exclude(state=PlacementState.CANCELLED)
            .select_related("student__group", "period__group")
            .order_by("-period__start_date", "student__last_name", "student__first_name")
        )
        if self.instance.pk:
            self.initial.setdefault("placements", [placement.pk for placement in self.instance.placements.all()])
        else:
            self.initial.setdefault("placements", [placement.pk for placement in parent.placements.all()])
            self.initial.setdefault("premises", (parent.details or {}).get("premises", ""))

    def clean(self):
        data = super().clean()
        one, two = data.get("replace_appendix_1"), data.get("replace_appendix_2")
        if not (data.get("subject") or "").strip() and not (one or two):
            self.add_error("subject", _("Write the changes to the contract."))
        if one and not data.get("placements"):
            self.add_error("placements", _("Choose the students of the new Appendix 1."))
        if two and not (data.get("premises") or "").strip():
            self.add_error("premises", _("List the premises and equipment of the new Appendix 2."))
        if not one and "placements" in data:
            data["placements"] = []
        return data

    def service_fields(self):
        data, placements = super().service_fields()
        data["parent"] = self.parent
        if not data["details"].get("replace_appendix_2"):
            data["details"].pop("premises", None)
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
