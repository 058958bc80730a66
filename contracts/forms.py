"""Forms of the contracts app."""
