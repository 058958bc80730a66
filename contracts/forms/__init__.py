"""Forms of the contracts app, by subject: the shared base and filters (``base``), one form per
contract type (``types``, ``priced``, ``targeted``), and the forms around a contract
(``signatures``: transitions, signatures, batches, obligations). They validate input; the
services do the writing."""

from .base import REFRESH_FIELDS, ContractFilterForm, ContractForm, in_person_phrase, parse_date
from .priced import PricedForm
from .signatures import (
    BatchForm,
    ObligationFilterForm,
    ObligationForm,
    SignatureForm,
    TransitionForm,
    check_signed_file,
    signer_names,
)
from .targeted import TargetedTrainingForm
from .types import TYPE_FORMS, AmendmentForm, form_class_for, initial_from

__all__ = [
    "REFRESH_FIELDS",
    "TYPE_FORMS",
    "AmendmentForm",
    "BatchForm",
    "ContractFilterForm",
    "ContractForm",
    "ObligationFilterForm",
    "ObligationForm",
    "PricedForm",
    "SignatureForm",
    "TargetedTrainingForm",
    "TransitionForm",
    "check_signed_file",
    "form_class_for",
    "in_person_phrase",
    "initial_from",
    "parse_date",
    "signer_names",
]
