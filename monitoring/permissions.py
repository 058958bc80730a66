"""Permissions of the monitoring app."""
