"""The portal's form renderer writes a <select> exactly as Django's templates do."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from partnership_portal.forms_renderer import PortalFormRenderer

CHOICES = [
    ("", "— любая —"),
    ("Группа «А» & <Б>", [("a", 'Альфа "кавычки"'), ("b&c", mark_safe("<b>Бета</b>"))]),
    (3, gettext_lazy("Partners")),
    ("x'y", "Икс"),
]


class Form(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=CHOICES)
    styled = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"class": "form-select", "data-x": 'a"b', "disabled": True})
    )


@pytest.mark.parametrize("data", [{}, {"one": "b&c", "many": ["a", "3"], "required": "x'y", "styled": "3"}])
@pytest.mark.parametrize("field", ["one", "many", "required", "styled"])
def test_a_select_is_written_as_django_writes_it(field, data):
    django_form = Form(data or None, renderer=DjangoTemplates())
    portal_form = Form(data or None, renderer=PortalFormRenderer())
    assert str(portal_form[field]) == str(django_form[field])


def test_the_portal_uses_it(settings):
    assert settings.FORM_RENDERER == "partnership_portal.forms_renderer.PortalFormRenderer"
    other = forms.RadioSelect(choices=CHOICES).render("r", "a", renderer=PortalFormRenderer())
    assert 'type="radio"' in other  # every other widget still comes from its template
