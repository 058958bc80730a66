"""Demo data: councils."""


def seed(scale, *, staff):
    pass
