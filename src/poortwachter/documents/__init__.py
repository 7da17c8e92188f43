"""Shared document building: the PDF page base and its vendored fonts."""
