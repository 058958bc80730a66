"""The teacher autocomplete (issue 11): active teachers by name, at most 20, for staff only."""

import pytest
from django.urls import reverse

from partnership_portal.widgets import AUTOCOMPLETE_LIMIT
from tests.factories import TeacherFactory

URL = reverse("practice:teacher_autocomplete")


def test_staff_find_active_teachers_by_every_word(staff_client):
    wanted = TeacherFactory(last_name="Николаева", first_name="Анна", middle_name="Павловна")
    TeacherFactory(last_name="Николаев", first_name="Олег")
    TeacherFactory(last_name="Николаенко", first_name="Анна", is_active=False)
    data = staff_client.get(URL, {"q": "никола анна"}).json()
    assert data == {"results": [{"id": wanted.pk, "label": "Николаева Анна Павловна"}], "more": False}


def test_at_most_the_limit_is_returned(staff_client):
    for index in range(AUTOCOMPLETE_LIMIT + 2):
        TeacherFactory(last_name=f"Педагогов{index:02d}")
    data = staff_client.get(URL, {"q": "педагогов"}).json()
    assert len(data["results"]) == AUTOCOMPLETE_LIMIT and data["more"] is True
    assert data["results"][0]["label"].startswith("Педагогов00")


def test_a_teacher_with_staff_access_may_search_too(client, teacher):
    TeacherFactory(last_name="Николаева")
    client.force_login(teacher)
    assert [row["label"] for row in client.get(URL, {"q": "никол"}).json()["results"]][0].startswith("Николаева")


def test_employers_get_404_and_anonymous_users_the_login_page(client, employer_a):
    TeacherFactory(last_name="Николаева")
    anonymous = client.get(URL, {"q": "никол"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(employer_a)
    assert client.get(URL, {"q": "никол"}).status_code == 404


@pytest.mark.parametrize("query", ["", " ", "н", "x" * 5000, "%", "ab\x00cd"])
def test_bad_input_gives_an_answer_not_an_error(staff_client, query):
    TeacherFactory(last_name="Николаева")
    response = staff_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= AUTOCOMPLETE_LIMIT
