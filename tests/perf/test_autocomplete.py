"""The autocomplete endpoints and widget (issue 11): at most 20 matches, only what the user may
see, bad input never a 500, and the list filters that use them."""

import pytest
from django.urls import reverse

from partners.models import PartnerStatus
from partnership_portal.widgets import AUTOCOMPLETE_LIMIT
from practice.forms_placements import PeriodFilterForm
from tests.factories import PartnerFactory, StudyGroupFactory, TeacherFactory, ThesisFactory


def results(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_group_autocomplete_matches_every_word_and_stops_at_the_limit(staff_client):
    for index in range(AUTOCOMPLETE_LIMIT + 5):
        StudyGroupFactory(name=f"ТМ-25-{index:02d}")
    StudyGroupFactory(name="ЭС-24-1")
    data = results(staff_client.get(reverse("practice:group_autocomplete"), {"q": "тм-25"}))
    assert len(data["results"]) == AUTOCOMPLETE_LIMIT
    assert data["more"] is True
    assert [row["label"] for row in data["results"]][:2] == ["ТМ-25-00", "ТМ-25-01"]
    data = results(staff_client.get(reverse("practice:group_autocomplete"), {"q": "ЭС 24"}))
    assert [row["label"] for row in data["results"]] == ["ЭС-24-1"]
    assert data["more"] is False


@pytest.mark.parametrize("query", ["", "т", " ", "x" * 5000, "%", "_\\", "'; drop table x; --", "ab\x00cd", "ТМ\x00"])
def test_bad_or_short_input_gives_an_answer_not_an_error(staff_client, query):
    StudyGroupFactory(name="ТМ-25-1")
    PartnerFactory(name="ООО «Т»")
    for name in ("practice:group_autocomplete", "partners:autocomplete", "monitoring:employment_employer_suggest"):
        data = results(staff_client.get(reverse(name), {"q": query}))
        assert len(data["results"]) <= AUTOCOMPLETE_LIMIT
        if len(query.strip()) < 2:
            assert data == {"results": [], "more": False}


def test_a_percent_sign_is_matched_literally(staff_client):
    PartnerFactory(name="ООО «Скидка 50%»")
    PartnerFactory(name="ООО «Пятьдесят»")
    data = results(staff_client.get(reverse("partners:autocomplete"), {"q": "50%"}))
    assert [row["label"] for row in data["results"]] == ["ООО «Скидка 50%»"]


def test_staff_find_any_partner_an_employer_only_their_own(client, staff, employer_a, partner_a, partner_b):
    client.force_login(staff)
    labels = [row["label"] for row in results(client.get(reverse("partners:autocomplete"), {"q": "ооо"}))["results"]]
    assert partner_b.display_name in labels
    client.force_login(employer_a)
    for query in ("ооо", "сибэнерго", "уралмаш"):
        data = results(client.get(reverse("partners:autocomplete"), {"q": query}))
        assert {row["id"] for row in data["results"]} <= {partner_a.pk}
    assert results(client.get(reverse("partners:autocomplete"), {"q": "уралмаш"}))["results"][0]["id"] == partner_a.pk


def test_employers_and_anonymous_users_cannot_search_groups_or_employers(client, employer_a):
    StudyGroupFactory(name="ТМ-25-1")
    for name in ("practice:group_autocomplete", "monitoring:employment_employer_suggest"):
        anonymous = client.get(reverse(name), {"q": "тм"})
        assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(employer_a)
    for name in ("practice:group_autocomplete", "monitoring:employment_employer_suggest"):
        assert client.get(reverse(name), {"q": "тм"}).status_code == 404


def test_scopes_leave_out_ended_or_inactive_partners(staff_client):
    PartnerFactory(name="ООО «Ромашка-Актив»", status=PartnerStatus.ACTIVE)
    PartnerFactory(name="ООО «Ромашка-Былое»", status=PartnerStatus.ENDED)
    PartnerFactory(name="ООО «Ромашка-Будущее»", status=PartnerStatus.PROSPECT)

    def labels(name):
        return sorted(row["label"] for row in results(staff_client.get(reverse(name), {"q": "ромашка"}))["results"])

    assert labels("partners:autocomplete") == ["ООО «Ромашка-Актив»", "ООО «Ромашка-Будущее»", "ООО «Ромашка-Былое»"]
    assert labels("partners:autocomplete_current") == ["ООО «Ромашка-Актив»", "ООО «Ромашка-Будущее»"]
    assert labels("partners:autocomplete_active") == ["ООО «Ромашка-Актив»"]


def test_employer_suggestions_carry_the_inn_the_employment_form_resolves(staff_client):
    partner = PartnerFactory(name="АО «Северсталь»", short_name="Северсталь")
    data = results(staff_client.get(reverse("monitoring:employment_employer_suggest"), {"q": "северст"}))
    assert [row["label"] for row in data["results"]] == [f"Северсталь (ИНН {partner.inn})"]


def test_the_filter_renders_the_chosen_group_not_every_group(staff_client):
    chosen = StudyGroupFactory(name="ТМ-25-7")
    for index in range(30):
        StudyGroupFactory(name=f"ЭС-{index}")
    for url in (reverse("practice:thesis_list"), reverse("practice:period_list")):
        page = staff_client.get(url, {"group": chosen.pk}).content.decode()
        assert 'value="ТМ-25-7"' in page and f'name="group" value="{chosen.pk}"' in page
        assert "ЭС-12" not in page  # the other groups are not in the page
        assert 'role="combobox"' in page and 'aria-controls="id_group_listbox"' in page
        assert reverse("practice:group_autocomplete") in page


def test_a_bad_group_value_is_ignored(staff_client):
    ThesisFactory()
    for value in ("abc", "999999", "1e9"):
        response = staff_client.get(reverse("practice:thesis_list"), {"group": value})
        assert response.status_code == 200
        assert len(response.context["page_obj"].object_list) == 1
    assert PeriodFilterForm({"group": "abc"}).filters() == {}


@pytest.fixture
def teacher_user(teacher):
    return TeacherFactory(user=teacher, last_name=teacher.last_name, first_name=teacher.first_name)


def test_mine_lists_only_the_theses_the_teacher_supervises(client, teacher, teacher_user):
    mine = ThesisFactory(supervisor=teacher_user, topic="Моя тема")
    other = ThesisFactory(topic="Чужая тема")
    client.force_login(teacher)
    everything = client.get(reverse("practice:thesis_list"))
    assert {thesis.pk for thesis in everything.context["page_obj"]} == {mine.pk, other.pk}
    assert 'id="id_mine"' in everything.content.decode()
    only_mine = client.get(reverse("practice:thesis_list"), {"mine": "on"})
    assert [thesis.pk for thesis in only_mine.context["page_obj"]] == [mine.pk]


def test_mine_is_not_offered_to_staff_who_supervise_nothing(staff_client):
    other = ThesisFactory()
    response = staff_client.get(reverse("practice:thesis_list"), {"mine": "on"})
    assert 'id="id_mine"' not in response.content.decode()
    assert [thesis.pk for thesis in response.context["page_obj"]] == [other.pk]


def test_student_autocomplete_matches_names_leaves_out_the_expelled_and_is_for_staff(client, staff, employer_a):
    from practice.models import StudentStatus
    from tests.factories import StudentFactory

    group = StudyGroupFactory(name="ТМ-25-3")
    StudentFactory(group=group, last_name="Иванов", first_name="Пётр")
    StudentFactory(group=group, last_name="Петров", first_name="Иван")
    StudentFactory(group=group, last_name="Иванова", status=StudentStatus.EXPELLED)
    client.force_login(staff)
    data = results(client.get(reverse("practice:student_autocomplete"), {"q": "иван"}))
    assert sorted(row["label"].split(" · ")[0].split()[0] for row in data["results"]) == ["Иванов", "Петров"]
    assert all(row["label"].endswith(" · ТМ-25-3") for row in data["results"])
    data = results(client.get(reverse("practice:student_autocomplete"), {"q": "иван пётр"}))
    assert [row["label"].split()[0] for row in data["results"]] == ["Иванов"]
    client.force_login(employer_a)
    assert client.get(reverse("practice:student_autocomplete"), {"q": "иван"}).status_code == 404


def test_the_thesis_form_lists_neither_every_student_nor_every_partner(staff_client):
    from tests.factories import StudentFactory

    for index in range(15):
        StudentFactory(last_name=f"Многостудентов{index}")
        PartnerFactory(name=f"ООО «Многопартнёров {index}»")
    page = staff_client.get(reverse("practice:thesis_create")).content.decode()
    assert "Многостудентов" not in page and "Многопартнёров" not in page
    assert reverse("practice:student_autocomplete") in page and reverse("partners:autocomplete") in page
