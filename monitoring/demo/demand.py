"""Demo data: demand."""


def seed(scale, *, staff):
    """Nothing yet."""
