"""The targeted-training contract form (model form of decree 555 of 27.04.2024)."""

import calendar
import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    ContractType,
)
from .base import DATE_INPUT, PARTY_FIELDS, ContractForm, StudentChoiceField, StudentPartyMixin

# The citizen's own data, shown with the parties.
CITIZEN_FIELDS = ("guardian_document", "passport", "address", "bank_details")


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expected_graduation(student):
    """The end of June of the group's graduation year: the usual end of studies at a college."""
    return dt.date(student.group.graduation_year, 6, 30)


class TargetedTrainingForm(StudentPartyMixin, ContractForm):
    """Customer, citizen and college (decree 555 of 27.04.2024). The employment term is a number
    of months after graduation, as the contract prints it; the deadline date kept for tracking the
    obligation is an estimate from the expected graduation unless staff give it."""

    contract_type = ContractType.TARGETED_TRAINING
    detail_fields = ("guardian_document", "passport", "address", "bank_details", "form_of_study", "education_base",
                     "support_measures", "okved", "future_place", "future_position", "pay_conditions",
                     "employment_months", "work_years", "employment_deadline", "portal_offer_number")  # fmt: skip

    guardian_document = forms.CharField(
        label=_("Legal representative's document"),
        required=False,
        max_length=300,
        help_text=_("For example: паспорт 6512 345678, выдан ГУ МВД России по Свердловской области 01.02.2015."),
    )
    passport = forms.CharField(
        label=_("Citizen's passport"),
        max_length=300,
        help_text=_("Series, number, issued by, date of issue."),
    )
    address = forms.CharField(label=_("Registration address"), max_length=500)
    bank_details = forms.CharField(
        label=_("Citizen's bank details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For support payments: account, bank, BIC. May stay empty."),
    )
    form_of_study = forms.ChoiceField(
        label=_("Form of study"),
        choices=[("full_time", _("full-time")), ("part_time", _("part-time")), ("extramural", _("extramural"))],
        initial="full_time",
    )
    education_base = forms.ChoiceField(
        label=_("Admitted on the basis of"),
        choices=[
            ("", "—"),
            ("basic", _("basic general education (9 grades)")),
            ("secondary", _("secondary general education (11 grades)")),
        ],  # fmt: skip
        required=False,
    )
    support_measures = forms.CharField(
        label=_("Support measures"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a monthly stipend of 5 000 roubles, paid practice, a hostel place."),
    )
    okved = forms.CharField(
        label=_("Customer's OKVED code"),
        max_length=200,
        help_text=_("The kind of economic activity, for example «25.62 Обработка металлических изделий механическая»."),
    )
    future_place = forms.CharField(label=_("Future place of work"), max_length=500)
    future_position = forms.CharField(label=_("Future post"), max_length=300)
    pay_conditions = forms.CharField(
        label=_("Pay conditions"),
        max_length=500,
        help_text=_("For example: «оклад не ниже 55 000 руб. в месяц по штатному расписанию заказчика»."),
    )
    employment_months = forms.IntegerField(
        label=_("Employment term, months after graduation"),
        initial=3,
        min_value=1,
        max_value=12,
        help_text=_(
            "The contract says: employed not later than this many months after leaving the college on graduating."
        ),
    )
    work_years = forms.IntegerField(
        label=_("Years to work"),
        initial=3,
        min_value=3,
        max_value=10,
        help_text=_("At least 3 years under article 56 of the law «On education»."),
    )
    employment_deadline = forms.DateField(
        label=_("Estimated employment deadline"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Not printed: the obligation is tracked against it. Left empty, it is counted from the end of June "
            "of the group's graduation year."
        ),
    )
    portal_offer_number = forms.CharField(
        label=_("Offer number on «Работа в России»"),
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
        if "guardian_name" not in self.fields:
            del self.fields["guardian_document"]  # an adult citizen signs for themselves

    def party_fields(self):
        return [self[name] for name in self.fields if name in PARTY_FIELDS or name in CITIZEN_FIELDS]

    def term_fields(self):
        return [field for field in super().term_fields() if field.name not in CITIZEN_FIELDS]

    def clean(self):
        data = super().clean()
        student, months = data.get("student"), data.get("employment_months")
        if not data.get("employment_deadline") and student and months:
            data["employment_deadline"] = add_months(expected_graduation(student), months)
        deadline, start = data.get("employment_deadline"), data.get("start_date")
        if deadline and start and deadline < start:
            self.add_error("employment_deadline", _("The employment deadline cannot be before the contract starts."))
        return self.clean_student_party(data)
