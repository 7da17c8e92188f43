"""The guard for address lines, checked by what a Dutch address looks like.

A street name may contain a word for a place of care or a person ("Kliniekweg",
"Ziekenhuislaan", "Gasthuisstraat", "Dokter van Deenweg"): such a match inside a word
that looks like a Dutch street name is a place, not health data. A street name is a
word of letters (hyphens and apostrophes inside; no digits, no underscores) ending in a
street word (weg, straat, laan, ...). Diseases, symptoms, treatments, medication and the
like are not street names: "Hernialaan" is refused, as is anything joined with
underscores ("Psychiatrische_kliniek_Parnassiaweg": the normaliser reads an underscore
as a space, and the words are then checked one by one).
"""

import re

from ._guard import GuardResult, check

_STREET_WORD = re.compile(
    r"(?<![\w'-])[^\W\d_](?:[^\W\d_]|['-](?=[^\W\d_]))*"
    r"(weg|straat|laan|dijk|plein|kade|gracht|singel|hof|pad|dreef|park|steeg|erf|"
    r"baan|boulevard|markt|wal|veld|dam|wijk|burcht|poort|plantsoen|dreef|allee|ring)"
    r"(?![\w'-])",
    re.IGNORECASE,
)
# The categories a street name can carry: places and people of care (Kliniekweg,
# Ziekenhuislaan, Dokter Zamenhofstraat), never an illness, a treatment or a medicine.
_PLACE_CATEGORIES = frozenset({"care_provider"})
# Place names that are also body words (Spier in Drenthe, the Handweg): a body word says
# nothing about health in an address. The word-sense model's words neither: it learnt
# sentences, and an address line is none (issue 17, tenth round).
_IGNORED_CATEGORIES = frozenset({"body_part", "model"})


def check_address(text: str) -> GuardResult:
    streets = [match.span() for match in _STREET_WORD.finditer(text)]
    remaining = tuple(
        match
        for match in check(text).matches
        if match.category not in _IGNORED_CATEGORIES
        and not (
            match.category in _PLACE_CATEGORIES
            and any(start <= match.start and match.end <= end for start, end in streets)
        )
    )
    return GuardResult(medical=bool(remaining), matches=remaining)
