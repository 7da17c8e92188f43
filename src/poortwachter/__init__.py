"""Poortwachter: privacy-by-design absence management for Dutch employers."""

__version__ = "0.1.0"
