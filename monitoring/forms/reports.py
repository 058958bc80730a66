"""Forms of periodic reports: asking for one, filtering the list, choosing subscriptions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from partners.models import Specialty
from partnership_portal.validators import EARLIEST_YEAR, validate_plausible_date

from ..models import ReportKind
from ..models.reports import SCHEDULED_KINDS
from ..services.reports import period_of

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
QUARTERS = [(1, _("I quarter")), (2, _("II quarter")), (3, _("III quarter")), (4, _("IV quarter"))]


def year_choices():
    return [(year, year) for year in range(timezone.localdate().year, EARLIEST_YEAR - 1, -1)]


class ReportRequestForm(forms.Form):
    """The period is a month, a quarter or a year of ``year``, or the dates of a custom period;
    the fields the chosen kind does not use are ignored."""

    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices, widget=forms.RadioSelect)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, choices=list(MONTHS.items()))
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, required=False, choices=QUARTERS)
    start_date = forms.DateField(
        label=_("From"), required=False, widget=DATE_INPUT, validators=[validate_plausible_date]
    )
    end_date = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT, validators=[validate_plausible_date])
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.none(),
        required=False,
        empty_label=_("All specialties (the whole college)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].choices = year_choices()
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")
        self.fields["year"].help_text = _("For a monthly, quarterly or annual report.")
        self.fields["month"].help_text = _("For a monthly report.")
        self.fields["quarter"].help_text = _("For a quarterly report.")
        self.fields["start_date"].help_text = _("For a custom period: its first and last day.")
        if not self.is_bound:
            self.initial.setdefault("kind", ReportKind.MONTHLY)
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("month", today.month)
            self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        required = {
            ReportKind.MONTHLY: ("year", "month"),
            ReportKind.QUARTERLY: ("year", "quarter"),
            ReportKind.ANNUAL: ("year",),
            ReportKind.CUSTOM: ("start_date", "end_date"),
        }[ReportKind(kind)]
        missing = [name for name in required if data.get(name) in (None, "") and name not in self.errors]
        for name in missing:
            self.add_error(name, _("Fill this in for the report you chose."))
        if missing or any(name in self.errors for name in required):
            return data
        start, end = period_of(
            kind,
            year=data.get("year"),
            quarter=data.get("quarter"),
            month=data.get("month"),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
        )
        if end < start:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        data["period"] = (start, end)
        return data

    def service_fields(self):
        start, end = self.cleaned_data["period"]
        return {
            "kind": self.cleaned_data["kind"],
            "start_date": start,
            "end_date": end,
            "specialty": self.cleaned_data.get("specialty"),
        }


class ReportFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of report"), choices=[("", _("Any kind")), *ReportKind.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year")), *((year, year) for year in years)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self):
        """Keyword arguments for ``report_list``; bad values are ignored, not a 500."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("kind", ""), "year": data.get("year")}


class SubscriptionForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me by e-mail"),
        choices=[(kind.value, kind.label) for kind in SCHEDULED_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Each scheduled report of the kinds you tick comes to your e-mail once it is ready."),
    )
