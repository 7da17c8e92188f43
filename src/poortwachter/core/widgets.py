"""Form widgets shared by every app."""

from django import forms


def date_input() -> forms.DateInput:
    """``<input type=date>`` reads only ISO dates: a Dutch 23-11-2026 would arrive empty."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
