"""Tasks of the practice app."""
