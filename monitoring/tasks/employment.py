"""Tasks: employment checkpoints."""
