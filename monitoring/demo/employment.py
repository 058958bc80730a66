"""Demo data: employment."""


def seed(scale, *, staff):
    """Nothing yet."""
