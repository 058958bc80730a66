"""Admin of the monitoring app, a module per subject."""

from . import demand, employment, feedback, reports, surveys  # noqa: F401
