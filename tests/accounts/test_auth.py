"""Login by e-mail, brute-force lock-out, session lifetime, password change and reset."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnership_portal.accounts.middleware import SEEN_KEY, STARTED_KEY
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_staff_logs_in_with_email_in_any_case(client, staff):
    response = login(client, "  Staff@College.EXAMPLE ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == staff


def test_wrong_password_and_unknown_user_get_the_same_message(client, staff):
    wrong = login(client, staff.email, "not-the-password").content.decode()
    unknown = login(client, "nobody@college.example", "not-the-password").content.decode()
    message = "Неверный адрес электронной почты или пароль."
    assert message in wrong
    assert message in unknown
    # The form keeps what the user typed.
    assert 'value="nobody@college.example"' in unknown


def test_five_failures_lock_the_account_with_a_russian_message(client, staff):
    for _ in range(4):
        assert login(client, staff.email, "wrong-password").status_code == 200
    locked = login(client, staff.email, "wrong-password")
    assert locked.status_code == 429
    assert "Слишком много неудачных попыток входа" in locked.content.decode()
    # Even the right password is refused while the lock holds.
    assert login(client, staff.email, PASSWORD).status_code == 429
    assert not client.session.get("_auth_user_id")


def test_unknown_user_is_locked_the_same_way(client, db):
    for _ in range(5):
        response = login(client, "ghost@college.example", "wrong-password")
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_lock_is_per_user_and_address(client, staff, employer_a):
    for _ in range(5):
        login(client, staff.email, "wrong-password")
    assert login(client, employer_a.email, PASSWORD).status_code == 302
    other_ip = client.post(LOGIN, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert other_ip.status_code == 302


def test_lock_lasts_fifteen_minutes_then_lifts(client, staff, employer_a):
    # Two accounts locked at the same instant; each is tried once, since an attempt made while
    # locked counts as a failure and starts the 15 minutes again.
    locked_at = timezone.now()
    with time_machine.travel(locked_at, tick=False):
        for _ in range(5):
            login(client, staff.email, "wrong-password")
            login(client, employer_a.email, "wrong-password")
    # Still locked a moment before the 15 minutes are up (a shorter lock fails here)...
    with time_machine.travel(locked_at + timedelta(minutes=14, seconds=50), tick=False):
        assert login(client, staff.email, PASSWORD).status_code == 429
    # ...and lifted once they are (a longer one fails here).
    with time_machine.travel(locked_at + timedelta(minutes=15, seconds=10), tick=False):
        assert login(client, employer_a.email, PASSWORD).status_code == 302


def test_inactive_user_cannot_log_in(client, staff):
    staff.is_active = False
    staff.save()
    assert login(client, staff.email, PASSWORD).status_code == 200
    assert not client.session.get("_auth_user_id")


def _age_session(client, *, idle_seconds=0, total_seconds=0):
    session = client.session
    now = int(time.time())
    session[STARTED_KEY] = now - total_seconds
    session[SEEN_KEY] = now - idle_seconds
    session.save()


def test_session_ends_after_thirty_idle_minutes(client, staff):
    login(client, staff.email, PASSWORD)
    client.get(reverse("home"))
    _age_session(client, idle_seconds=31 * 60, total_seconds=31 * 60)
    response = client.get(reverse("partners:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    follow = client.get(response["Location"])
    assert "Сеанс завершён" in follow.content.decode()


def test_active_session_survives_twenty_nine_idle_minutes(client, staff):
    login(client, staff.email, PASSWORD)
    client.get(reverse("home"))
    _age_session(client, idle_seconds=29 * 60, total_seconds=2 * 60 * 60)
    assert client.get(reverse("partners:list")).status_code == 200


def test_session_ends_after_twelve_hours_even_when_active(client, staff):
    login(client, staff.email, PASSWORD)
    client.get(reverse("home"))
    _age_session(client, idle_seconds=60, total_seconds=12 * 60 * 60 + 60)
    response = client.get(reverse("partners:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_logout_is_a_post(client, staff):
    login(client, staff.email, PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not client.session.get("_auth_user_id")


def test_password_change(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Uralmash-1933-new", "new_password2": "Uralmash-1933-new"},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    staff.refresh_from_db()
    assert staff.check_password("Uralmash-1933-new")


def test_password_change_errors_are_russian_and_nothing_changes(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "Ваш старый пароль введен неправильно" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_password_reset_by_email_end_to_end(client, staff):
    response = client.post(reverse("accounts:password_reset"), {"email": "STAFF@college.example"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == [staff.email]
    assert letter.subject == "Сброс пароля на портале партнёрства"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", letter.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Задать новый пароль" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "Novyi-parol-2026", "new_password2": "Novyi-parol-2026"})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert login(client, staff.email, "Novyi-parol-2026").status_code == 302


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@college.example"}, follow=True)
    assert "Если учётная запись с таким адресом существует" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("path", ["/partners/", "/accounts/password/change/"])
def test_anonymous_users_are_sent_to_login_and_back(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"
