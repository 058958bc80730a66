"""Permissions of the practice app."""
