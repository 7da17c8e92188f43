"""The guard for address lines: a match inside a street name ("Kliniekweg",
"Ziekenhuislaan") names a place, not health data; anything else counts as in free text."""

import re

from poortwachter.textguard import GuardResult, check_text

_STREET_WORD = re.compile(
    r"\w*(weg|straat|laan|dijk|plein|kade|gracht|singel|hof|pad|dreef|park|steeg|erf|"
    r"baan|boulevard|markt|wal|veld|dam)\b",
    re.IGNORECASE,
)


def check_address(text: str) -> GuardResult:
    streets = [match.span() for match in _STREET_WORD.finditer(text)]
    remaining = tuple(
        match
        for match in check_text(text).matches
        if not any(start <= match.start and match.end <= end for start, end in streets)
    )
    return GuardResult(medical=bool(remaining), matches=remaining)
