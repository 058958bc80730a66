"""Demo data: surveys."""


def seed(scale, *, staff):
    """Nothing yet."""
