"""Monitoring: hiring demand, graduate employment, surveys, indicators and periodic reports."""
