"""Instructor tools beyond the report: grading attempts with overrides, returning grades."""
