"""Burgerservicenummers for synthetic people: nine digits that pass the 11-test.

They are made from a counter, so a dataset never repeats one; whether a generated number
belongs to a real person cannot be excluded in principle, but no other data about real
persons is ever attached to it (R-DEV-1).
"""

from collections.abc import Iterator

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes the 11-test pass, or None if there is none (10)."""
    total = sum(int(d) * w for d, w in zip(first_eight, _WEIGHTS, strict=True))
    digit = total % 11
    return None if digit == 10 else digit


def bsn_sequence(start: int) -> Iterator[str]:
    """Valid BSNs in increasing order from an 8-digit prefix ``start`` (10000000..).

    A smaller start would yield numbers with leading zeros, the first of them 000000000,
    which is no BSN at all; so it is refused (at the call, not at the first ``next``).
    """
    if not 10_000_000 <= start <= 99_999_999:
        raise ValueError("start must be an 8-digit prefix, 10000000 to 99999999")
    return _from_prefix(start)


def _from_prefix(prefix: int) -> Iterator[str]:
    while prefix <= 99_999_999:
        first_eight = f"{prefix:08d}"
        digit = check_digit(first_eight)
        if digit is not None:
            yield first_eight + str(digit)
        prefix += 1
