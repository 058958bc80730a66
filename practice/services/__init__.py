"""Writes of the practice app, one module per area: reference data and the student import,
periods, offers, placements, evaluations, theses and reviews, teacher internships, and the
personal-data access log."""
