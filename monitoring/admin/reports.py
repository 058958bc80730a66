"""Admin: reports."""
