"""Priced contracts: consulting, contract work, research, sponsorship."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import ContractForm


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
