"""Fixtures live in the root conftest.py, shared with the reports tests."""
