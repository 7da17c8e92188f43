"""Misspellings by sound (issue 17, round 5): a medical word written as it sounds.

The misspelling pass of ``_fuzzy.py`` finds a word one edit from a medical word. People
also write a word as they hear it, which can be several edits: "psigiater", "rugklagten",
"infektie", "diabeetus", "opperatie", "hartinfarkt". Here both the word and every
misspelling target (``fuzzy.txt`` and ``dictionary_fuzzy.txt``) are reduced to a sound
key (ph f, th t, ch g, c k, ij ei, y i, au ou, z s, v f, a final d t, every doubled letter
once), and a word counts when its key equals a target's key, or, for keys of seven
letters or more, is one edit from one with the same first letter.

Ordinary Dutch words whose key meets a target's (for example words that only differ from
a medical word in a doubled letter) are listed in ``lexicon/dictionary_sound_exempt.txt``
by ``scripts/textguard_dictionary.py`` and are never a misspelling, nor is any word in
``dictionary_exempt.txt``. Results are cached per word, like ``_fuzzy.misspelled``.
"""

import re
from functools import lru_cache
from importlib import resources

from ._dictionary import exempt_words
from ._fuzzy import misspelling_targets, one_edit
from ._fuzzy_read import word_finds

_TOKEN = re.compile(r"(?<![^\W_])[a-z]{6,}(?![^\W_])")
_PAIRS = (
    ("sch", "sg"), ("ph", "f"), ("th", "t"), ("ch", "g"), ("ck", "k"), ("qu", "kw"),
    ("c", "k"), ("q", "k"), ("x", "ks"), ("ij", "ei"), ("y", "i"), ("au", "ou"),
    ("z", "s"), ("v", "f"), ("dt", "t"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
#: Keys shorter than this match only exactly (a short key one edit away is too common).
NEAR_KEY = 7


def sound_key(word: str) -> str:
    """The word as it sounds, roughly (lower-case ASCII letters in, letters out)."""
    for written, heard in _PAIRS:
        word = word.replace(written, heard)
    if word.endswith("d"):
        word = word[:-1] + "t"
    return _DOUBLE.sub(r"\1", word)


def key_deletes(key: str) -> list[str]:
    """The key and every key with one letter left out (the dictionary script indexes the
    targets' keys so to find ordinary words near them)."""
    return [key] + [key[:i] + key[i + 1 :] for i in range(len(key))]


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[tuple[str, int], tuple[str, ...]]]:
    """The targets' keys (key: category) and the long ones by first letter and length:
    a near key is one of the few of its letter and length, one shorter or one longer.
    (A deletion index would find them in fewer steps, but held 3.7 MiB in every worker;
    a word's result is remembered, so each distinct word pays this once.)"""
    exact: dict[str, str] = {}
    buckets: dict[tuple[str, int], set[str]] = {}
    for word, category in misspelling_targets().items():
        if len(word) < 6:
            continue
        key = sound_key(word)
        exact.setdefault(key, category)
        if len(key) >= NEAR_KEY:
            buckets.setdefault((key[0], len(key)), set()).add(key)
    return exact, {k: tuple(sorted(v)) for k, v in buckets.items()}


def target_keys() -> dict[str, str]:
    """Sound key of every misspelling target of six letters or more: its category."""
    return _index()[0]


def key_category(key: str) -> str | None:
    """The category of the target whose key is ``key`` or, for long keys, one edit away
    (the first such target in sorted order)."""
    exact, buckets = _index()
    if key in exact:
        return exact[key]
    if len(key) < NEAR_KEY - 1:
        return None
    near = [
        target
        for length in (len(key) - 1, len(key), len(key) + 1)
        for target in buckets.get((key[0], length), ())
        if one_edit(key, target)
    ]
    return exact[min(near)] if near else None


@lru_cache(maxsize=1)
def sound_exempt() -> frozenset[str]:
    text = resources.files(__package__).joinpath("lexicon", "dictionary_sound_exempt.txt")
    return frozenset(
        line.strip()
        for line in text.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=65536)
def misspelled_by_sound(word: str) -> str | None:
    """The category of the medical word ``word`` is written for by its sound, or None."""
    if word in misspelling_targets() or word in exempt_words() or word in sound_exempt():
        return None
    return key_category(sound_key(word))


def sound_misspellings(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, category) of every medical word written by its sound."""
    return word_finds(_TOKEN, misspelled_by_sound, folded)
