"""Forms of the partner register."""
