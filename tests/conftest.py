"""Shared fixtures: the named users with different access, and their organisations."""

import pytest

from tests.factories import AdminFactory, EmployerFactory, PartnerFactory, StaffFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads and generated files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partner_a(db):
    return PartnerFactory(name="АО «Уралмашзавод»")


@pytest.fixture
def partner_b(db):
    return PartnerFactory(name="ООО «Сибэнергомонтаж»")


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@college.example", last_name="Петрова", first_name="Анна")


@pytest.fixture
def admin_user(db):
    return AdminFactory(email="admin@college.example")


@pytest.fixture
def employer_a(partner_a):
    return EmployerFactory(email="hr@uralmash.example", partner=partner_a)


@pytest.fixture
def employer_b(partner_b):
    return EmployerFactory(email="hr@sibenergo.example", partner=partner_b)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def employer_a_client(client, employer_a):
    client.force_login(employer_a)
    return client
