"""Misspellings of medical words: one edit away from a word in ``lexicon/fuzzy.txt`` or
``lexicon/dictionary_fuzzy.txt`` (medical words of the Dutch dictionary, issue 17).

A correctly spelt ordinary Dutch word (``lexicon/dictionary_exempt.txt``: kanjer for
kanker, meditatie for medicatie) is never a misspelling. Both dictionary files are made
by ``scripts/textguard_dictionary.py``.

A symmetric-deletion index (every word with one letter left out) finds the candidates
for a word in a handful of dictionary look-ups; a candidate counts when it is really one
edit away (a letter added, left out or changed, or two neighbours swapped) and starts
with the same letter. Results per word are cached: work text repeats its words.
"""

import re
from functools import lru_cache
from importlib import resources

from ._dictionary import exempt_words
from ._fuzzy_read import read_targets, word_finds

# The shortest word looked at (_guard skips shorter stretches without spaces).
SHORTEST = 5
_TOKEN = re.compile(rf"(?<![^\W_])[a-z]{{{SHORTEST},}}(?![^\W_])")


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    files = resources.files(__package__).joinpath("lexicon")
    targets = read_targets(files.joinpath("dictionary_fuzzy.txt").read_text("utf-8"))
    targets.update(read_targets(files.joinpath("fuzzy.txt").read_text("utf-8")))
    deletes: dict[str, set[str]] = {}
    for word in targets:
        deletes.setdefault(word, set()).add(word)
        for i in range(len(word)):
            deletes.setdefault(word[:i] + word[i + 1 :], set()).add(word)
    return targets, {key: tuple(sorted(value)) for key, value in deletes.items()}


def misspelling_targets() -> dict[str, str]:
    """Every misspelling target (fuzzy.txt and the dictionary's medical words): category."""
    return _index()[0]


def one_edit(a: str, b: str) -> bool:
    """Whether a and b (a != b) are one insertion, deletion, substitution or swap apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


@lru_cache(maxsize=65536)
def misspelled(word: str) -> str | None:
    """The category of the medical word ``word`` misspells, or None."""
    targets, deletes = _index()
    if word in targets or word in exempt_words():
        return None
    candidates = set(deletes.get(word, ()))
    for i in range(len(word)):
        candidates.update(deletes.get(word[:i] + word[i + 1 :], ()))
    for target in sorted(candidates):
        if target[0] == word[0] and one_edit(word, target):
            return targets[target]
    return None


def misspellings(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, category) of every misspelled medical word in the folded text."""
    return word_finds(_TOKEN, misspelled, folded)
