"""Models: reports."""
