"""Practice: students, practice periods, offers, placements, evaluations, theses, teacher internships."""
