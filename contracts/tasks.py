"""Tasks of the contracts app."""
