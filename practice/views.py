"""Views of the practice app."""
