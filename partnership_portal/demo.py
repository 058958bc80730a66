"""Shared pieces of the demo data: scales, the deterministic random source and demo logins.

Each app seeds its own models in ``<app>/demo.py``; the ``seed_demo`` command calls them in
dependency order. Everything is derived from a fixed seed, so running it twice creates
nothing new.
"""

import random
from dataclasses import dataclass

from faker import Faker

DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class Scale:
    name: str
    partners: int
    groups: int
    students_per_group: int
    teachers: int
    practice_partners: int  # partners that host practice


SCALES = {
    "small": Scale("small", partners=30, groups=8, students_per_group=12, teachers=12, practice_partners=20),
    "college": Scale("college", partners=400, groups=40, students_per_group=25, teachers=60, practice_partners=150),
    "region": Scale(
        "region", partners=10_000, groups=1_200, students_per_group=25, teachers=300, practice_partners=3_000
    ),
}


def rng(salt):
    """A random source that gives the same sequence for the same salt on every run."""
    return random.Random(f"portal-demo-{salt}")


def faker(salt):
    fake = Faker("ru_RU")
    fake.seed_instance(f"portal-demo-{salt}")
    return fake
