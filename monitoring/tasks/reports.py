"""Tasks: periodic reports."""
