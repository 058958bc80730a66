"""Services of the contracts app."""
