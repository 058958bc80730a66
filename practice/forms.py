"""Forms of the practice app."""
