"""Dashboards by role, error pages, admin registrations and demo data."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from monitoring.views import dashboard as monitoring_dashboard_views
from partners.models import Partner
from partnership_portal import views
from partnership_portal.accounts.models import User
from partnership_portal.demo import DEMO_PASSWORD
from partnership_portal.validators import inn_is_valid

PROJECT_APPS = {"accounts", "partners", "practice", "contracts", "monitoring"}


def test_visitor_sees_the_landing_page(client, db):
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="ru">' in html
    assert "Портал социального партнёрства" in html
    assert reverse("accounts:login") in html


def test_staff_see_the_staff_dashboard(staff_client, partner_a, partner_b):
    Partner.objects.filter(pk=partner_a.pk).update(last_activity_on=timezone.localdate() - timedelta(days=400))
    Partner.objects.filter(pk=partner_b.pk).update(last_activity_on=timezone.localdate())
    response = staff_client.get(reverse("home"))
    html = response.content.decode()
    assert "Рабочий стол сотрудника" in html
    assert response.context["partner_count"] == 2
    assert [p.pk for p in response.context["needing_attention"]] == [partner_a.pk]
    assert partner_a.display_name in html


def test_employer_sees_the_employer_dashboard(employer_a_client, partner_a, partner_b):
    html = employer_a_client.get(reverse("home")).content.decode()
    assert "Кабинет работодателя" in html
    assert partner_a.name in html
    assert partner_b.name not in html


def test_navigation_follows_the_role(staff_client, client, employer_a, admin_user):
    staff_html = staff_client.get(reverse("home")).content.decode()
    assert reverse("partners:list") in staff_html and reverse("admin:index") not in staff_html
    client.force_login(employer_a)
    employer_html = client.get(reverse("home")).content.decode()
    assert 'href="/partners/profile/"' in employer_html and 'href="/partners/"' not in employer_html
    client.force_login(admin_user)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_404_page_is_russian_and_styled(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Страница не найдена" in html and "bootstrap.min.css" in html


def test_500_page_renders_without_a_request_context(rf):
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "На нашей стороне что-то пошло не так" in response.content.decode()


@override_settings(DEBUG=False)
def test_error_inside_a_view_gives_the_500_page(client, db, monkeypatch):
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(monitoring_dashboard_views.dashboards, "staff_dashboard", broken)
    client.raise_request_exception = False
    client.force_login(User.objects.create_user(email="s@college.example", password="x"))
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "На нашей стороне что-то пошло не так" in response.content.decode()


# Kept out of the admin on purpose: who was asked, and the answers, of a survey campaign. Listed
# side by side they could tie an anonymous answer to a person (by count or order); results are
# read on the portal's aggregate pages only.
NOT_IN_ADMIN = {"monitoring.Recipient", "monitoring.Response", "monitoring.Answer"}


def test_every_project_model_is_in_the_admin_with_search():
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not hasattr(model, "instance_type")  # not history tables
        and model._meta.label not in NOT_IN_ADMIN
    ]
    assert models
    for model in models:
        assert model in admin.site._registry, f"{model.__name__} is not registered in the admin"
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields, f"{model.__name__} admin has no search"
        assert model_admin.list_filter, f"{model.__name__} admin has no filters"


# Tables the demo data are meant to fill; an empty one would make the comparison vacuous.
SEEDED = {
    "partners.Partner", "partners.Contact", "partners.Interaction", "practice.Student",
    "practice.StudyGroup", "practice.PracticePeriod", "practice.Placement", "practice.Offer",
    "contracts.Contract", "accounts.User",
}  # fmt: skip


def rows_per_model():
    """Row count of every model of the project apps (history models included) and of auth groups."""
    models = [model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS]
    models.append(apps.get_model("auth", "Group"))
    return {model._meta.label: model._default_manager.count() for model in models}


def test_seed_demo_is_idempotent_and_its_logins_work(db, client, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", scale="small")
    counts = rows_per_model()
    assert counts.keys() >= SEEDED
    call_command("seed_demo", scale="small")
    assert counts[Partner._meta.label] == 30 and counts[User._meta.label] >= 6  # staff, admin, employers
    # Every table of the project, its history tables and the groups, not just partners and users.
    assert rows_per_model() == counts
    empty = sorted(label for label, count in counts.items() if not count)
    assert not set(empty) & SEEDED, f"the demo data leave these empty: {sorted(set(empty) & SEEDED)}"
    assert all(inn_is_valid(inn) for inn in Partner.objects.values_list("inn", flat=True))
    output = capsys.readouterr().out
    assert "manager@college.example" in output and DEMO_PASSWORD in output
    for email in ("manager@college.example", "employer@partner.example", "admin@college.example"):
        client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD})
        assert client.session.get("_auth_user_id"), email
        client.post(reverse("accounts:logout"))


def test_seed_demo_refuses_a_live_server_without_force(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", scale="small")
