"""URL-by-role rows and world objects of monitoring: reports."""

ROWS = {}


def world(base):
    """Objects this subject's URL rows point at, given the shared world so far (a SimpleNamespace with
    staff, employer_a, employer_b, partner_a, partner_b and the objects of the other apps). Returns a
    dict of names for the rows' kwargs, plus "admin_objects": one object of each model it registers
    in the admin."""
    return {"admin_objects": []}
