"""Selectors of the contracts app."""
