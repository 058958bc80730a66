"""Views of the events app, by subject."""
