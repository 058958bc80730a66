"""Forms of contributions and development programmes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, Specialty
from partnership_portal.validators import PlausibleInputMixin
from partnership_portal.widgets import AutocompleteSelect

from ..models import Contribution, ContributionKind, Programme
from ..selectors.contributions import contract_choices

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


class ContractChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contract):
        return f"№ {contract.number} {contract.signed_on:%d.%m.%Y} · {contract.get_type_display()}"


class ContributionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    partner = PartnerChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False,
                                 empty_label=_("Any partner"))  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind of contribution"), choices=[("", _("Any kind")), *ContributionKind.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    specialty = forms.ModelChoiceField(label=_("Specialty"), queryset=Specialty.objects.all(), required=False,
                                       empty_label=_("Any specialty"))  # fmt: skip

    def __init__(self, *args, years=(), with_partner=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year")), *((year, year) for year in years)]
        if with_partner:
            # Only partners that have contributions: a short list even with a large register.
            self.fields["partner"].queryset = Partner.objects.filter(
                pk__in=Contribution.objects.values("partner_id")
            ).order_by("name")
        else:
            del self.fields["partner"]
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})
        for name in ("partner", "kind", "year", "specialty"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self):
        """Keyword arguments for ``contribution_list``; bad values are ignored, not a 500."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", ""),
            "partner": data.get("partner"),
            "kind": data.get("kind", ""),
            "year": data.get("year"),
            "specialty": data.get("specialty"),
        }


class ContributionForm(PlausibleInputMixin, forms.ModelForm):
    """Choosing the partner re-renders the form (htmx) so that the contract offers only that
    partner's contracts."""

    # 10,000 partners at a region's scale: typed and looked up, never listed in the page.
    partner = PartnerChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        widget=AutocompleteSelect("partners:autocomplete", placeholder=_("Type a partner's name")),
    )

    class Meta:
        model = Contribution
        fields = ["partner", "kind", "value", "date", "description", "inventory_number", "specialty", "programme",
                  "contract", "document"]  # fmt: skip
        widgets = {"date": DATE_INPUT}
        field_classes = {"contract": ContractChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.order_by("name")
        self.chosen_partner = self._chosen_partner()
        contract = self.fields["contract"]
        contract.queryset = contract_choices(self.chosen_partner)
        contract.empty_label = _("No contract in the portal")
        contract.help_text = (
            _("A donation (sponsorship) or another agreement of this partner in the portal.")
            if self.chosen_partner
            else _("Choose the partner first: its contracts are then offered here.")
        )
        self.fields["value"].widget.attrs.update(min="0", step="0.01")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())
        self.fields["inventory_number"].help_text = _("Required for equipment.")
        self.fields["programme"].queryset = Programme.objects.order_by("-start_year", "name")
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")

    def _chosen_partner(self):
        raw = self.data.get(self.add_prefix("partner")) if self.is_bound else self.initial.get("partner")
        if isinstance(raw, Partner):
            return raw
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            return None
        return Partner.objects.filter(pk=pk).first()

    def enable_refresh(self, url):
        self.fields["partner"].widget.attrs.update({"hx-get": url, "hx-trigger": "change"})

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProgrammeForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "specialty", "budget", "start_year", "end_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].widget.attrs.update(min="0", step="0.01")
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")
