"""Forms: the survey builder (a survey form and a question formset), campaigns, the answer form."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, PartnerStatus
from partnership_portal.widgets import AutocompleteSelectMultiple
from practice.models import StudyGroup

from ..models.surveys import (
    CHOICE_KINDS,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    SCALE_MAX,
    SCALE_MIN,
    Audience,
    Campaign,
    CampaignState,
    QuestionKind,
    Survey,
)

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
OPTION_MAX_LENGTH = 200


class SurveyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Surveys and templates")), ("surveys", _("Surveys")), ("templates", _("Templates"))],
    )

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "kind": data.get("kind", "")}


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("Any state")), *CampaignState.choices])

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "state": data.get("state", "")}


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "description", "is_template"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "description": _("Shown above the questions."),
            "is_template": _("Other surveys can be created from a template; a template itself is not sent."),
        }


class QuestionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.SCALE)
    help_text = forms.CharField(label=_("Hint"), max_length=300, required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For choice questions: one option per line."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)

    def clean_options(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["options"].splitlines()]
        options = [line for line in lines if line]
        if any(len(option) > OPTION_MAX_LENGTH for option in options):
            raise forms.ValidationError(
                _("An option may have at most %(count)d characters.") % {"count": OPTION_MAX_LENGTH}
            )
        if len({option.casefold() for option in options}) != len(options):
            raise forms.ValidationError(_("The options repeat each other."))
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(_("At most %(count)d options.") % {"count": MAX_OPTIONS})
        return options

    def clean(self):
        data = super().clean()
        kind, options = data.get("kind"), data.get("options")
        if kind in CHOICE_KINDS and options is not None and len(options) < 2:
            self.add_error("options", _("A choice question needs at least two options, one per line."))
        if kind and kind not in CHOICE_KINDS:
            data["options"] = []  # kept out of a scale or text question, whatever was typed
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.questions():
            raise forms.ValidationError(_("Add at least one question."))

    def questions(self):
        """The questions kept, in the order given (the ORDER field, then the form order)."""
        kept = [
            form
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

        def position(form):
            order = form.cleaned_data.get("ORDER")
            return (order if order is not None else 10_000, self.forms.index(form))

        kept.sort(key=position)
        return [
            {key: form.cleaned_data[key] for key in ("id", "text", "kind", "help_text", "options", "required")}
            for form in kept
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
    max_num=MAX_QUESTIONS,
    validate_max=True,
    absolute_max=MAX_QUESTIONS + 10,
)


def question_initial(survey):
    return [
        {
            "id": question.pk,
            "text": question.text,
            "kind": question.kind,
            "help_text": question.help_text,
            "options": "\n".join(question.options),
            "required": question.required,
            "ORDER": number,
        }
        for number, question in enumerate(survey.questions.all(), start=1)
    ]


class GroupChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, group):
        return f"{group.name} ({group.graduation_year})"


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


class CampaignForm(forms.ModelForm):
    groups = GroupChoiceField(
        label=_("Groups"),
        queryset=StudyGroup.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("For students: their groups (hold Ctrl to choose several)."),
    )
    # Active partners are thousands at a large college: typed and looked up, never all listed.
    partners = PartnerChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=AutocompleteSelectMultiple("partners:autocomplete_active", placeholder=_("Type a partner's name")),
        help_text=_("For partners' contacts: none chosen means every active partner. Contacts need an e-mail."),
    )

    class Meta:
        model = Campaign
        fields = ["title", "audience", "groups", "graduation_year", "partners", "anonymous", "closes_on"]
        widgets = {"closes_on": DATE_INPUT, "audience": forms.RadioSelect}
        help_texts = {"graduation_year": _("For graduates: everyone of the groups graduating that year.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["groups"].queryset = StudyGroup.objects.filter(graduation_year__gte=today.year).order_by("name")
        self.fields["partners"].queryset = Partner.objects.filter(status=PartnerStatus.ACTIVE)
        self.fields["graduation_year"].widget.attrs.update({"min": 1990, "max": today.year})
        if not self.instance.pk:
            self.initial.setdefault("closes_on", today + timedelta(days=14))

    def clean_graduation_year(self):
        year = self.cleaned_data.get("graduation_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("Graduates are people who have graduated: the year cannot be ahead."))
        return year

    def clean_closes_on(self):
        day = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("The closing day cannot be in the past."))
        if day > today + timedelta(days=366):
            raise forms.ValidationError(_("A campaign may last at most a year."))
        return day

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Audience.STUDENTS and not data.get("groups"):
            self.add_error("groups", _("Choose at least one group."))
        if audience == Audience.GRADUATES and not data.get("graduation_year"):
            self.add_error("graduation_year", _("Give the year of graduation."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "audience": data["audience"],
            "anonymous": data["anonymous"],
            "closes_on": data["closes_on"],
            "graduation_year": data.get("graduation_year"),
            "groups": list(data.get("groups") or []),
            "partners": list(data.get("partners") or []),
        }


def _field_for(question):
    common = {"label": question.text, "required": question.required, "help_text": question.help_text}
    if question.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            choices=[(value, str(value)) for value in range(SCALE_MIN, SCALE_MAX + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
            **common,
        )
    choices = list(enumerate(question.options))
    if question.kind == QuestionKind.SINGLE:
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **common)


class AnswerForm(forms.Form):
    """One field per question of the survey, named ``q<question id>``."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _field_for(question)
        self.error_messages_required = _("This question needs an answer.")
        for field in self.fields.values():
            field.error_messages["required"] = self.error_messages_required

    def values(self):
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}
