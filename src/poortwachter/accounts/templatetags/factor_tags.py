"""Showing a TOTP secret so a person can type it over (issue 15)."""

from django import template

register = template.Library()


@register.filter
def in_groups(value: str, size: int = 4) -> str:
    """``JBSWY3DPEHPK3PXP`` as ``JBSW Y3DP EHPK 3PXP``: easier to read and check."""
    text = "".join(str(value).split())
    return " ".join(text[i : i + size] for i in range(0, len(text), size))
