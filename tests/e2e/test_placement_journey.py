"""The main journey of a practice coordinator who is also the partnership manager (issue 12), in a
real headless Chromium with a real Celery worker: from the staff dashboard, a new practice period
for a group, the whole group placed at one organisation with one «apply to all», the period's
tripartite contracts issued in one batch, and the ZIP of their PDFs downloaded.

Every click and every input (fill, select, check) goes through a counter, a confirmation dialog
accepted counts as a click: the journey takes the same few of each for 10 students as for 25."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contracts.models import Contract, ContractState, ContractType
from partnership_portal.accounts.models import StaffGroup
from practice.models import Placement
from tests.celery_worker import consumer_paused, running_worker, tasks_sent_to_broker
from tests.conftest import PASSWORD, with_groups
from tests.contracts import signatory_of
from tests.e2e.conftest import log_in
from tests.factories import (
    ContactFactory,
    OfferFactory,
    PartnerFactory,
    StaffFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
)
from tests.helpers import years_before

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

MAX_CLICKS = MAX_INPUTS = 9

# Students as a college has them: men and women, a few still under 18 with their parent's details.
_MEN = [("Андреев", "Илья", "Сергеевич"), ("Борисов", "Максим", "Олегович"), ("Воронин", "Кирилл", "Андреевич"),
        ("Гусев", "Никита", "Павлович"), ("Данилов", "Артём", "Игоревич")]  # fmt: skip
_WOMEN = [("Егорова", "Анна", "Викторовна"), ("Жукова", "Дарья", "Алексеевна"), ("Зайцева", "Полина", "Ивановна"),
          ("Ильина", "Софья", "Дмитриевна"), ("Козлова", "Мария", "Николаевна")]  # fmt: skip


class Counted:
    """The page's user actions, counted: clicks (a dialog accepted is one) and inputs."""

    def __init__(self, page):
        self.page = page
        self.clicks = self.inputs = 0
        page.on("dialog", self._accept)

    def _accept(self, dialog):
        self.clicks += 1
        dialog.accept()

    def click(self, selector):
        self.clicks += 1
        self.page.locator(selector).first.click()

    def fill(self, selector, value):
        self.inputs += 1
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.inputs += 1
        self.page.select_option(selector, value)

    def choose(self, name, typed):
        """Type into the search-as-you-type chooser of field ``name`` and pick the first match:
        one input, as choosing in a select is (static/js/autocomplete.js)."""
        self.inputs += 1
        self.page.fill(f"#id_{name}", typed)
        self.page.locator(f"#id_{name}_listbox [role=option]").first.click()
        expect(self.page.locator(f"input[name={name}]")).not_to_have_value("")

    def check(self, selector):
        self.inputs += 1
        self.page.check(selector)


def a_college_with_a_group(size):
    today = timezone.localdate()
    group = StudyGroupFactory(name=f"ТМ-{size}-1")
    for number in range(size):
        last, first, middle = (_MEN + _WOMEN)[number % 10]
        minor = number % 7 == 3
        StudentFactory(
            group=group,
            last_name=f"{last}{'' if number < 10 else '-' + str(number)}",
            first_name=first,
            middle_name=middle,
            birth_date=years_before(today, 17 if minor else 19) - dt.timedelta(days=number),
            guardian_name="Андреев Сергей Петрович" if minor else "",
            guardian_document="паспорт 6512 345678, выдан ГУ МВД России по Свердловской области" if minor else "",
        )
    partner = PartnerFactory(name="Акционерное общество «Уральский турбинный завод»", short_name="АО «УТЗ»")
    partner.specialties.add(group.specialty)
    signatory_of(partner)  # the director, acting on the basis of the charter, signs the contracts
    supervisor = ContactFactory(
        partner=partner, last_name="Кузнецов", first_name="Павел", middle_name="Андреевич",
        position="Начальник цеха турбин", is_practice_supervisor=True,
    )  # fmt: skip
    offer = OfferFactory(
        partner=partner, specialty=group.specialty, contact=supervisor, title="Производственная практика в цехе турбин",
        places=30, start_date=today, end_date=today + dt.timedelta(days=120),
    )  # fmt: skip
    teacher = TeacherFactory(last_name="Смирнова", first_name="Ольга", middle_name="Ивановна")
    staff = StaffFactory(email=f"coordinator{size}@college.example")
    with_groups(staff, StaffGroup.PARTNERSHIP_MANAGER, StaffGroup.PRACTICE_COORDINATOR)
    return group, offer, teacher, staff


@pytest.mark.parametrize("size", [25, 10])
def test_a_group_is_placed_and_its_contracts_zipped_in_a_few_clicks_whatever_its_size(
    page, live_server, celery_worker, tmp_path, size
):
    group, offer, teacher, staff = a_college_with_a_group(size)
    today = timezone.localdate()
    start, end = today + dt.timedelta(days=14), today + dt.timedelta(days=41)
    log_in(page, staff.email, PASSWORD)
    expect(page.locator("main h1")).to_be_visible()  # the staff dashboard: where the journey starts
    user = Counted(page)

    # 1. A new practice period for the group.
    user.click("nav a[href='/practice/periods/']")
    user.click("main a[href='/practice/periods/new/']")
    user.select("select[name=kind]", "work")
    user.choose("group", group.name)
    user.fill("input[name=module]", "ПМ.01 Разработка технологических процессов изготовления деталей машин")
    user.fill("input[name=start_date]", start.isoformat())
    user.fill("input[name=end_date]", end.isoformat())
    user.fill("input[name=hours]", "144")
    user.choose("college_supervisor", teacher.last_name)
    user.click("main form button[type=submit]")

    # 2. The whole group at one organisation: one choice for all.
    user.click("[data-testid=period-place-group]")
    expect(page.get_by_test_id("unplaced-count")).to_have_text(str(size))
    user.select("select[name=all]", str(offer.pk))
    # The rows left «as for all» show the choice (static/js/bulk-place.js).
    expect(page.locator("select[data-bulk-row]").first.locator("option[value='']")).to_contain_text("АО «УТЗ»")
    user.click("[data-testid=bulk-submit]")

    # 3. Straight on to the period's tripartite contracts, ready to issue in one click.
    expect(page.get_by_test_id("batch-count")).to_contain_text(str(size))
    assert Placement.objects.filter(period__group=group, offer=offer).count() == size
    with consumer_paused(celery_worker), tasks_sent_to_broker(), running_worker(log_path=tmp_path / "worker.log"):
        user.click("[data-testid=batch-start]")
        expect(page.get_by_test_id("batch-zip")).to_be_visible(timeout=300_000)

    # 4. The ZIP of every contract's PDF.
    with page.expect_download() as download_info:
        user.click("[data-testid=batch-zip]")
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == len(archive.namelist()) == size
    assert all(archive.read(name).startswith(b"%PDF") for name in pdfs)
    contracts = Contract.objects.filter(type=ContractType.TRIPARTITE_PRACTICE, placement__period__group=group)
    assert contracts.count() == size
    assert set(contracts.values_list("state", flat=True)) == {ContractState.AWAITING_SIGNATURES}

    print(f"\nplacement journey, group of {size}: {user.clicks} clicks, {user.inputs} inputs")
    assert (user.clicks, user.inputs) == (8, 8)
    assert user.clicks <= MAX_CLICKS and user.inputs <= MAX_INPUTS
