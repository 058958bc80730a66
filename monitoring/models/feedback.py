"""Models: feedback."""
