"""The contract card while its PDF is made: no download offered before the PDF exists, a state
fragment htmx polls (checked like the card: staff, the own organisation, nobody else) that stops
polling and brings the download button once the PDF is ready; termination kept apart."""

import pytest
from django.urls import reverse

from contracts.models import ContractType
from contracts.views.contracts import PDF_POLL_TRIES
from tests.contracts import contract_of, rendered, sent
from tests.helpers import ru

pytestmark = pytest.mark.django_db


def status_url(contract, tries=None):
    url = reverse("contracts:pdf_status", args=[contract.pk])
    return f"{url}?tries={tries}" if tries is not None else url


@pytest.fixture
def preparing(partner_a, staff):
    """A contract sent for signatures whose PDF the worker has not made yet."""
    return sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)


def test_while_the_pdf_is_made_the_card_polls_and_offers_no_download(staff_client, preparing):
    html = staff_client.get(reverse("contracts:detail", args=[preparing.pk])).content.decode()
    assert f'hx-get="{status_url(preparing, 1)}" hx-trigger="every 2s"' in html
    assert 'data-testid="contract-pdf"' not in html
    assert f'href="{reverse("contracts:pdf", args=[preparing.pk])}"' not in html
    assert ru("The PDF is being prepared. Reload the page in a minute.") not in html


def test_the_fragment_keeps_polling_until_ready_then_brings_the_button(staff_client, preparing):
    waiting = staff_client.get(status_url(preparing, 1)).content.decode()
    assert f'hx-get="{status_url(preparing, 2)}"' in waiting
    assert 'data-testid="contract-pdf"' not in waiting
    rendered(preparing)
    ready = staff_client.get(status_url(preparing, 2)).content.decode()
    assert "hx-trigger" not in ready  # polling stops
    assert '<span id="contract-pdf-slot" class="pdf-slot" hx-swap-oob="true">' in ready
    assert f'href="{reverse("contracts:pdf", args=[preparing.pk])}" data-testid="contract-pdf"' in ready


def test_after_a_minute_the_fragment_offers_to_make_the_pdf_now(staff_client, preparing):
    slow = staff_client.get(status_url(preparing, PDF_POLL_TRIES)).content.decode()
    assert "hx-trigger" not in slow
    assert 'data-testid="pdf-slow"' in slow and reverse("contracts:pdf", args=[preparing.pk]) in slow


@pytest.mark.parametrize("tries", ["x", "-5", "", "99999999999999999999"])
def test_a_bad_counter_is_no_error(staff_client, preparing, tries):
    assert staff_client.get(status_url(preparing, tries)).status_code == 200


def test_a_ready_pdf_is_offered_in_the_header_at_once(staff_client, preparing):
    rendered(preparing)
    html = staff_client.get(reverse("contracts:detail", args=[preparing.pk])).content.decode()
    assert html.count('data-testid="contract-pdf"') == 1
    assert "hx-trigger" not in html[html.index('id="pdf-state"') :][:2000]


def test_the_fragment_is_checked_like_the_card(client, preparing, employer_a, employer_b, staff):
    assert client.get(status_url(preparing)).status_code == 302  # to the login page
    client.force_login(employer_b)
    assert client.get(status_url(preparing)).status_code == 404
    client.force_login(employer_a)
    assert client.get(status_url(preparing)).status_code == 200
    draft = contract_of(ContractType.COOPERATION, preparing.partner, staff)
    assert client.get(status_url(draft)).status_code == 404  # an employer never sees a draft


def test_terminating_is_a_secondary_action_behind_more(staff_client, preparing):
    html = staff_client.get(reverse("contracts:detail", args=[preparing.pk])).content.decode()
    more = html.index('data-testid="more-actions"')
    button = html.index('data-testid="terminate"')
    assert more < button
    assert 'btn btn-sm btn-outline-danger" data-testid="terminate" data-confirm=' in html
    assert html[more - 80 : more].rstrip().endswith('<details class="card-footer"')


def test_a_failed_termination_opens_the_more_area_with_the_error(staff_client, preparing):
    response = staff_client.post(reverse("contracts:transition", args=[preparing.pk]), {"to_state": "terminated"})
    html = response.content.decode()
    assert 'data-testid="transition-errors"' in html
    assert '<details class="card-footer" data-testid="more-actions" open>' in html
