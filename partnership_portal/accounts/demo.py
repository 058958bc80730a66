"""Demo staff logins (employer logins come with the demo partners)."""

from partnership_portal.demo import DEMO_PASSWORD

from .models import Role, StaffGroup, User
from .services import ensure_staff_groups, user_create

STAFF_ACCOUNTS = [
    # email, last, first, middle, position, groups
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
    ("admin@college.example", "Смирнова", "Ольга", "Викторовна", "Администратор портала", ()),
]


def seed_staff():
    """Creates the demo staff accounts that are missing; returns them, the manager first."""
    ensure_staff_groups()
    users = []
    for email, last, first, middle, position, groups in STAFF_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email,
                password=DEMO_PASSWORD,
                role=Role.ADMIN if email.startswith("admin@") else Role.STAFF,
                groups=groups,
                last_name=last,
                first_name=first,
                middle_name=middle,
                position=position,
            )
        users.append(user)
    return users


LOGINS = [
    ("administrator", "admin@college.example"),
    ("staff", "manager@college.example"),
    ("teacher", "teacher@college.example"),
]
