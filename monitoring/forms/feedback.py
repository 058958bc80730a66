"""Forms of employers' feedback: a requirement, the college's decision, the list filters, the
rated competences and the rating sheet of a placed student."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, Specialty
from partnership_portal.widgets import AutocompleteSelect

from ..models import Competence, Requirement, RequirementKind, RequirementStatus
from ..services.feedback import programme_years

TEXT_LIMIT = 2000


class SpecialtyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, specialty):
        return f"{specialty.code} {specialty.name}"


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return partner.display_name


class RequirementForm(forms.ModelForm):
    """An employer's requirement for a specialty's training content."""

    specialty = SpecialtyChoiceField(label=_("Specialty"), queryset=Specialty.objects.order_by("code"))

    class Meta:
        model = Requirement
        fields = ["specialty", "kind", "text", "justification"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
            "justification": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
        }
        labels = {"kind": _("What it is about")}
        help_texts = {
            "text": _("What graduates should know or be able to do, the equipment or software to learn, or the topic."),
            "justification": _("Why your organisation needs it: the work, the equipment you use, the posts."),
        }

    def __init__(self, *args, specialties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if specialties is not None:
            self.fields["specialty"].queryset = specialties
        self.fields["kind"].choices = RequirementKind.choices


def _style(form):
    """Bootstrap classes on a filter bar's widgets (rendered one by one, without crispy)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(field, forms.ChoiceField):
            field.widget.attrs.setdefault("class", "form-select")
        else:
            field.widget.attrs.setdefault("class", "form-control")


class RequirementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *RequirementStatus.choices]
    )
    specialty = SpecialtyChoiceField(
        label=_("Specialty"),
        required=False,
        queryset=Specialty.objects.order_by("code"),
        empty_label=_("Any specialty"),
    )
    # Typed and looked up (10,000 partners at a region's scale), never listed in the page.
    partner = PartnerChoiceField(
        label=_("Partner"),
        required=False,
        queryset=Partner.objects.none(),
        widget=AutocompleteSelect("partners:autocomplete", placeholder=_("Any partner")),
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is None:
            del self.fields["partner"]
        else:
            self.fields["partner"].queryset = partners
        _style(self)

    def filters(self):
        """The valid filters as keyword arguments of ``requirement_list`` (a bad value is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found = {key: data[key] for key in ("q", "status", "specialty", "partner") if data.get(key) not in (None, "")}
        if "q" in found:
            found["query"] = found.pop("q")
        return found


class DecisionForm(forms.Form):
    """Staff decide: taken into the programme of a year, or declined with a reason."""

    status = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (RequirementStatus.TAKEN.value, _("Take into the programme")),
            (RequirementStatus.DECLINED.value, _("Decline")),
        ],
    )
    programme_year = forms.TypedChoiceField(
        label=_("Programme of the year"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("When taking it in: the year of the curriculum that changes."),
    )
    note = forms.CharField(
        label=_("What changes, or why it is declined"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
        help_text=_("The partner reads this note."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme_year"].choices = [("", "—")] + [(year, str(year)) for year in programme_years()]

    def clean(self):
        data = super().clean()
        if data.get("status") == RequirementStatus.TAKEN and not data.get("programme_year"):
            self.add_error("programme_year", _("Say which year's programme takes it in."))
        return data


class CompetenceForm(forms.ModelForm):
    specialty = SpecialtyChoiceField(label=_("Specialty"), queryset=Specialty.objects.order_by("code"))

    class Meta:
        model = Competence
        fields = ["specialty", "name", "is_active"]
        help_texts = {"name": _("As employers know it, for example «Чтение чертежей» or «Работа на станках с ЧПУ».")}


class CompetenceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    specialty = SpecialtyChoiceField(
        label=_("Specialty"),
        required=False,
        queryset=Specialty.objects.order_by("code"),
        empty_label=_("Any specialty"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def filters(self):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found = {key: data[key] for key in ("q", "specialty") if data.get(key) not in (None, "")}
        if "q" in found:
            found["query"] = found.pop("q")
        return found


class RatingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    unrated = forms.BooleanField(label=_("Not rated yet"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def filters(self):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q") or "", "unrated": bool(data.get("unrated"))}


SCORE_CHOICES = [("", _("not rated"))] + [(str(score), str(score)) for score in range(1, 6)]


class RatingForm(forms.Form):
    """A row per competence of the student's specialty: a score 1–5 (or none) and a comment."""

    def __init__(self, *args, competences, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        for competence in self.competences:
            rating = ratings.get(competence.pk)
            self.fields[f"score_{competence.pk}"] = forms.TypedChoiceField(
                label=competence.name,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(rating.score) if rating else "",
            )
            self.fields[f"comment_{competence.pk}"] = forms.CharField(
                label=_("Comment on «%(name)s»") % {"name": competence.name},
                required=False,
                max_length=TEXT_LIMIT,
                initial=rating.comment if rating else "",
                widget=forms.Textarea(attrs={"rows": 1, "maxlength": TEXT_LIMIT}),
            )

    def clean(self):
        data = super().clean()
        for competence in self.competences:
            score = data.get(f"score_{competence.pk}")
            comment = (data.get(f"comment_{competence.pk}") or "").strip()
            if score is None and comment and f"score_{competence.pk}" not in self.errors:
                self.add_error(
                    f"score_{competence.pk}", _("Give a rating from 1 to 5 with the comment, or clear the comment.")
                )
        return data

    def rows(self):
        """(competence, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.competences]

    def scores(self):
        return {
            competence: (
                self.cleaned_data.get(f"score_{competence.pk}"),
                self.cleaned_data.get(f"comment_{competence.pk}"),
            )
            for competence in self.competences
        }
