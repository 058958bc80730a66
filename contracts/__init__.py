"""Contracts: every agreement type, numbered, signed and rendered to PDF."""
