"""Writes on accounts."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Role, StaffGroup, User


@transaction.atomic
def user_create(*, email, password=None, role=Role.STAFF, partner=None, groups=(), **fields):
    """Creates a validated user; ``groups`` are ``StaffGroup`` values. No e-mail is sent."""
    user = User(email=email, role=role, partner=partner, **fields)
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if groups:
        user.groups.set(Group.objects.filter(name__in=[StaffGroup(g).value for g in groups]))
    return user


def ensure_staff_groups():
    """Creates the staff groups if missing (the data migration does it too; tests flush it)."""
    for group in StaffGroup:
        Group.objects.get_or_create(name=group.value)
