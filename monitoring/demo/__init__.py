"""Demo data of the monitoring app: each subject seeds its own, after the other apps' data."""

from . import demand, employment, feedback, surveys


def seed(scale, *, staff):
    for subject in (demand, employment, feedback, surveys):
        subject.seed(scale, staff=staff)
