"""Views of the contracts app."""
