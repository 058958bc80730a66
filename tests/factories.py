"""factory_boy factories. No hidden side effects: a factory makes exactly the rows it names."""

import itertools

import factory

from partners.models import Contact, Interaction, Partner, PartnerStatus, Specialty
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
    status = PartnerStatus.ACTIVE
    search_text = factory.LazyAttribute(lambda o: f"{o.name} | {o.inn}".lower().replace("ё", "е"))


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{10 + n % 80:02d}.02.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Специальность {n}")
    qualification = "Техник"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    last_name = factory.Sequence(lambda n: f"Сидоров{n}")
    first_name = "Пётр"
    middle_name = "Ильич"
    position = "Главный инженер"
    email = factory.Sequence(lambda n: f"contact{n}@partner.example")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    partner = factory.SubFactory(PartnerFactory)
    summary = "Обсудили места практики."


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
