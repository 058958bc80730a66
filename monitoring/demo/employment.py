"""Demo data: graduates' statuses at every checkpoint that has fallen due (6, 12 and 24 months
after graduation), with realistic shares: most employed (half of them at partners, mostly in the
specialty), some in the army, studying on or on parental leave, a few unemployed or unknown.
Statuses drift from one checkpoint to the next the way they do (army service ends, a job is
found). Bulk-created: the region scale adds some 50,000 rows in a few seconds.
"""

import datetime as dt

from django.utils import timezone
from faker import Faker

from partners.models import Partner, PartnerStatus, Specialty
from partnership_portal.demo import rng
from practice.demo import _GROUP_PREFIX, _group_order
from practice.models import Student, StudentStatus, StudyGroup

from ..models.employment import Checkpoint, EmploymentRecord, EmploymentStatus, checkpoint_due_date

S = EmploymentStatus
# Weights of the statuses at each checkpoint (military service peaks in the first year).
_WEIGHTS = {
    6: {S.EMPLOYED: 46, S.SELF_EMPLOYED: 4, S.MILITARY: 18, S.STUDYING: 12, S.PARENTAL_LEAVE: 3,
        S.EMPLOYMENT_CENTRE: 4, S.UNEMPLOYED: 6, S.NO_DATA: 7},
    12: {S.EMPLOYED: 50, S.SELF_EMPLOYED: 5, S.MILITARY: 16, S.STUDYING: 11, S.PARENTAL_LEAVE: 4,
         S.EMPLOYMENT_CENTRE: 3, S.UNEMPLOYED: 4, S.NO_DATA: 7},
    24: {S.EMPLOYED: 64, S.SELF_EMPLOYED: 6, S.MILITARY: 3, S.STUDYING: 9, S.PARENTAL_LEAVE: 5,
         S.EMPLOYMENT_CENTRE: 2, S.UNEMPLOYED: 3, S.NO_DATA: 8},
}  # fmt: skip
_POSTS = ["Оператор станков с ЧПУ", "Техник-технолог", "Слесарь-ремонтник", "Электромонтёр", "Сварщик",
          "Наладчик оборудования", "Мастер участка", "Техник-конструктор", "Лаборант", "Монтажник"]  # fmt: skip
_OTHER_POSTS = ["Продавец-консультант", "Курьер", "Менеджер по продажам", "Администратор", "Водитель"]
_OTHER_EMPLOYERS = ["ООО «Торговый дом «Урал»", "ИП Сидоров А. В.", "ООО «Быстрая доставка»",
                    "ООО «СтройИнвест»", "АО «Тандер»", "ООО «Вайлдберриз»"]  # fmt: skip
_SELF_EMPLOYED_POSTS = [
    "Самозанятый: ремонт бытовой техники",
    "ИП: изготовление мебели",
    "Самозанятый: сварочные работы",
]


def _pick(rnd, weights):
    return rnd.choices(list(weights), weights=list(weights.values()))[0]


def _seed_graduated_groups(scale, today):
    """The practice demo has only groups still studying: the last three graduating years are added
    here (a group per specialty and year, fewer at the small scale), their students graduated."""
    if Student.objects.filter(status=StudentStatus.GRADUATED).exists():
        return
    # The specialties the studying groups take, in the same order (the featured ones first).
    specialties = _group_order(Specialty.objects.all())[: max(2, scale.groups // 4)]
    last = today.year - (1 if (today.month, today.day) < (7, 1) else 0)  # graduation is on 30 June
    fake = Faker("ru_RU")
    fake.seed_instance("portal-demo-graduates")
    groups = [
        StudyGroup(name=f"{_GROUP_PREFIX.get(specialty.code, 'ГР')}-{(year - 4) % 100:02d}-{number}",
                   specialty=specialty, admission_year=year - 4, graduation_year=year)
        for year in (last - 2, last - 1, last)
        for number, specialty in enumerate(specialties, 1)
    ]  # fmt: skip
    StudyGroup.objects.bulk_create(groups, ignore_conflicts=True)
    rnd = rng("graduates")
    students = []
    for group in StudyGroup.objects.filter(name__in=[g.name for g in groups]).order_by("pk"):
        for _number in range(scale.students_per_group):
            male = rnd.random() < 0.55
            students.append(
                Student(
                    last_name=fake.last_name_male() if male else fake.last_name_female(),
                    first_name=fake.first_name_male() if male else fake.first_name_female(),
                    middle_name=fake.middle_name_male() if male else fake.middle_name_female(),
                    group=group, status=StudentStatus.GRADUATED,
                    birth_date=dt.date(group.admission_year - 15 - rnd.randint(0, 2), rnd.randint(1, 12), rnd.randint(1, 28)),
                )
            )  # fmt: skip
    Student.objects.bulk_create(students, batch_size=5000)


def seed(scale, *, staff):
    """Creates the demo statuses if there are none yet."""
    if EmploymentRecord.objects.exists():
        return
    today = timezone.localdate()
    _seed_graduated_groups(scale, today)
    rnd = rng("employment")
    partners = list(
        Partner.objects.filter(status__in=[PartnerStatus.ACTIVE, PartnerStatus.DORMANT])
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    graduates = (
        Student.objects.filter(status=StudentStatus.GRADUATED)
        .order_by("pk")
        .values_list("pk", "group__graduation_year")
    )
    now = timezone.now()
    records = []
    for student_id, year in graduates.iterator(chunk_size=5000):
        previous = None
        employer = rnd.choice(partners) if partners and rnd.random() < 0.55 else None
        for checkpoint in Checkpoint:
            if checkpoint_due_date(year, checkpoint) > today:
                break
            if rnd.random() < 0.08:  # a checkpoint nobody filled in
                continue
            status = _pick(rnd, _WEIGHTS[checkpoint.value])
            # A job tends to last, and a graduate in the army is usually still there at 12 months.
            if previous in (S.EMPLOYED, S.SELF_EMPLOYED) and rnd.random() < 0.75:
                status = previous
            elif previous == S.MILITARY and checkpoint == Checkpoint.MONTHS_12 and rnd.random() < 0.8:
                status = S.MILITARY
            fields = {}
            if status == S.EMPLOYED:
                at_partner = employer is not None
                fields = {
                    "employer_id": employer,
                    "employer_name": "" if at_partner else rnd.choice(_OTHER_EMPLOYERS),
                    "post": rnd.choice(_POSTS if at_partner or rnd.random() < 0.4 else _OTHER_POSTS),
                    "in_specialty": rnd.random() < (0.85 if at_partner else 0.35),
                }
            elif status == S.SELF_EMPLOYED:
                fields = {"post": rnd.choice(_SELF_EMPLOYED_POSTS), "in_specialty": rnd.random() < 0.5}
            records.append(
                EmploymentRecord(
                    student_id=student_id,
                    checkpoint=checkpoint.value,
                    status=status,
                    recorded_by=staff,
                    recorded_at=now,
                    **fields,
                )  # fmt: skip
            )
            previous = status
    EmploymentRecord.objects.bulk_create(records, batch_size=2000)
