"""Word lists derived from a real Dutch dictionary (OpenTaal's hunspell-nl, issue 17).

``scripts/textguard_dictionary.py`` (``make textguard-dictionary``) expands the dictionary
with its suffix rules and writes, into ``lexicon/``:

* ``dictionary_compounds.txt``: compounds and derivations of medical words that the
  hand-written lexicon does not find (longaandoening, nekstijfheid, tetanusinjecties);
  matched here as whole words, then subject to the context rules like any match;
* ``dictionary_fuzzy.txt``: medical words of the dictionary, targets of the misspelling
  pass (``_fuzzy.py``);
* ``dictionary_exempt.txt``: ordinary Dutch words one edit from such a target, which
  are therefore never read as a misspelling;
* ``dictionary_sound_exempt.txt``: ordinary Dutch words whose sound key (``_sound.py``)
  meets a target's, which are therefore never read as written by sound;
* ``dictionary_institutions.txt``: names of Dutch hospitals (from the hospital list of
  the Dutch medical de-identification library deduce), lexicon lines of the category
  care_provider, read by ``_lexicon.load``.

The dictionary is not needed at run time. Each file records a digest of the lexicon files
it was made from; a test fails when they are stale.
"""

import hashlib
import re
from functools import lru_cache
from importlib import resources

from ._fuzzy_read import read_targets, word_finds

GENERATED = (
    "dictionary_compounds.txt",
    "dictionary_fuzzy.txt",
    "dictionary_exempt.txt",
    "dictionary_institutions.txt",
    "dictionary_sound_exempt.txt",
)
# The shortest word looked at (_guard skips shorter stretches without spaces).
SHORTEST = 8
_TOKEN = re.compile(rf"(?<![^\W_])[a-z]{{{SHORTEST},}}(?![^\W_])")


def _text(name: str) -> str:
    return resources.files(__package__).joinpath("lexicon", name).read_text("utf-8")


def inputs_digest() -> str:
    """A digest of the hand-written lexicon files the generated ones are made from."""
    digest = hashlib.sha256()
    names = sorted(
        entry.name
        for entry in resources.files(__package__).joinpath("lexicon").iterdir()
        if entry.name.endswith(".txt") and entry.name not in GENERATED
    )
    for name in names:
        digest.update(name.encode() + b"\0" + _text(name).encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def compound_words() -> dict[str, str]:
    return read_targets(_text("dictionary_compounds.txt"))


@lru_cache(maxsize=1)
def exempt_words() -> frozenset[str]:
    return frozenset(
        line.strip()
        for line in _text("dictionary_exempt.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _whole_words() -> dict[str, str]:
    """Every medical word the dictionary passes know as a whole (the compounds and the
    misspelling targets: fuzzy.txt and the dictionary's medical words)."""
    words = read_targets(_text("dictionary_fuzzy.txt"))
    words.update(read_targets(_text("fuzzy.txt")))
    words.update(compound_words())
    return words


def whole_words() -> dict[str, str]:
    """The words ``split_compound`` looks a pair up in: a pair whose two halves together
    are none of them is no compound (issue 17, speed: a check skips the call)."""
    return _whole_words()


#: Both halves of a compound written apart are at least this long ("rug pijn" is found
#: by its second half alone; "hersen schudding", "paniek aanvallen" are not).
SPLIT_PART = 3


def split_compound(first: str, second: str) -> str | None:
    """The category of the medical compound that ``first second`` writes apart (a
    "spatiefout": "hersen schudding", "paniek aanvallen"), or None. An ordinary word of
    the dictionary one edit from a medical word is no such compound. Called for every
    pair of neighbouring words, so one dictionary look-up decides the usual case."""
    category = _whole_words().get(first + second)
    if (
        category is None
        or len(first) < SPLIT_PART
        or len(second) < SPLIT_PART
        or not (first.isalpha() and second.isalpha())
        or first + second in exempt_words()
    ):
        return None
    return category


def compounds(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, category) of every dictionary compound of a medical word."""
    return word_finds(_TOKEN, compound_words().get, folded)
