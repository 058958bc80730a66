"""Models: surveys."""
