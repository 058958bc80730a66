"""The named role rules, on their own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partners.permissions import can_view_partner, is_partner_member
from partnership_portal.accounts import permissions
from partnership_portal.accounts.models import Role, StaffGroup, User
from partnership_portal.accounts.services import user_create
from tests.factories import PartnerFactory, StaffFactory


def test_roles(staff, admin_user, employer_a):
    anonymous = AnonymousUser()
    assert permissions.is_college_staff(staff) and permissions.is_college_staff(admin_user)
    assert not permissions.is_college_staff(employer_a) and not permissions.is_college_staff(anonymous)
    assert permissions.is_employer(employer_a)
    assert not permissions.is_employer(staff) and not permissions.is_employer(anonymous)
    assert permissions.is_administrator(admin_user) and not permissions.is_administrator(staff)


def test_deactivated_user_has_no_role(staff, employer_a):
    staff.is_active = employer_a.is_active = False
    assert not permissions.is_college_staff(staff)
    assert not permissions.is_employer(employer_a)


def test_staff_groups_refine_the_staff_role(db):
    coordinator = user_create(email="c@college.example", groups=[StaffGroup.PRACTICE_COORDINATOR])
    teacher = user_create(email="t@college.example", groups=[StaffGroup.TEACHER])
    assert permissions.is_practice_coordinator(coordinator) and not permissions.is_partnership_manager(coordinator)
    assert permissions.is_teacher(teacher) and not permissions.is_practice_coordinator(teacher)


def test_administrator_holds_every_staff_role(admin_user):
    assert permissions.is_partnership_manager(admin_user)
    assert permissions.is_practice_coordinator(admin_user)
    assert permissions.is_teacher(admin_user)


def test_employer_is_member_of_own_partner_only(employer_a, partner_a, partner_b, staff):
    assert is_partner_member(employer_a, partner_a)
    assert not is_partner_member(employer_a, partner_b)
    assert not is_partner_member(staff, partner_a)
    assert can_view_partner(staff, partner_b)
    assert can_view_partner(employer_a, partner_a) and not can_view_partner(employer_a, partner_b)


def test_employer_needs_a_partner_and_staff_has_none(db):
    with pytest.raises(ValidationError, match="Представителю работодателя нужна организация"):
        user_create(email="e@partner.example", role=Role.EMPLOYER)
    with pytest.raises(ValidationError):
        user_create(email="s@college.example", role=Role.STAFF, partner=PartnerFactory())


def test_database_enforces_the_employer_partner_rule(db):
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="raw@partner.example", role=Role.EMPLOYER)])


def test_email_is_unique_whatever_the_case(db):
    StaffFactory(email="anna@college.example")
    with pytest.raises(ValidationError):
        user_create(email="Anna@College.example")
