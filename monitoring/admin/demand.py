"""Admin: demand."""
