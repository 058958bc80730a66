"""Admin: employment."""
