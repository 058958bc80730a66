"""Admin of the contracts app."""
