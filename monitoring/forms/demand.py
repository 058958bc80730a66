"""Forms of hiring demand: a declaration, the list filters, the demand-vs-supply filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, Specialty
from partnership_portal.widgets import AutocompleteSelect

from ..models import DemandDeclaration, DemandSource
from ..services.demand import year_bounds, year_error


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


class DeclarationForm(forms.ModelForm):
    """An employer's declaration of its organisation's needs; staff (``staff=True``) also say
    where the demand comes from and, optionally, which partner wants the people."""

    # 10,000 partners at a large college: typed and looked up, never listed in the page.
    partner = PartnerChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        widget=AutocompleteSelect("partners:autocomplete", placeholder=_("Not in the register")),
    )

    class Meta:
        model = DemandDeclaration
        fields = ["specialty", "year", "people", "salary_from", "salary_to", "housing", "targeted_training",
                  "offer_number", "source", "source_name", "partner", "employer_name", "comment"]  # fmt: skip
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")
        first, last = year_bounds()
        self.fields["year"].widget.attrs.update({"min": first, "max": last})
        self.fields["people"].widget.attrs["min"] = 1
        for name in ("salary_from", "salary_to"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1000})
        self.fields["comment"].max_length = DemandDeclaration._meta.get_field("comment").max_length
        self.fields["comment"].widget.attrs["maxlength"] = self.fields["comment"].max_length
        self.staff = staff
        if staff:
            self.fields["partner"].queryset = Partner.objects.all()
            self.fields["source"].initial = DemandSource.OTHER
        else:
            for name in ("source", "source_name", "partner", "employer_name"):
                del self.fields[name]

    def clean_year(self):
        year = self.cleaned_data.get("year")
        message = year_error(year)
        if message:
            raise forms.ValidationError(message)
        return year

    def clean(self):
        data = super().clean()
        low, high = data.get("salary_from"), data.get("salary_to")
        if low is not None and high is not None and high < low:
            self.add_error("salary_to", _("The salary «to» cannot be less than the salary «from»."))
        if data.get("offer_number") and not data.get("targeted_training"):
            self.add_error("offer_number", _("An offer number goes with targeted training only."))
        if self.staff:
            source = data.get("source")
            if source == DemandSource.PARTNER and not data.get("partner"):
                self.add_error("partner", _("Choose the partner that declared the demand."))
            if source == DemandSource.OTHER and not (data.get("source_name") or "").strip():
                self.add_error("source_name", _("Name the source of the demand."))
        return data

    def _post_clean(self):
        # The service applies the fields and validates the declaration as it will be saved.
        pass

    def service_fields(self):
        return dict(self.cleaned_data)


class DeclarationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.order_by("code"),
        required=False,
        empty_label=_("Any specialty"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("Any source")), *DemandSource.choices], required=False
    )

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["source"]
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})
        self.fields["year"].widget.attrs["class"] = "form-control"
        for name in ("specialty", "source"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self):
        """Keyword arguments for ``declaration_list``; a bad value is dropped, never a 500."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "specialty": data.get("specialty"),
            "year": data.get("year"),
            "source": data.get("source") or "",
        }


class SupplyFilterForm(forms.Form):
    """Years (at most ``MAX_SPAN`` of them) and a specialty for the demand-vs-supply table."""

    MAX_SPAN = 15

    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1990, max_value=2100)
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.order_by("code"),
        required=False,
        empty_label=_("Any specialty"),
    )

    def __init__(self, *args, default_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_years = default_years
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["specialty"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None:
            if last < first:
                self.add_error("year_to", _("The last year cannot be before the first."))
            elif last - first >= self.MAX_SPAN:
                self.add_error("year_to", _("Choose at most %(count)d years.") % {"count": self.MAX_SPAN})
        return data

    def years(self):
        """The years asked for; a bad range falls back to the default ones."""
        first, last = self.default_years
        if self.is_valid():
            first = self.cleaned_data.get("year_from") or first
            last = self.cleaned_data.get("year_to") or last
            if last < first:
                first, last = last, first
            last = min(last, first + self.MAX_SPAN - 1)
        return list(range(first, last + 1))

    def chosen_specialty(self):
        return self.cleaned_data.get("specialty") if self.is_valid() else None
