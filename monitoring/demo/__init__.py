"""Demo data of the monitoring app: each subject seeds its own, after the other apps' data."""

from . import demand, employment, feedback, surveys


def seed(scale, *, staff):
    """`staff`: the demo staff accounts, the manager first (as seed_staff returns them); each subject
    records the manager as the author of what it makes."""
    manager = staff[0]
    for subject in (demand, employment, feedback, surveys):
        subject.seed(scale, staff=manager)
