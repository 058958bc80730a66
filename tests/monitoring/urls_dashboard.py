"""URL-by-role rows and world objects of monitoring: the indicator dashboard (the home page "/"
keeps its row in tests/url_table.py)."""

from tests.url_table import STAFF_ONLY, Row

ROWS = {
    # The college's management figures: staff only, employers get 404.
    "monitoring:dashboard": Row(STAFF_ONLY),
    "monitoring:dashboard_export": Row(STAFF_ONLY),
}


def world(base):
    """The dashboard reads the other apps' objects; it registers no model of its own."""
    return {"admin_objects": []}
