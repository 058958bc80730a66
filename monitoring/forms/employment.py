"""Forms of graduate employment: a graduate's status at a checkpoint (alone or as a row of the
group table), the filters of the lists and the rates page."""

import re

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, Specialty
from partnership_portal.validators import clean_name

from ..models.employment import WORKING_STATUSES, EmploymentRecord, EmploymentStatus
from ..selectors.employment import VERDICT_LABELS

EMPLOYER_LIST_ID = "employment-partners"
INN_SUFFIX = re.compile(r"(?:ИНН|INN)\s*(\d{10}|\d{12})\s*\)?\s*$", re.IGNORECASE)
YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def partner_label(name, inn):
    """How a register employer is written in the employer field (and offered in its list)."""
    return f"{name} (ИНН {inn})"


def resolve_employer(text):
    """(partner, typed name) from the employer field: a partner picked from the list (it ends with
    its ИНН), a bare ИНН of a partner, or a partner's exact name; otherwise the typed name."""
    text = clean_name(text or "")
    if not text:
        return None, ""
    match = INN_SUFFIX.search(text)
    inn = match.group(1) if match else (text if text.isdigit() and len(text) in (10, 12) else None)
    if inn:
        partner = Partner.objects.filter(inn=inn).first()
        if partner is not None:
            return partner, ""
    named = list(Partner.objects.filter(Q(name__iexact=text) | Q(short_name__iexact=text))[:2])
    if len(named) == 1:
        return named[0], ""
    return None, text


class EmploymentRecordForm(forms.Form):
    """A graduate's status at one checkpoint. ``optional=True`` (a row of the group table) lets a
    graduate without a record stay without one."""

    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *EmploymentStatus.choices])
    employer = forms.CharField(
        label=_("Employer"),
        max_length=EmploymentRecord._meta.get_field("employer_name").max_length,
        required=False,
        help_text=_("Start typing and pick a partner from the register, or type the name of another organisation."),
        # The <datalist> starts empty: autocomplete.js fills it with the matches as the user
        # types (the register has 10,000 partners: listing them all made the page 0.6 MB).
        widget=forms.TextInput(
            attrs={
                "list": EMPLOYER_LIST_ID,
                "autocomplete": "off",
                "data-suggest-url": reverse_lazy("monitoring:employment_employer_suggest"),
            }
        ),
    )
    post = forms.CharField(label=_("Post"), max_length=300, required=False)
    in_specialty = forms.ChoiceField(label=_("In the specialty"), choices=YES_NO, required=False)

    def __init__(self, *args, record=None, optional=False, **kwargs):
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(record)
        super().__init__(*args, **kwargs)
        if optional:
            self.fields["status"].required = bool(self.initial.get("status"))

    @staticmethod
    def initial_from(record):
        if record is None:
            return {}
        employer = partner_label(record.employer.display_name, record.employer.inn) if record.employer_id else ""
        return {
            "status": record.status,
            "employer": employer or record.employer_name,
            "post": record.post,
            "in_specialty": {True: "yes", False: "no"}.get(record.in_specialty, ""),
        }

    def clean(self):
        data = super().clean()
        status = data.get("status")
        partner, name = resolve_employer(data.get("employer"))
        in_specialty = {"yes": True, "no": False}.get(data.get("in_specialty") or "")
        if status and status not in WORKING_STATUSES:
            for field, value in (("employer", partner or name), ("post", data.get("post")),
                                 ("in_specialty", in_specialty is not None)):  # fmt: skip
                if value:
                    self.add_error(field, _("Only for an employed or self-employed graduate."))
        if not status and (partner or name or data.get("post") or in_specialty is not None):
            self.add_error("status", _("Choose the status, or clear the row."))
        if status == EmploymentStatus.EMPLOYED and not (partner or name):
            self.add_error("employer", _("Pick the employer from the register or type its name."))
        data.update(employer=partner, employer_name=name, in_specialty=in_specialty)
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {name: data.get(name) for name in ("status", "employer", "employer_name", "post", "in_specialty")}


class GroupRowForm(EmploymentRecordForm):
    """A row of the group table: the graduate it is for travels with it, so a list that changed
    between opening and saving the page is noticed rather than saved onto the wrong person."""

    student = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("optional", True)
        super().__init__(*args, **kwargs)
        for name in ("employer", "post"):
            self.fields[name].help_text = ""
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                field.widget, forms.Select) else "form-control form-control-sm")  # fmt: skip


class BaseGroupFormSet(forms.BaseFormSet):
    def __init__(self, *args, graduates, **kwargs):
        self.graduates = graduates
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        posted = [form.cleaned_data.get("student") for form in self.forms if hasattr(form, "cleaned_data")]
        if posted != [student.pk for student in self.graduates]:
            raise forms.ValidationError(
                _("The group's list of graduates changed while you were editing; open the table again.")
            )


GroupFormSet = forms.formset_factory(GroupRowForm, formset=BaseGroupFormSet, extra=0, max_num=1000, validate_max=True)


def group_formset(graduates_with_records, data=None):
    graduates = [student for student, _record in graduates_with_records]
    initial = [
        {"student": student.pk, **EmploymentRecordForm.initial_from(record)}
        for student, record in graduates_with_records
    ]
    return GroupFormSet(data, initial=initial, graduates=graduates, prefix="rows")


# --- Filters ------------------------------------------------------------------------------------


class BootstrapFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")


def _year_choices(years, empty):
    return [("", empty), *[(str(year), str(year)) for year in years]]


class GroupFilterForm(BootstrapFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Graduation year"), required=False, coerce=int, empty_value=None)
    specialty = forms.ModelChoiceField(
        label=_("Specialty"), queryset=Specialty.objects.all(), required=False, empty_label=_("All specialties")
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years, _("All years"))

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: self.cleaned_data[key] for key in ("q", "year", "specialty") if self.cleaned_data.get(key)}


class RatesFilterForm(BootstrapFilterForm):
    """Graduation years from–to (by default the last five years with graduates) and a specialty."""

    year_from = forms.TypedChoiceField(label=_("Graduation year from"), required=False, coerce=int, empty_value=None)
    year_to = forms.TypedChoiceField(label=_("Graduation year to"), required=False, coerce=int, empty_value=None)
    specialty = forms.ModelChoiceField(
        label=_("Specialty"), queryset=Specialty.objects.all(), required=False, empty_label=_("All specialties")
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.available = sorted(years) or [timezone.localdate().year]
        for name in ("year_from", "year_to"):
            self.fields[name].choices = _year_choices(self.available, "—")

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            data["year_from"], data["year_to"] = data["year_to"], data["year_from"]
        return data

    def years(self):
        valid = self.is_valid()
        last = (self.cleaned_data.get("year_to") if valid else None) or self.available[-1]
        first = (self.cleaned_data.get("year_from") if valid else None) or max(min(self.available), last - 4)
        return list(range(max(first, last - 15), last + 1))

    def chosen_specialty(self):
        return self.cleaned_data.get("specialty") if self.is_valid() else None


class TargetedFilterForm(BootstrapFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    verdict = forms.ChoiceField(
        label=_("Obligation"), required=False, choices=[("", _("Any obligation state")), *VERDICT_LABELS.items()]
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {"query": self.cleaned_data["q"], "verdict": self.cleaned_data["verdict"] or None}
