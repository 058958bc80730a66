"""Demo events, councils and contributions for ``seed_demo``: each subject seeds its own part."""


def seed(scale, *, staff):
    from . import contributions, councils, events

    events.seed(scale, staff=staff)
    councils.seed(scale, staff=staff)
    contributions.seed(scale, staff=staff)
