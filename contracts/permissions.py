"""Permissions of the contracts app."""
