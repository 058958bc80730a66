"""factory_boy factories. No hidden side effects: a factory makes exactly the rows it names."""

import itertools

import factory

from partners.models import Partner
from partnership_portal.accounts.models import Role, User
from partnership_portal.validators import inn_with_check_digits

_inn_counter = itertools.count(1)


def next_inn():
    return inn_with_check_digits(f"77{next(_inn_counter):07d}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"ООО «Партнёр {n}»")
    inn = factory.LazyFunction(next_inn)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@college.example")
    last_name = "Иванов"
    first_name = "Иван"
    middle_name = "Иванович"
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class EmployerFactory(UserFactory):
    role = Role.EMPLOYER
    email = factory.Sequence(lambda n: f"employer{n}@partner.example")
    partner = factory.SubFactory(PartnerFactory)
    is_practice_supervisor = True
    is_thesis_reviewer = True
