"""Demo data: feedback."""


def seed(scale, *, staff):
    """Nothing yet."""
