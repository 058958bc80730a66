"""Models: employment."""
