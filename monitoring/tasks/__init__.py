"""Tasks of the monitoring app, a module per subject (imported here so the worker finds them)."""

from . import employment, feedback, reports, surveys  # noqa: F401
