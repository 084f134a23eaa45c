"""Planned: see docs/ARCHITECTURE.md."""
