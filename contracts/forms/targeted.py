"""The targeted-training contract form (decree 555 of 27.04.2024)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    ContractType,
)
from .base import DATE_INPUT, ContractForm, StudentChoiceField, StudentPartyMixin


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
