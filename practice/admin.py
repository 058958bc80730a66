"""Admin of the practice app."""
