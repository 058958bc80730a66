"""Forms for theses and their reviews. They validate input; ``services.theses`` and
``services.reviews`` do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Contact, Partner
from partnership_portal.validators import PlausibleInputMixin
from partnership_portal.widgets import AutocompleteSelect

from . import selectors
from .forms_placements import teacher_widget
from .models import Grade, Review, Student, StudentStatus, StudyGroup, Teacher, Thesis
from .services.theses import check_thesis_file

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

# The review state of a thesis as staff lists show and filter it.
REVIEW_STATES = (
    ("none", _("No reviewer")),
    ("assigned", _("Assigned")),
    ("draft", _("Draft review")),
    ("overdue", _("Overdue")),
    ("submitted", _("Review submitted")),
)


def initials_name(person):
    """«Фамилия И. О.»"""
    initials = " ".join(f"{part[0]}." for part in (person.first_name, person.middle_name) if part)
    return f"{person.last_name} {initials}".strip()


def student_label(student):
    return f"{student.full_name} · {student.group.name}"


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return student_label(obj)


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{initials_name(obj)} — {obj.partner.display_name}"


class ThesisForm(PlausibleInputMixin, forms.ModelForm):
    # 30,000 students and 10,000 partners at a large college: typed and looked up, never listed.
    student = StudentChoiceField(
        label=_("Student"),
        queryset=Student.objects.none(),
        widget=AutocompleteSelect("practice:student_autocomplete", placeholder=_("Type the student's surname")),
    )
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=_("A thesis reviewer of a partner organisation with a portal account. They get an e-mail."),
    )
    file = forms.FileField(
        label=_("Thesis file (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=_("PDF only, up to 30 MB."),
    )

    class Meta:
        model = Thesis
        fields = ["student", "topic", "supervisor", "ordered_by", "defence_date", "file", "reviewer", "review_due"]
        widgets = {
            "ordered_by": AutocompleteSelect("partners:autocomplete", placeholder=_("Not ordered by an enterprise")),
            "supervisor": teacher_widget(),
            "topic": forms.Textarea(attrs={"rows": 2}),
            "defence_date": DATE_INPUT,
            "review_due": DATE_INPUT,
        }

    def __init__(self, *args, review_submitted=False, **kwargs):
        super().__init__(*args, **kwargs)
        thesis = self.instance
        # The current choices stay selectable even if they would no longer be offered.
        self.fields["student"].queryset = Student.objects.select_related("group").filter(
            ~Q(status=StudentStatus.EXPELLED) | Q(pk=thesis.student_id)
        )
        self.fields["supervisor"].queryset = Teacher.objects.filter(Q(is_active=True) | Q(pk=thesis.supervisor_id))
        self.fields["ordered_by"].queryset = Partner.objects.all()
        self.fields["reviewer"].queryset = (
            Contact.objects.select_related("partner")
            .filter(Q(pk__in=selectors.reviewer_candidates().values("pk")) | Q(pk=thesis.reviewer_id))
            .order_by("partner__name", "last_name", "first_name")
        )
        if review_submitted:
            for name in ("student", "reviewer", "review_due"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("The review is submitted: this can no longer change.")

    def clean_topic(self):
        return self.cleaned_data["topic"].strip()

    def clean_file(self):
        file = self.cleaned_data.get("file")
        return check_thesis_file(file) if file else None

    def clean(self):
        data = super().clean()
        # The thesis's own rules (a reviewer needs a due date, due before the defence), checked
        # here too so that a thesis is never saved without the reviewer the form asked for.
        probe = Thesis(
            reviewer=data.get("reviewer"), review_due=data.get("review_due"), defence_date=data.get("defence_date")
        )
        try:
            probe.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return data

    def _post_clean(self):
        # The instance is not changed by the form: the services apply and validate the values.
        pass

    def service_fields(self):
        """(fields for ``thesis_create``/``thesis_update``, reviewer, review due, new file or None)."""
        data = dict(self.cleaned_data)
        reviewer, review_due, file = data.pop("reviewer"), data.pop("review_due"), data.pop("file")
        return data, reviewer, review_due, file


class ThesisFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # 1,200 groups at a large college: typed and looked up, never listed in the page.
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=StudyGroup.objects.all(),
        required=False,
        widget=AutocompleteSelect("practice:group_autocomplete", placeholder=_("Any group")),
    )
    state = forms.ChoiceField(label=_("Review"), choices=[("", _("Any state")), *REVIEW_STATES], required=False)
    mine = forms.BooleanField(label=_("Mine: theses I supervise"), required=False)

    def __init__(self, *args, teacher=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].widget.attrs.update({"class": "form-select", "id": "id_state"})
        self.fields["group"].widget.attrs["id"] = "id_group"
        # «Mine» is offered to a teacher (a staff user with a teacher record) only.
        self.teacher = teacher
        if teacher is None:
            del self.fields["mine"]
        else:
            self.fields["mine"].widget.attrs.update({"class": "form-check-input", "id": "id_mine"})

    def filters(self):
        """The valid filter values; bad values are ignored, not a 500."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": data.get("q") or "",
            "group": data.get("group"),
            "state": data.get("state") or "",
            "supervisor": self.teacher if data.get("mine") else None,
        }


class ReviewForm(PlausibleInputMixin, forms.ModelForm):
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=[("", _("Choose a grade")), *Grade.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Review
        fields = [
            *Review.SECTIONS,
            "grade",
            "recommended_for_production",
            "reviewer_qualification",
            "note_pages",
            "drawing_sheets",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in Review.SECTIONS},
            "reviewer_qualification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, reviewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].widget.attrs.update({"class": "form-select"})
        # The reviewer's qualification rarely changes: a new review starts from their last one.
        if reviewer is not None and not self.instance.reviewer_qualification and not self.is_bound:
            last = (
                Review.objects.filter(reviewer=reviewer)
                .exclude(reviewer_qualification="")
                .exclude(pk=self.instance.pk)
                .order_by("-updated_at")
                .values_list("reviewer_qualification", flat=True)
                .first()
            )
            self.initial.setdefault("reviewer_qualification", last or "")

    def _post_clean(self):
        # ``review_save`` checks completeness on submit and validates the review.
        pass

    def service_fields(self):
        return dict(self.cleaned_data)
