"""Helpers shared by the test packages (importable because pytest puts the project root on the path)."""
