"""Services of the events app, by subject."""
