"""Services of the practice app."""
