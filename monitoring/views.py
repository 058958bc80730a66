"""Views of the monitoring app."""
