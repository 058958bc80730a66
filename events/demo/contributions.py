"""Demo data: contributions."""


def seed(scale, *, staff):
    pass
