"""The monitoring app's part of the URL-by-role table: a module per subject, gathered here."""

from types import SimpleNamespace

from . import urls_dashboard, urls_demand, urls_employment, urls_feedback, urls_reports, urls_surveys

SUBJECTS = (urls_dashboard, urls_demand, urls_employment, urls_feedback, urls_surveys, urls_reports)
ROWS = {key: row for subject in SUBJECTS for key, row in subject.ROWS.items()}


def monitoring_world(**base):
    """Each subject's objects, built in order; a later subject sees the earlier ones' names."""
    made = {"admin_objects": []}
    for subject in SUBJECTS:
        objects = subject.world(SimpleNamespace(**base, **{k: v for k, v in made.items() if k != "admin_objects"}))
        made["admin_objects"] += objects.pop("admin_objects", [])
        made.update(objects)
    return made
