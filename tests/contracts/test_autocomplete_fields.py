"""The contract form's organisation, signatory and student are search-as-you-type choosers
(issue 11): a prefill link and a re-rendered form show the chosen values with their labels, the
signatory chooser is narrowed by the chosen organisation, and a choice still re-renders the form."""

import re
from datetime import timedelta

from django.urls import reverse

from contracts.models import Contract, ContractType
from partners.views.autocomplete import contact_label
from tests.contracts import placement_at, signatory_of, today
from tests.factories import PartnerFactory

CREATE = reverse("contracts:create")


def hidden(html, name):
    """The hidden input of an autocomplete field (the chosen pk and the htmx attributes)."""
    match = re.search(rf'<input type="hidden" name="{name}"[^>]*data-autocomplete-value>', html)
    assert match, f"no autocomplete field {name}"
    return match.group(0)


def text_box(html, name):
    match = re.search(rf'<input type="text" id="id_{name}"[^>]*data-autocomplete-input>', html)
    assert match, f"no text box for {name}"
    return match.group(0)


def test_a_placement_link_shows_the_organisation_student_and_signatory_by_name(staff_client, partner_a):
    signatory = signatory_of(partner_a)
    placement = placement_at(partner_a)
    PartnerFactory(name="ООО «Постороннее»")
    html = staff_client.get(
        CREATE, {"type": ContractType.TRIPARTITE_PRACTICE, "placement": placement.pk}
    ).content.decode()
    assert f'value="{partner_a.pk}"' in hidden(html, "partner")
    assert f'value="{partner_a.display_name}"' in text_box(html, "partner")
    student = placement.student
    assert f'value="{student.pk}"' in hidden(html, "student")
    assert f'value="{student.full_name} · {student.group.name}"' in text_box(html, "student")
    assert f'value="{signatory.pk}"' in hidden(html, "partner_signatory")
    assert f'value="{contact_label(signatory)}"' in text_box(html, "partner_signatory")
    assert "Постороннее" not in html  # other organisations are not listed
    # The placement list is the chosen organisation's, still a select.
    assert f'<option value="{placement.pk}" selected>' in html


def test_the_signatory_chooser_sends_the_chosen_organisation_along(staff_client):
    html = staff_client.get(CREATE, {"type": ContractType.COOPERATION}).content.decode()
    box = text_box(html, "partner_signatory")
    assert 'data-autocomplete-forward="partner"' in box
    assert reverse("partners:signatory_autocomplete") in html


def test_a_choice_re_renders_the_form_from_the_hidden_input_named_as_the_field(staff_client):
    html = staff_client.get(CREATE, {"type": ContractType.TRIPARTITE_PRACTICE}).content.decode()
    for name in ("partner", "student", "partner_signatory"):
        assert f'hx-get="{CREATE}?type=tripartite_practice" hx-trigger="change"' in hidden(html, name)
        # Not on the text box: leaving it after typing must not re-render the form.
        assert "hx-get" not in text_box(html, name)


def test_without_an_organisation_no_placement_of_the_college_is_listed(staff_client, partner_a):
    placement_at(partner_a)
    form = staff_client.get(CREATE, {"type": ContractType.TRIPARTITE_PRACTICE}).context["form"]
    assert list(form.fields["placement"].queryset) == []


def test_bad_input_shows_the_chosen_values_again_with_their_labels(staff_client, partner_a):
    signatory = signatory_of(partner_a)
    data = {"partner": partner_a.pk, "partner_signatory": signatory.pk, "signed_on": today().isoformat(),
            "start_date": today().isoformat(), "end_date": (today() - timedelta(days=1)).isoformat()}  # fmt: skip
    response = staff_client.post(CREATE + "?type=cooperation", data)
    assert response.status_code == 200 and not Contract.objects.exists()
    html = response.content.decode()
    assert f'value="{partner_a.display_name}"' in text_box(html, "partner")
    assert f'value="{contact_label(signatory)}"' in text_box(html, "partner_signatory")


def test_a_forged_organisation_or_signatory_is_refused_not_a_500(staff_client, partner_a, partner_b):
    foreign = signatory_of(partner_b)
    for partner, signatory in (("999999", ""), ("abc", ""), (partner_a.pk, foreign.pk), (partner_a.pk, "x")):
        response = staff_client.post(
            CREATE + "?type=cooperation",
            {"partner": partner, "partner_signatory": signatory, "signed_on": today().isoformat(),
             "start_date": today().isoformat(), "end_date": (today() + timedelta(days=30)).isoformat()},
        )  # fmt: skip
        assert response.status_code == 200
        assert {"partner", "partner_signatory"} & set(response.context["form"].errors)
    assert not Contract.objects.exists()


def test_an_amendment_keeps_the_short_list_of_its_organisations_signatories(staff_client, partner_a, staff):
    from tests.contracts import contract_of, sent

    signatory_of(partner_a)
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    html = staff_client.get(reverse("contracts:amend", args=[contract.pk])).content.decode()
    assert '<select name="partner_signatory"' in html
