"""Selectors of the monitoring app, a module per subject."""
