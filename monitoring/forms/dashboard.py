"""Forms: the indicator dashboard's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Specialty

# The dashboard's year filter: the portal's plausible years, newest first.
FIRST_YEAR = 2015


def year_choices(today=None):
    today = today or timezone.localdate()
    return [(year, str(year)) for year in range(today.year + 1, FIRST_YEAR - 1, -1)]


class IndicatorFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.none(),
        required=False,
        empty_label=_("All specialties"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")

    def scope_arguments(self):
        """(year, specialty_id): the chosen ones; this year or every specialty for a value that
        is not a choice (a hand-edited URL gives the default, never an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        specialty = data.get("specialty")
        return data.get("year") or timezone.localdate().year, specialty.pk if specialty else None
