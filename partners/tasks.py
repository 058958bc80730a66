"""Background tasks of the partner register."""
