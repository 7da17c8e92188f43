"""Benchmarks: scripts that print figures. They are not tests and assert no timings."""
