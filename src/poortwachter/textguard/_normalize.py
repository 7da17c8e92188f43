"""Text normalisation with a map back to the original characters.

The lexicon is matched against a normalised copy of the text:

* compatibility forms folded and diacritics removed (NFKD, combining marks dropped:
  ``knieën`` → ``knieen``, ``ﬁ`` → ``fi``, full-width ``ｇ`` → ``g``);
* every format character dropped (Unicode category Cf: soft hyphen, zero-width space and
  joiners, U+2063 invisible separator, bidi controls), so ``burn\\u2063out`` is ``burnout``;
* letters that look like Latin ones mapped to them (Cyrillic ``е``, ``а``, ``о``, ``р``,
  ``с``…, Greek ``ο``, ``α``…), so ``hеrnia`` with a Cyrillic ``е`` is ``hernia``;
* digits and signs written for letters inside a word mapped back (``h3rnia``, ``k@nker``,
  ``d3pr3ssi3``, ``gr!ep``): only where they touch letters (a sign must stand between
  two) and the word has more letters than such stand-ins, so ``COVID-19``, ``A12``,
  ``50%`` and ``de 14e`` stay as they are;
* an underscore is a space (``Psychiatrische_kliniek``), every dash a hyphen, curly
  apostrophes straight.

:func:`joined` gives a second reading for text that spreads a word out: letters spaced or
dotted apart (``h e r n i a``, ``b.u.r.n.o.u.t``) or split by underscores (``hern_ia``)
are joined, and a letter typed three or more times is read twice (``kaaaanker``). The
guard checks both readings.

Two copies are made with the same length: ``cased`` (case kept, for the few case-sensitive
abbreviations such as ``FT`` and ``MS``) and ``folded`` (lower case, for the quick
literal pre-filter). ``starts[i]``/``ends[i]`` give the span in the original text of the
original character that produced normalised character ``i``, so a match found in the
normalised text is reported with offsets into the text the user typed.
"""

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from ._remember import remember

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u2032\uff07`\u00b4"

# Letters of other scripts that look like Latin letters (a selection of Unicode's
# confusables that matter for Dutch words).
_CONFUSABLES = dict(
    zip(
        # Cyrillic lower, Cyrillic upper, Greek lower, Greek upper, Latin look-alikes
        "аеорсухіјѕԁһӏкмнтвгԛԝАЕОРСУХІЈЅКМНТВοαεικνρτυχωςηβγΑΒΕΖΗΙΚΜΝΟΡΤΥΧıȷɑɡ",
        "aeopcyxijsdhlkmhtbrqwAEOPCYXIJSKMHTBoaeikvptuxwsnbyABEZHIKMNOPTYXijag",
        strict=True,
    )
)
# Digits and signs written for letters ("h3rnia", "k@nker").
_LEET_DIGITS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
_LEET_SIGNS = {"@": "a", "$": "s", "!": "i", "€": "e"}
# A run never starts right after a letter (a run ends only before a character that is not
# part of a word, and one that starts at a letter takes all the letters before its
# stand-in), so the look-behind changes no run; it spares trying every letter of every
# word (issue 17, speed).
_LEET_RUN = re.compile(r"(?<![^\W\d_])[^\W\d_]*[013457@$!€][^\W_@$!€]*(?:[@$!€][^\W_@$!€]*)*")
# _unleet changes a stand-in only next to a letter (str.isalpha, a subset of [^\W\d_]):
# without one anywhere, the text is left as it is and the costly pass is skipped. The
# pattern opens with the set of stand-ins (the letter before one is looked at behind it),
# so the regex engine skips to them by itself (issue 17, speed).
_LEET_NEAR = re.compile(r"[013457@$!€](?:(?=[^\W\d_])|(?<=[^\W\d_].))")


@dataclass(frozen=True, slots=True)
class Normalized:
    cased: str
    folded: str
    # None when every normalised character maps to the original one at the same index.
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text of normalised characters ``start:end`` (end > start)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    def spans(self) -> tuple[list[int], list[int]]:
        if self.starts is None or self.ends is None:
            return list(range(len(self.cased))), list(range(1, len(self.cased) + 1))
        return list(self.starts), list(self.ends)


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> tuple[str, str]:
    """(cased, folded) normalised forms of one character; equal lengths, maybe empty."""
    if ch in _DASHES:
        return "-", "-"
    if ch in _APOSTROPHES:
        return "'", "'"
    if ch in _CONFUSABLES:
        latin = _CONFUSABLES[ch]
        return latin, latin.lower()
    if unicodedata.category(ch) == "Cf":
        return "", ""
    decomposed = unicodedata.normalize("NFKD", ch)
    cased = "".join(
        _CONFUSABLES.get(c, c) for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf")
    )
    folded = []
    for c in cased:
        low = c.lower()
        # A few characters lower-case to two (İ → i̇); keep the length equal to cased.
        folded.append(low if len(low) == 1 else c)
    return cased, "".join(folded)


def _unleet(cased: str) -> str:
    """Map digits and signs that stand for letters back to letters (same length)."""

    def repl(match: re.Match[str]) -> str:
        run = match.group()
        letters = sum(c.isalpha() for c in run)
        standins = sum(c in _LEET_DIGITS or c in _LEET_SIGNS for c in run)
        other_digits = any(c.isdigit() and c not in _LEET_DIGITS for c in run)
        if letters < 2 or standins >= letters or other_digits:
            return run
        out = []
        for i, c in enumerate(run):
            before = run[i - 1].isalpha() if i > 0 else False
            after = run[i + 1].isalpha() if i + 1 < len(run) else False
            if c in _LEET_DIGITS and (before or after):
                out.append(_LEET_DIGITS[c])
            elif c in _LEET_SIGNS and before and after:
                out.append(_LEET_SIGNS[c])
            else:
                out.append(c)
        return "".join(out)

    # Only the stretches without white space that hold a stand-in next to a letter can
    # change (a run never holds white space, and repl changes only such a stand-in): the
    # runs are found in those alone (issue 17, speed: the pattern opens with a look-behind
    # and is slow to scan a whole text).
    parts: list[str] = []
    done = 0
    for near in _LEET_NEAR.finditer(cased):
        if near.start() < done:
            continue
        low = _LAST_SPACE.match(cased, 0, near.start())
        start = low.end() if low else 0
        high = _SPACE.search(cased, near.end())
        end = high.start() if high else len(cased)
        parts += (cased[done:start], _LEET_RUN.sub(repl, cased[start:end]))
        done = end
    parts.append(cased[done:])
    return "".join(parts)


_SPACE = re.compile(r"\s")
# Matched at 0 with an end: the last white space before that end (anchored, so linear).
_LAST_SPACE = re.compile(r"(?s:.*)\s")


# A letter masked by an asterisk inside a word ("h*rnia", "k*nker", "b*rn-out"; issue 17,
# third round) is read as a letter no Dutch medical word has there, so the word is one
# edit from the medical word and the misspelling pass (step 4) finds it.
_MASK = re.compile(r"(?<=[^\W\d_])\*(?=[^\W\d_])")


def _finish(cased: str, starts, ends) -> Normalized:
    if "_" in cased:
        cased = cased.replace("_", " ")
    if "*" in cased:
        cased = _MASK.sub("q", cased)
    if _LEET_NEAR.search(cased):
        cased = _unleet(cased)
    folded = cased.lower()
    if len(folded) != len(cased):
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in cased)
    return Normalized(cased, folded, starts, ends)


def normalize(text: str) -> Normalized:
    if text.isascii():
        return _finish(text, None, None)
    # Usual case: every non-ASCII character folds to exactly one character (é → e), so
    # offsets do not move and one str.translate does the work.
    table = {}
    # The distinct characters that are not ASCII, found by the regex engine (issue 17,
    # speed, 6 December: a loop over every distinct character took longer).
    for ch in set(_NOT_ASCII.findall(text)):
        cased, _ = _fold_char(ch)
        if len(cased) != 1:
            return _normalize_slow(text)
        if cased != ch:
            table[ch] = cased
    # A text holds few distinct such characters: one str.replace for each is many times
    # faster than str.translate with a dict (issue 17, speed), and the same as long as no
    # character is replaced by one that is replaced in turn.
    if any(cased in table for cased in table.values()):
        return _finish(text.translate({ord(ch): cased for ch, cased in table.items()}), None, None)
    for ch, cased in table.items():
        text = text.replace(ch, cased)
    return _finish(text, None, None)


def _normalize_slow(text: str) -> Normalized:
    """Characters that disappear (accents written apart, soft hyphens) or expand (ﬁ)."""
    cased: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    # The ASCII stretches between the other characters are copied whole (issue 17,
    # speed: a text holds a few such characters, a loop over every one cost about 1 ms
    # for 2,000 characters).
    done = 0
    for other in _NOT_ASCII.finditer(text):
        index = other.start()
        if index > done:
            cased.append(text[done:index])
            starts.extend(range(done, index))
            ends.extend(range(done + 1, index + 1))
        done = index + 1
        c, _ = _fold_char(other[0])
        if not c:
            # Dropped (a combining accent, a soft hyphen): it belongs to the character
            # before it, so a highlighted term keeps its accents.
            if ends:
                ends[-1] = index + 1
            continue
        cased.append(c)
        starts.extend([index] * len(c))
        ends.extend([index + 1] * len(c))
    if done < len(text):
        cased.append(text[done:])
        starts.extend(range(done, len(text)))
        ends.extend(range(done + 1, len(text) + 1))
    return _finish("".join(cased), tuple(starts), tuple(ends))


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


# Four or more single letters with one separator between each (not "i.v.m.") ("h e r n i a",
# "b.u.r.n.o.u.t", "k-a-n-k-e-r"); and letters on both sides of an underscore.
# Round 8: up to three separators between two letters ("b.u.r.n.-.o.u.t").
_SPREAD = re.compile(r"(?<![^\W_])[^\W\d_](?:[ .*·/-]{1,3}[^\W\d_](?![^\W_])){3,}")
# Round 8: a word cut into syllables with hyphens ("mi-gra-ine", "de-pres-sie"): three or
# more parts of one to four letters; the second reading joins them (only a medical word
# joined counts, so "up-to-date" is harmless).
_SYLLABLES = re.compile(r"(?<![\w-])[^\W\d_]{1,4}(?:-[^\W\d_]{1,4}){2,}(?![\w-])")
# Quick test (issue 17, speed): two hyphens with one to four letters between.
_SYLLABLES_HINT = re.compile(r"-[a-z]{1,4}-")
_SEPARATOR = frozenset(" .*·/-")
_REPEATED = re.compile(r"([^\W\d_])\1{2,}")


# Issue 17, speed: quick tests that show when those two passes can find nothing. A
# spread-out word holds three single letters each after a separator, the first two
# also before one ("h e r n", not "n.v.t." or "2 x 3"); a repeated letter is three times
# the same character that is a letter or digit (str.isalnum, which every character of
# [^\W\d_] is).
_SPREAD_HINT = re.compile(r"[ .*·/-]{1,3}[^\W\d_][ .*·/-]{1,3}[^\W\d_][ .*·/-]{1,3}[^\W\d_]")


def _repeats(folded: str) -> bool:
    # Three times the same letter or digit stand between two spaces: each stretch without
    # spaces is looked at once and remembered (issue 17, speed).
    get = _REPEATS.get
    for chunk in folded.split(" "):
        found = get(chunk)
        if found is None:
            found = any(char * 3 in chunk for char in set(chunk) if char.isalnum())
            remember(_REPEATS, chunk, found)
        if found:
            return True
    return False


_REPEATS: dict[str, bool] = {}


def joined(text: str, norm: Normalized) -> tuple[Normalized, list[int]] | None:
    """The reading with spread-out words joined, and where in it something was joined
    (its indices just after each join); None when nothing is spread out."""
    spread = joined_from(text, norm)
    return None if spread is None else spread[:2]


def joined_from(text: str, norm: Normalized) -> tuple[Normalized, list[int], list[int]] | None:
    """``joined``, and the sorted indices of ``norm`` that the reading leaves out."""
    delete: set[int] = set()
    if _SPREAD_HINT.search(norm.cased):
        for match in _SPREAD.finditer(norm.cased):
            delete.update(i for i in range(*match.span()) if norm.cased[i] in _SEPARATOR)
    if _SYLLABLES_HINT.search(norm.folded):
        for match in _SYLLABLES.finditer(norm.cased):
            delete.update(i for i in range(*match.span()) if norm.cased[i] == "-")
    # A letter typed three or more times ("kaaaanker") is read twice.
    if _repeats(norm.folded):
        for match in _REPEATED.finditer(norm.folded):
            delete.update(range(match.start() + 2, match.end()))
    if "_" in text:
        # The spaces that were underscores: each underscore of the text is one
        # character of the reading (it is ASCII, so neither dropped nor expanded), found
        # from the text's underscores instead of looking at every space (issue 17, speed,
        # 6 December).
        starts = norm.starts
        cased = norm.cased
        at = text.find("_")
        while at >= 0:
            index = at if starts is None else bisect_left(starts, at)
            if (
                index < len(cased)
                and cased[index] == " "
                and (starts is None or starts[index] == at)
            ):
                delete.add(index)
            at = text.find("_", at + 1)
    if not delete:
        return None
    # The kept characters as runs between the deleted ones (issue 17, speed: slices
    # instead of a loop over every character).
    runs: list[tuple[int, int]] = []
    low = 0
    deleted = sorted(delete)
    for index in deleted:
        if index > low:
            runs.append((low, index))
        low = index + 1
    if low < len(norm.cased):
        runs.append((low, len(norm.cased)))
    if norm.starts is None or norm.ends is None:
        new_starts = tuple(chain.from_iterable(range(a, b) for a, b in runs))
        new_ends = tuple(chain.from_iterable(range(a + 1, b + 1) for a, b in runs))
    else:
        new_starts = tuple(chain.from_iterable(norm.starts[a:b] for a, b in runs))
        new_ends = tuple(chain.from_iterable(norm.ends[a:b] for a, b in runs))
    # A join stands just after a deleted character: at the start of every run but one
    # that starts the text.
    joins = []
    length = 0
    for a, b in runs:
        if a > 0:
            joins.append(length)
        length += b - a
    reading = Normalized(
        "".join(norm.cased[a:b] for a, b in runs),
        "".join(norm.folded[a:b] for a, b in runs),
        new_starts,
        new_ends,
    )
    return reading, joins, deleted


def moved(before: str, deleted: list[int]) -> tuple[list[int | None], list[tuple[int, int]]]:
    """How the second reading (``before`` without the sorted indices ``deleted``,
    ``joined_from``) moves the first one's stretches without spaces (issue 17, speed, 6
    December): for each index of ``before``, how far it moves back, None inside a region
    that loses a character or is joined; and those regions in the second reading.

    A region runs from the space before a left-out character's stretch to the space
    after it, widened while that space is left out itself: a run of whole stretches in
    both readings, and nothing outside the regions is left out, so every other stretch
    is the same in both."""
    size = len(before)
    gone = set(deleted)
    regions: list[tuple[int, int]] = []
    for index in deleted:
        if regions and index < regions[-1][1]:
            continue
        low = before.rfind(" ", 0, index) + 1
        while low > 0 and low - 1 in gone:
            low = before.rfind(" ", 0, low - 1) + 1
        high = before.find(" ", index + 1)
        while high >= 0 and high in gone:
            high = before.find(" ", high + 1)
        regions.append((low, size if high < 0 else high))
    table: list[int | None] = []
    removed = 0
    last = 0
    spans: list[tuple[int, int]] = []
    for low, high in regions:
        table += [removed] * (low - last)
        table += [None] * (high - low)
        start = low - removed
        removed += bisect_left(deleted, high) - bisect_left(deleted, low)
        spans.append((start, high - removed))
        last = high
    table += [removed] * (size - last)
    return table, spans
