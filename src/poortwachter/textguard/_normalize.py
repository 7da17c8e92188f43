"""Text normalisation with a map back to the original characters.

The lexicon is matched against a normalised copy of the text: diacritics removed
(``knieën`` → ``knieen``, ``Ménière`` → ``Meniere``), compatibility forms folded (NFKD:
``ﬁ`` → ``fi``, no-break space → space), every dash variant made a plain hyphen, curly
apostrophes made straight, and invisible characters (soft hyphen, zero-width space) dropped.

Two copies are made with the same length: ``cased`` (case kept, for the few case-sensitive
abbreviations such as ``FT`` and ``MS``) and ``folded`` (lower case, for the quick
literal pre-filter). ``starts[i]``/``ends[i]`` give the span in the original text of the
original character that produced normalised character ``i``, so a match found in the
normalised text is reported with offsets into the text the user typed.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u2032\uff07`\u00b4"
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True, slots=True)
class Normalized:
    cased: str
    folded: str
    # None when the text is ASCII: normalised index == original index.
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text of normalised characters ``start:end`` (end > start)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> tuple[str, str]:
    """(cased, folded) normalised forms of one character; equal lengths, maybe empty."""
    if ch in _INVISIBLE:
        return "", ""
    if ch in _DASHES:
        return "-", "-"
    if ch in _APOSTROPHES:
        return "'", "'"
    decomposed = unicodedata.normalize("NFKD", ch)
    cased = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    folded = []
    for c in cased:
        low = c.lower()
        # A few characters lower-case to two (İ → i̇); keep the length equal to cased.
        folded.append(low if len(low) == 1 else c)
    return cased, "".join(folded)


def normalize(text: str) -> Normalized:
    if text.isascii():
        return Normalized(text, text.lower(), None, None)
    # Usual case: every non-ASCII character folds to exactly one character (é → e), so
    # offsets do not move and one str.translate does the work.
    table = {}
    for ch in set(text):
        if not ch.isascii():
            cased, _ = _fold_char(ch)
            if len(cased) != 1:
                return _normalize_slow(text)
            table[ord(ch)] = cased
    cased_text = text.translate(table)
    folded_text = cased_text.lower()
    if len(folded_text) != len(cased_text):
        return _normalize_slow(text)
    return Normalized(cased_text, folded_text, None, None)


def _normalize_slow(text: str) -> Normalized:
    """Characters that disappear (accents written apart, soft hyphens) or expand (ﬁ)."""
    cased: list[str] = []
    folded: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, ch in enumerate(text):
        if ch.isascii():
            cased.append(ch)
            folded.append(ch.lower())
            starts.append(index)
            ends.append(index + 1)
            continue
        c, f = _fold_char(ch)
        if not c:
            # Dropped (a combining accent, a soft hyphen): it belongs to the character
            # before it, so a highlighted term keeps its accents.
            if ends:
                ends[-1] = index + 1
            continue
        cased.append(c)
        folded.append(f)
        starts.extend([index] * len(c))
        ends.extend([index + 1] * len(c))
    return Normalized("".join(cased), "".join(folded), tuple(starts), tuple(ends))
