"""factory_boy factories. No hidden side effects: a factory makes exactly the rows it names."""

import itertools

import factory

from partners.models import Contact, Interaction, Partner, PartnerStatus, Specialty
from partnership_portal.accounts.models import Role, User
from partnership_portal.validators import inn_with_check_digits

_inn_counter = itertools.count(1)


def next_inn():
    return inn_with_check_digits(f"77{next(_inn_counter):07d}")


def ogrn_for(inn):
    """A valid 13-digit ОГРН derived from the ИНН (unique as the ИНН is)."""
    base = f"1027{inn[2:10]}"
    return base + str(int(base) % 11 % 10)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"ООО «Партнёр {n}»")
    inn = factory.LazyFunction(next_inn)
    # Full requisites, as a contract needs them before it is issued.
    ogrn = factory.LazyAttribute(lambda o: ogrn_for(o.inn))
    legal_address = "620000, г. Екатеринбург, ул. Заводская, д. 1"
    bank_details = "р/с 40702810000000000001 в ПАО «Банк», БИК 046577001, к/с 30101810000000000001"
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


# --- practice ---------------------------------------------------------------------------------

import datetime as _dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from practice.models import (  # noqa: E402
    Offer,
    OfferStatus,
    Placement,
    PlacementState,
    PracticeKind,
    PracticePeriod,
    Student,
    StudyGroup,
    Teacher,
    TeacherInternship,
    Thesis,
)


def _academic_year():
    """The year the current academic year began (it begins on 1 September)."""
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


class StudyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyGroup

    name = factory.Sequence(lambda n: f"ТМ-{23 + n % 3}-{n}")
    specialty = factory.SubFactory(SpecialtyFactory, code="15.02.16", name="Технология машиностроения")
    # A group in its third year now, whatever the date the tests run on (a fixed year would
    # make a contract signed today end after graduation one day).
    admission_year = factory.LazyFunction(lambda: _academic_year() - 2)
    graduation_year = factory.LazyAttribute(lambda group: group.admission_year + 4)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    last_name = factory.Sequence(lambda n: f"Студентов{n}")
    first_name = "Алексей"
    middle_name = "Петрович"
    birth_date = _dt.date(2006, 5, 17)
    group = factory.SubFactory(StudyGroupFactory)
    email = factory.Sequence(lambda n: f"student{n}@students.example")


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    last_name = factory.Sequence(lambda n: f"Учителев{n}")
    first_name = "Сергей"
    middle_name = "Иванович"
    position = "Преподаватель спецдисциплин"


class PracticePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticePeriod

    kind = PracticeKind.WORK
    group = factory.SubFactory(StudyGroupFactory)
    module = "ПМ.01 Разработка технологических процессов изготовления деталей машин"
    start_date = _dt.date(2026, 11, 2)
    end_date = _dt.date(2026, 12, 12)
    hours = 216
    college_supervisor = factory.SubFactory(TeacherFactory)
    competences = "ПК 1.1. Использовать конструкторскую документацию\nПК 1.2. Выбирать метод получения заготовок"


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    partner = factory.SubFactory(PartnerFactory)
    specialty = factory.SubFactory(SpecialtyFactory, code="15.02.16", name="Технология машиностроения")
    title = "Производственная практика в механическом цехе"
    places = 3
    start_date = _dt.date(2026, 11, 1)
    end_date = _dt.date(2026, 12, 31)
    status = OfferStatus.PUBLISHED


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    student = factory.SubFactory(StudentFactory)
    period = factory.SubFactory(PracticePeriodFactory, group=factory.SelfAttribute("..student.group"))
    partner = factory.SubFactory(PartnerFactory)
    start_date = factory.SelfAttribute("period.start_date")
    end_date = factory.SelfAttribute("period.end_date")
    state = PlacementState.CONFIRMED


class ThesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thesis

    student = factory.SubFactory(StudentFactory)
    topic = "Разработка технологического процесса изготовления вала редуктора"
    supervisor = factory.SubFactory(TeacherFactory)


class TeacherInternshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeacherInternship

    teacher = factory.SubFactory(TeacherFactory)
    partner = factory.SubFactory(PartnerFactory)
    start_date = _dt.date(2026, 6, 1)
    end_date = _dt.date(2026, 6, 14)
    hours = 72
    topic = "Освоение обрабатывающих центров с ЧПУ"
