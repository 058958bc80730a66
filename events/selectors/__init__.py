"""Selectors of the events app, by subject."""
