"""Selectors of the practice app."""
