"""Forms around a contract: state transitions, signatures, batches and targeted-training
obligations."""

import os

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import College
from partnership_portal.uploads import check_upload
from partnership_portal.validators import PlausibleInputMixin

from ..models import (
    ContractState,
    ObligationStatus,
    Party,
    SignatureKind,
    TargetedObligation,
)
from .base import DATE_INPUT, SIGNATURE_EXTENSIONS, SIGNED_FILE_MAX_BYTES

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


class SignatureForm(PlausibleInputMixin, forms.Form):
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


class BatchForm(PlausibleInputMixin, forms.Form):
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


class ObligationForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = TargetedObligation
        fields = ["status", "employed_on", "notes"]
        widgets = {"employed_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        # The service validates the obligation as it will be saved.
        pass
