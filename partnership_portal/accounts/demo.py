"""Demo logins for every role."""

from partnership_portal.demo import DEMO_PASSWORD

from .models import Role, StaffGroup, User
from .services import ensure_staff_groups, user_create

STAFF_ACCOUNTS = [
    # email, last, first, middle, position, groups
    ("admin@college.example", "Смирнова", "Ольга", "Викторовна", "Администратор портала", ()),
    (
        "manager@college.example",
        "Васильев",
        "Андрей",
        "Петрович",
        "Заместитель директора по учебно-производственной работе",
        (StaffGroup.PARTNERSHIP_MANAGER, StaffGroup.PRACTICE_COORDINATOR),
    ),
    (
        "coordinator@college.example",
        "Николаева",
        "Ирина",
        "Сергеевна",
        "Руководитель практики",
        (StaffGroup.PRACTICE_COORDINATOR,),
    ),
    ("teacher@college.example", "Кузнецов", "Дмитрий", "Олегович", "Преподаватель", (StaffGroup.TEACHER,)),
]


def seed(partners):
    """Creates the demo accounts that are missing. ``partners``: the first demo partners."""
    ensure_staff_groups()
    for email, last, first, middle, position, groups in STAFF_ACCOUNTS:
        if not User.objects.filter(email=email).exists():
            user_create(
                email=email,
                password=DEMO_PASSWORD,
                role=Role.ADMIN if email.startswith("admin@") else Role.STAFF,
                groups=groups,
                last_name=last,
                first_name=first,
                middle_name=middle,
                position=position,
            )
    employers = [
        ("employer@partner.example", "Орлова", "Марина", "Игоревна", "Начальник отдела кадров", partners[0]),
        ("employer2@partner.example", "Белов", "Сергей", "Анатольевич", "Главный инженер", partners[1]),
    ]
    for email, last, first, middle, position, partner in employers:
        if not User.objects.filter(email=email).exists():
            user_create(
                email=email,
                password=DEMO_PASSWORD,
                role=Role.EMPLOYER,
                partner=partner,
                last_name=last,
                first_name=first,
                middle_name=middle,
                position=position,
                is_practice_supervisor=True,
                is_thesis_reviewer=True,
                is_signatory=email == "employer@partner.example",
            )
    return [
        ("administrator", "admin@college.example"),
        ("staff", "manager@college.example"),
        ("employer", f"employer@partner.example ({partners[0].name})"),
    ]
