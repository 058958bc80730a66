"""The contract and thesis searches (issue 11): what they find (organisation with ё = е, student's
names, number, topic; short queries too), the same whether the matches are written into the list's
query as ids or stay subqueries, and a fixed number of queries whose list queries test no substring
condition on every row (the substrings are looked up first, through the trigram indexes)."""

import functools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts import selectors as contract_selectors
from contracts.models import ContractType
from partnership_portal.queries import IDS_CAP, ids_or_subquery
from practice import selectors as practice_selectors
from practice.models import Student
from tests.contracts import contract_of, placement_at
from tests.factories import PartnerFactory, StudentFactory, StudyGroupFactory, ThesisFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 20


def found(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return {row.pk for row in response.context["page_obj"]}


@pytest.fixture
def contracts(staff, partner_a, partner_b):
    semyonov = PartnerFactory(name="ООО «Семёновский литейный завод»")
    return {
        "semyonov": contract_of(ContractType.COOPERATION, semyonov, staff),
        "yolkina": contract_of(
            ContractType.TRIPARTITE_PRACTICE, partner_a, staff, placement=placement_at(partner_a, last_name="Ёлкина")
        ),
        "other": contract_of(ContractType.COOPERATION, partner_b, staff),
    }


def assert_contract_searches(staff_client, contracts):
    url = reverse("contracts:list")
    semyonov, yolkina, other = contracts["semyonov"], contracts["yolkina"], contracts["other"]
    # The organisation's name, in any case, with ё or е.
    assert found(staff_client, url, "семеновский") == {semyonov.pk}
    assert found(staff_client, url, "СЕМЁНОВСКИЙ литейный") == {semyonov.pk}
    # The student's surname, in any case, with its ё.
    assert found(staff_client, url, "ёлкина") == {yolkina.pk}
    assert found(staff_client, url, "ЁЛК") == {yolkina.pk}
    # The number, whole or a part of it.
    assert found(staff_client, url, semyonov.number) == {semyonov.pk}
    assert found(staff_client, url, f"/{semyonov.year}-СП") == {semyonov.pk, other.pk}
    # Shorter than a trigram: still found.
    assert yolkina.pk in found(staff_client, url, "Ёл")
    assert semyonov.pk not in found(staff_client, url, "Ёл")
    assert found(staff_client, url, "не найдётся") == set()


def test_the_contract_search_finds_by_organisation_student_and_number(staff_client, contracts):
    assert_contract_searches(staff_client, contracts)


def test_the_contract_search_finds_the_same_when_the_matches_stay_subqueries(staff_client, contracts, monkeypatch):
    """More matches than the cap: the organisations and students stay subqueries."""
    monkeypatch.setattr(contract_selectors, "ids_or_subquery", functools.partial(ids_or_subquery, cap=0))
    assert_contract_searches(staff_client, contracts)


@pytest.fixture
def theses():
    return {
        "semyonova": ThesisFactory(
            student=StudentFactory(last_name="Семёнова", first_name="Алёна", middle_name="Игоревна"),
            topic="Автоматизация учёта заявок на ремонт оборудования",
        ),
        "ivanov": ThesisFactory(
            student=StudentFactory(last_name="Иванов", first_name="Пётр", middle_name="Семёнович"),
            topic="Разработка технологического процесса изготовления вала",
        ),
    }


def assert_thesis_searches(staff_client, theses):
    url = reverse("practice:thesis_list")
    semyonova, ivanov = theses["semyonova"].pk, theses["ivanov"].pk
    assert found(staff_client, url, "семёнов") == {semyonova, ivanov}  # her surname, his patronymic
    assert found(staff_client, url, "СЕМЁНОВА") == {semyonova}
    assert found(staff_client, url, "алёна") == {semyonova}
    assert found(staff_client, url, "игоревна") == {semyonova}
    assert found(staff_client, url, "учёта") == {semyonova}
    assert found(staff_client, url, "технологического вала") == {ivanov}
    assert found(staff_client, url, "семёнов пётр") == {ivanov}  # every word
    assert found(staff_client, url, "Пё") == {ivanov}  # shorter than a trigram
    assert found(staff_client, url, "семёнов ремонт") == {semyonova}  # a name and a topic word
    assert found(staff_client, url, "Петрова") == set()


def test_the_thesis_search_finds_by_the_students_names_and_topic(staff_client, theses):
    assert_thesis_searches(staff_client, theses)


def test_the_thesis_search_finds_the_same_when_the_matches_stay_subqueries(staff_client, theses, monkeypatch):
    monkeypatch.setattr(practice_selectors, "ids_or_subquery", functools.partial(ids_or_subquery, cap=0))
    assert_thesis_searches(staff_client, theses)


def test_ids_or_subquery_gives_the_ids_up_to_the_cap_then_the_subquery():
    students = [StudentFactory(last_name=f"Ёжиков{index}") for index in range(3)]
    matching = Student.objects.filter(last_name__startswith="Ёжиков")
    assert sorted(ids_or_subquery(matching, cap=3)) == sorted(student.pk for student in students)
    subquery = ids_or_subquery(matching, cap=2)
    assert not isinstance(subquery, list)
    assert sorted(Student.objects.filter(pk__in=subquery).values_list("pk", flat=True)) == sorted(
        student.pk for student in students
    )


def page_queries(client, settings, url, query, per_page):
    """The queries of a search page of ``per_page`` rows; those that read the list's own table
    to count, page or fetch its rows."""
    settings.PAGINATE_BY = per_page
    client.get(url, {"q": query})  # warm-up: session, language
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": query})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == per_page
    return [query["sql"] for query in captured.captured_queries]


def assert_flat_and_indexed(client, settings, url, query, table):
    small = page_queries(client, settings, url, query, SMALL)
    large = page_queries(client, settings, url, query, LARGE)
    assert len(small) == len(large), f"{len(small)} queries for {SMALL} rows, {len(large)} for {LARGE}"
    assert len(large) <= 12
    # The substrings are looked up first (ids, at most the cap + 1 of them); the count, the page's
    # ids and its rows (or, searched, all the ids found and the page's rows) then find the matches
    # by those ids: no LIKE on every row of the list.
    lookups = [sql for sql in large if "LIKE" in sql]
    assert lookups and all(sql.endswith(f"LIMIT {IDS_CAP + 1}") for sql in lookups), lookups
    listing = [sql for sql in large if f'FROM "{table}"' in sql and sql not in lookups]
    assert len(listing) >= 2


def test_the_contract_search_runs_a_fixed_number_of_queries_that_read_ids(staff_client, settings, staff):
    partner = PartnerFactory(name="ООО «Семёновский литейный завод»")
    for _index in range(LARGE + 2):
        contract_of(ContractType.COOPERATION, partner, staff)
    assert_flat_and_indexed(staff_client, settings, reverse("contracts:list"), "семеновский", "contracts_contract")


def test_the_thesis_search_runs_a_fixed_number_of_queries_that_read_ids(staff_client, settings):
    group = StudyGroupFactory()
    for index in range(LARGE + 2):
        ThesisFactory(student=StudentFactory(group=group, last_name=f"Семёнов{index}"))
    assert_flat_and_indexed(staff_client, settings, reverse("practice:thesis_list"), "семёнов", "practice_thesis")
