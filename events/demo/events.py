"""Demo data: events."""


def seed(scale, *, staff):
    pass
