"""Forms of the events app, by subject."""
