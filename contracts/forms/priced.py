"""Priced contracts: consulting, contract work, research, and the donation (sponsorship).

Each type's own fields are kept in ``Contract.details`` (see ``documents/priced.py`` for what the
document prints from them)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..documents import priced as document
from ..models import ContractType
from .base import DATE_INPUT, ContractForm, parse_date

DIRECTION_CHOICES = [
    (document.COLLEGE_PERFORMS, _("The college performs, the organisation pays")),
    (document.PARTNER_PERFORMS, _("The organisation performs, the college pays")),
]
VAT_CHOICES = [
    ("", _("Choose the VAT rate or the ground of exemption")),
    (
        _("VAT included in the price"),
        [("22", _("VAT 22 %")), ("20", _("VAT 20 %")), ("10", _("VAT 10 %")), ("0", _("VAT 0 %"))],
    ),
    (
        _("Not subject to VAT"),
        [
            ("usn", _("Simplified tax system (art. 346.11 of the Tax Code)")),
            ("education", _("Educational services (art. 149(2)(14) of the Tax Code)")),
            ("research", _("Research and development (art. 149(3)(16) of the Tax Code)")),
            ("other", _("Another ground (give it below)")),
        ],
    ),
]
RIGHTS_CHOICES = [
    ("customer", _("The customer; the performer may use them for its own needs")),
    ("performer", _("The performer; the customer gets a free non-exclusive licence")),
    ("joint", _("Both parties jointly")),
]
DONATION_CHOICES = [(document.MONEY, _("Money")), (document.PROPERTY, _("Property (equipment, materials)"))]

# Fields that re-render the form (htmx): the VAT choice shows its ground, the kind of donation
# what is asked about the property.
PRICED_REFRESH_FIELDS = ("vat", "donation_kind")


class PricedForm(ContractForm):
    """Consulting, contract work, research: who performs, the subject, the price with its VAT and
    the payment term."""

    subject_required = True
    detail_fields = ("direction", "vat", "vat_ground", "payment_days")
    subject_label = _("Subject")
    subject_help = ""

    direction = forms.ChoiceField(
        label=_("Who performs"),
        choices=DIRECTION_CHOICES,
        initial=document.COLLEGE_PERFORMS,
        widget=forms.RadioSelect,
        help_text=_("Decides who is the performer and who is the customer in the document."),
    )
    vat = forms.ChoiceField(label=_("VAT"), choices=VAT_CHOICES)
    vat_ground = forms.CharField(
        label=_("Ground of exemption from VAT"),
        max_length=300,
        help_text=_("As the contract cites it, for example «ст. 145 НК РФ»."),
    )
    payment_days = forms.IntegerField(
        label=_("Payment term, working days"),
        initial=document.DEFAULT_PAYMENT_DAYS,
        min_value=1,
        max_value=90,
        help_text=_("The customer pays within this many working days after the act is signed."),
    )

    class Meta(ContractForm.Meta):
        fields = [*ContractForm.Meta.fields, "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount = self.fields["amount"]
        amount.required = True
        amount.label = _("Price, roubles")
        amount.help_text = _("Printed in figures and words.")
        amount.widget.attrs.update(min="0", step="0.01")
        self.fields["subject"].label = self.subject_label
        self.fields["subject"].help_text = self.subject_help
        if "vat" in self.fields and self._raw("vat") != document.VAT_OTHER:
            del self.fields["vat_ground"]  # asked only for «another ground»
        self.order_fields(["subject", "amount", "vat", "vat_ground", "payment_days"])

    def party_fields(self):
        fields = super().party_fields()
        return [*fields, self["direction"]] if "direction" in self.fields else fields

    def term_fields(self):
        return [field for field in super().term_fields() if field.name != "direction"]

    def enable_refresh(self, url):
        super().enable_refresh(url)
        for name in PRICED_REFRESH_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"hx-get": url, "hx-trigger": "change"})

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("The amount must be greater than zero."))
        return amount

    def clean(self):
        data = super().clean()
        if data.get("vat") == document.VAT_OTHER and not (data.get("vat_ground") or "").strip():
            field = "vat_ground" if "vat_ground" in self.fields else "vat"
            if field not in self.errors:
                self.add_error(field, _("Give the ground of exemption from VAT."))
        return data


class ConsultingForm(PricedForm):
    contract_type = ContractType.CONSULTING
    subject_label = _("Services")
    subject_help = _(
        "What the consultations are about; printed in clause 1.1 after «оказать консультационные услуги:»."
    )


class ContractWorkForm(PricedForm):
    """Contract work: the dates of the work (an essential term, art. 708 of the Civil Code) and
    the statement of work printed as appendix 1."""

    contract_type = ContractType.CONTRACT_WORK
    detail_fields = (*PricedForm.detail_fields, "work_start", "work_end", "statement_of_work")
    subject_label = _("Work")
    subject_help = _("What is to be done; printed in clause 1.1 after «выполнить работу:».")

    work_start = forms.DateField(label=_("Work starts on"), widget=DATE_INPUT)
    work_end = forms.DateField(label=_("Work ends on"), widget=DATE_INPUT)
    statement_of_work = forms.CharField(
        label=_("Statement of work (appendix 1)"),
        max_length=10000,  # a few pages of appendix: nothing printed grows without bound
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The content, volume and requirements of the work; each line is printed as a paragraph."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("work_start", "work_end"):
            value = self.initial.get(name)
            if isinstance(value, str):
                self.initial[name] = parse_date(value)

    def date_fields(self):
        return [*super().date_fields(), self["work_start"], self["work_end"]]

    def term_fields(self):
        return [field for field in super().term_fields() if field.name not in ("work_start", "work_end")]

    def clean(self):
        data = super().clean()
        start, end = data.get("work_start"), data.get("work_end")
        if start and end and end < start:
            self.add_error("work_end", _("The work cannot end before it starts."))
        valid_from, valid_until = data.get("start_date"), data.get("end_date")
        if start and valid_from and start < valid_from:
            self.add_error("work_start", _("The work cannot start before the contract is in force."))
        if end and valid_until and end > valid_until:
            self.add_error("work_end", _("The work cannot end after the contract expires."))
        return data


class ResearchForm(PricedForm):
    """Research (НИОКР): the statement of work (art. 769) and who holds the rights to the
    results (art. 772 of the Civil Code)."""

    contract_type = ContractType.RESEARCH
    detail_fields = (*PricedForm.detail_fields, "rights_holder", "statement_of_work")
    subject_label = _("Research topic")
    subject_help = _("Printed in clause 1.1 after «выполнить … работы по теме:».")

    rights_holder = forms.ChoiceField(
        label=_("Rights to the results belong to"),
        choices=RIGHTS_CHOICES,
        initial="customer",
        widget=forms.RadioSelect,
        help_text=_("Art. 772 of the Civil Code: the clause on the rights to the results follows this choice."),
    )
    statement_of_work = forms.CharField(
        label=_("Statement of work (appendix 1)"),
        max_length=10000,  # a few pages of appendix: nothing printed grows without bound
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Aims, content and volume of the research, the expected results and the reports; each line is printed "
            "as a paragraph."
        ),
    )


class DonationForm(PricedForm):
    """Sponsorship of a state college is a donation (art. 582 of the Civil Code): money or
    property given for a stated purpose, with no price, VAT or acceptance of work."""

    contract_type = ContractType.SPONSORSHIP
    subject_required = False
    detail_fields = ("donation_kind", "purpose", "payment_days")
    subject_label = _("Donated property")
    subject_help = _("One item per line: name, characteristics, quantity. Leave empty for a donation of money.")

    direction = None
    vat = None
    vat_ground = None
    donation_kind = forms.ChoiceField(
        label=_("What is donated"), choices=DONATION_CHOICES, initial=document.MONEY, widget=forms.RadioSelect
    )
    purpose = forms.CharField(
        label=_("Purpose of the donation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What the college is to use the donation for (art. 582 of the Civil Code), for example «оснащение "
            "лаборатории сварочных технологий»."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = _("Sum or value of the property, roubles")
        self.fields["payment_days"].label = _("Transfer term, working days")
        self.fields["payment_days"].help_text = _("The donor transfers the donation within this many working days.")
        if self._raw("donation_kind") == document.PROPERTY:
            self.fields["subject"].required = True
        self.order_fields(["donation_kind", "subject", "amount", "purpose", "payment_days"])

    def clean(self):
        data = super().clean()
        no_property = data.get("donation_kind") == document.PROPERTY and not (data.get("subject") or "").strip()
        if no_property and "subject" not in self.errors:
            self.add_error("subject", _("List the donated property."))
        return data


FORMS = {form.contract_type: form for form in (ConsultingForm, ContractWorkForm, ResearchForm, DonationForm)}


def priced_form(contract_type):
    return FORMS[ContractType(contract_type)]
