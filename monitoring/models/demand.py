"""Models: demand."""
