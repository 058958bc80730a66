"""Admin: surveys."""
