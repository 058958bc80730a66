"""Admin: feedback."""
