"""Forms of the college reference data, the student import and teacher internships.
They validate input; the services do the writing."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from partners.forms import phone_field
from partners.models import Partner, Specialty
from partnership_portal.uploads import check_upload
from partnership_portal.validators import PlausibleInputMixin, validate_birth_date
from partnership_portal.widgets import AutocompleteSelect

from .forms_placements import partner_widget, teacher_widget
from .models import Student, StudyGroup, Teacher, TeacherInternship

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
INTERNSHIP_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def _select(form, *names):
    for name in names:
        form.fields[name].widget.attrs.update({"class": "form-select", "id": f"id_{name}"})


def _year_choices(years, empty_label):
    return [("", empty_label), *((year, str(year)) for year in years)]


# --- Groups and students --------------------------------------------------------------------


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.order_by("code"),
        required=False,
        empty_label=_("Any specialty"),
    )
    graduation_year = forms.TypedChoiceField(label=_("Graduation year"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = StudyGroup.objects.order_by("graduation_year").values_list("graduation_year", flat=True).distinct()
        self.fields["graduation_year"].choices = _year_choices(years, _("Any year"))
        _select(self, "specialty", "graduation_year")

    def filters(self):
        """Filters for the group list; bad values are ignored, not a 500."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", ""),
            "specialty": data.get("specialty"),
            "graduation_year": data.get("graduation_year"),
        }


class StudentForm(forms.ModelForm):
    phone = phone_field()

    class Meta:
        model = Student
        fields = ["last_name", "first_name", "middle_name", "gender", "birth_date", "email", "phone", "status",
                  "guardian_name", "guardian_document"]  # fmt: skip
        widgets = {"birth_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].validators.append(validate_birth_date)


class TeacherFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    overdue = forms.BooleanField(label=_("Only those with no internship in 3 years"), required=False)

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"query": data.get("q", ""), "overdue": bool(data.get("overdue"))}


# --- Import ---------------------------------------------------------------------------------


class StudentImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX or CSV (UTF-8 or Windows-1251, separated by ; or ,), up to 5 MB, with a header row."),
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], kinds=("xlsx", "csv"), max_bytes=settings.IMPORT_MAX_BYTES)


# --- Teacher internships --------------------------------------------------------------------


class InternshipFilterForm(forms.Form):
    teacher = forms.ModelChoiceField(
        label=_("Teacher"),
        queryset=Teacher.objects.all(),
        required=False,
        widget=AutocompleteSelect("practice:teacher_autocomplete", placeholder=_("Any teacher")),
    )
    partner = forms.CharField(label=_("Partner"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = TeacherInternship.objects.dates("start_date", "year", order="DESC")
        self.fields["year"].choices = _year_choices([day.year for day in years], _("Any year"))
        _select(self, "teacher", "year")

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"teacher": data.get("teacher"), "partner_query": data.get("partner", ""), "year": data.get("year")}


class InternshipForm(PlausibleInputMixin, forms.ModelForm):
    class Meta:
        model = TeacherInternship
        fields = ["teacher", "partner", "start_date", "end_date", "hours", "topic", "result_document"]
        widgets = {
            "teacher": teacher_widget(),
            "partner": partner_widget(),
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            # A plain input: the current file is offered through the permission-checked view only.
            "result_document": forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        help_texts = {"result_document": _("A PDF up to 20 MB: the certificate or report of the internship.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        teachers = Teacher.objects.filter(is_active=True)
        if self.instance.teacher_id:
            teachers = Teacher.objects.filter(is_active=True) | Teacher.objects.filter(pk=self.instance.teacher_id)
        self.fields["teacher"].queryset = teachers.order_by("last_name", "first_name")
        self.fields["partner"].queryset = Partner.objects.order_by("name")

    def clean_result_document(self):
        document = self.cleaned_data.get("result_document")
        if isinstance(document, UploadedFile):
            return check_upload(document, kinds=("pdf",), max_bytes=INTERNSHIP_DOCUMENT_MAX_BYTES)
        return document

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

    def service_fields(self):
        """The fields for ``internship_create/update``: ``result_document`` only when a file was uploaded."""
        data = dict(self.cleaned_data)
        document = data.pop("result_document", None)
        if isinstance(document, UploadedFile):
            data["result_document"] = document
        return data
