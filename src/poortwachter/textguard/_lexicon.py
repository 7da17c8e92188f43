"""Loading and compiling the lexicon files in ``lexicon/``.

One file per category (``illness.txt`` …) holds the terms that make a text medical;
``allow.txt`` holds the context rules that take a match back (work sense, idioms);
``_macros.txt`` holds named pieces shared by both. The line syntax is described in
``lexicon/README.md``; in short:

* ``~`` at the start: the term may close a compound (``~klacht`` finds ``rugklachten``);
  ``~`` at the end: the term may continue (``klacht~`` finds ``klachtenvrij``). Without
  ``~`` the term must stand at a word boundary on that side.
* ``-`` between letters: optional hyphen or space (``burn-out`` finds ``burnout``,
  ``burn out``, ``burn-out``); a space: one or more spaces or hyphens.
* ``{NAME}``: a macro from ``_macros.txt``; ``«…»``: the part to report (default: all).
* everything else is a Python regular expression, matched case-insensitively against the
  normalised text (no diacritics); ``(?-i:FT)`` makes a part case-sensitive.

Every match, and every allow span, is widened to whole words, so ``«ziekenhuis»`` inside
``ziekenhuisopname`` reports the whole compound.

The files are read once, on first use, and the compiled rules are cached for the process.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from ._remember import remember

CATEGORIES: tuple[str, ...] = (
    "illness",
    "symptom",
    "body_part",
    "treatment",
    "medication",
    "care_provider",
    "pregnancy",
    "mental_health",
    "safety_net",
    "incapacity_percentage",
    "cause",
)

ALLOW = "allow"
_MACRO_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)\s*=\s*(.+)$")
_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_COMMENT = re.compile(r"(?:^|\s+)#.*$")
_LEFT_BOUNDARY = r"(?<![^\W_])"
_RIGHT_BOUNDARY = r"(?![^\W_])"
_OPTIONAL_SEPARATOR = r"[\s-]?"
_SEPARATOR = r"[\s-]+"


@dataclass(frozen=True, slots=True)
class Rule:
    category: str
    pattern: re.Pattern[str]
    # Literal strings of which at least one occurs (lower case) in every match; the rule
    # is skipped when none occurs in the folded text. None: always run.
    anchors: tuple[str, ...] | None
    reports_part: bool
    source: str
    # The most characters a match can span (a repeat without bound counted as
    # _REPEAT_CAP, at most _MAX_REACH): the rule runs only this far around its anchors.
    reach: int = 200
    # Every match starts where one of the anchors starts (``_leads``): the rule is tried
    # only at those positions instead of at every position of its windows.
    leading: bool = False
    # Otherwise, where its first character is known: the rule as a pattern that opens with
    # the set of them, for the regex engine to skip to (``_scanner``).
    scanner: re.Pattern[str] | None = None
    # Issue 17, speed (5 December): the most characters from a match's start to the start
    # of the anchor it holds (``_anchor_offset``; None: not known), and the rule behind a
    # lazy skip of at most that many characters (``_bounded``): a match can only start
    # this far before one of its anchors' places, so the rule is looked for only there
    # instead of over its whole window.
    lead: "_Width | None" = None
    # The rule behind a lazy skip of ``skip_size`` characters (``_bounded``): the lead
    # with at most ``RUN_CAP`` characters for each run of separators and ``WORD_CAP`` for
    # each run of word characters; a reading with longer ones is read the way before.
    skip: re.Pattern[str] | None = None
    skip_size: int = 0


# Issue 17, speed: what a rule's skip is made for (a text's longest run of white space and
# hyphens is 1 to 3 in nearly every note; its longest stretch without spaces 16 to 33 in
# the benchmark's texts). One skip per rule, made when the lexicon is loaded.
RUN_CAP = 3
WORD_CAP = 40


_REPEAT_CAP = 30
_MAX_REACH = 200


def _width(items) -> int:
    """The widest match of a parsed pattern (``re._parser`` tree), repeats capped."""
    total = 0
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY", "RANGE"):
            total += 1
        elif name == "BRANCH":
            total += max(_width(branch) for branch in av[1])
        elif name == "SUBPATTERN":
            total += _width(av[-1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            total += _width(sub) * min(high, max(low, _REPEAT_CAP))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:  # group references and anything unforeseen: assume the most
            return _MAX_REACH
        if total >= _MAX_REACH:
            return _MAX_REACH
    return total


# A width that grows with the text: a constant, a number of runs of separators ("[\\s-]+",
# "\\s+"), each at most as long as the text's longest run of white space and hyphens, and
# a number of runs of word characters ("[^\\W_]*", "[\\w'-]+"), each at most as long as its
# longest stretch without spaces (issue 17, speed).
_Width = tuple[int, int, int]


def _exact_width(items) -> _Width | None:
    """The widest match of a parsed pattern (``re._parser`` tree) as (characters, runs of
    separators, runs of word characters); None: without bound (another repeat without
    bound, a group reference) or not known. A branch counts the most of each."""
    total = runs = words = 0
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY", "RANGE"):
            total += 1
        elif name == "BRANCH":
            widths = [_exact_width(branch) for branch in av[1]]
            if any(width is None for width in widths):
                return None
            total += max(width[0] for width in widths)  # type: ignore[index]
            runs += max(width[1] for width in widths)  # type: ignore[index]
            words += max(width[2] for width in widths)  # type: ignore[index]
        elif name == "SUBPATTERN":
            width = _exact_width(av[-1])
            if width is None:
                return None
            total += width[0]
            runs += width[1]
            words += width[2]
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _, high, sub = av
            if high == re._constants.MAXREPEAT:  # type: ignore[attr-defined]
                if _separators(sub):
                    runs += 1
                elif _word_characters(sub):
                    words += 1
                else:
                    return None
                continue
            width = _exact_width(sub)
            if width is None:
                return None
            total += width[0] * high
            runs += width[1] * high
            words += width[2] * high
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            return None
    return total, runs, words


def _separators(items) -> bool:
    """Whether a parsed pattern is one character of white space or a hyphen."""
    if len(items) != 1:
        return False
    op, av = items[0]
    name = str(op)
    if name == "CATEGORY":
        return str(av) == "CATEGORY_SPACE"
    if name != "IN":
        return False
    return all(
        (str(item_op) == "CATEGORY" and str(item) == "CATEGORY_SPACE")
        or (str(item_op) == "LITERAL" and item == ord("-"))
        for item_op, item in av
    )


def _word_characters(items) -> bool:
    """Whether a parsed pattern is one character that is no white space: "\\w", "[\\w'-]",
    "[^\\W_]" (a run of them lies inside a stretch without spaces)."""
    if len(items) != 1:
        return False
    op, av = items[0]
    name = str(op)
    if name == "CATEGORY":
        return str(av) == "CATEGORY_WORD"
    if name != "IN":
        return False
    members = [(str(item_op), item) for item_op, item in av]
    if members[:1] == [("NEGATE", None)]:
        # [^\W_]: not a non-word character (and not "_"): a word character.
        return any(
            item_op == "CATEGORY" and str(item) == "CATEGORY_NOT_WORD"
            for item_op, item in members[1:]
        )
    return all(
        (item_op == "CATEGORY" and str(item) == "CATEGORY_WORD")
        or (item_op == "LITERAL" and chr(item) in "'-")
        for item_op, item in members
    )


def _prefix_width(regex: str) -> _Width | None:
    """The widest match of a piece of pattern that stands before an anchor; None: not
    known."""
    if not regex:
        return 0, 0, 0
    parsed = _parsed(regex, re.IGNORECASE)
    return None if parsed is None else _exact_width(parsed)


@cache
def _parsed(source: str, flags: int) -> list | None:
    """The ``re._parser`` tree of a pattern (for _reach and _leads); None: not available."""
    try:
        return re._parser.parse(source, flags).data  # type: ignore[attr-defined]
    except (re.error, AttributeError, TypeError):
        return None


def _reach(pattern: re.Pattern[str]) -> int:
    parsed = _parsed(pattern.pattern, pattern.flags)
    if parsed is None:  # an estimate: fall back to the widest
        return _MAX_REACH
    return min(_width(parsed), _MAX_REACH)


_MAX_OPENINGS = 5000


def _openings(items, limit: int) -> set[tuple[str, bool]]:
    """The literal openings (lower case, at most ``limit`` long) of every match of a parsed
    pattern (``re._parser`` tree), each with whether a literal may still follow it; ""
    where a match may open with something that is not a known letter."""
    state = {("", True)}
    for op, av in items:
        if not any(more for _, more in state):
            break
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width
        if name == "LITERAL":
            piece = {(chr(av).lower(), True)}
        elif name == "SUBPATTERN":
            piece = _openings(av[-1], limit)
        elif name == "BRANCH":
            piece = set().union(*(_openings(branch, limit) for branch in av[1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, sub = av
            piece = {(opening, False) for opening, _ in _openings(sub, limit)}
            if low == 0:
                piece.add(("", True))
        else:  # a class, any character, a group reference: nothing known
            piece = {("", False)}
        new: set[tuple[str, bool]] = set()
        for opening, more in state:
            if not more:
                new.add((opening, False))
                continue
            for piece_opening, still in piece:
                joined = opening + piece_opening
                new.add((joined[:limit], still and len(joined) < limit))
        state = new
        if len(state) > _MAX_OPENINGS:
            return {("", False)}  # too many to be worth it: nothing known
    return state


# Issue 17, speed: a rule that is not ``leading`` is tried at every position of its
# windows. The regex engine skips by itself to the positions where a pattern can start
# only when the pattern opens with a character set that ignores no case; with IGNORECASE
# the lexicon's patterns cannot. The scanner is "[first characters](?<=(?=(?i:rule)
# (?P<end>))(?s:.))": the set, every letter in it with each character that IGNORECASE
# matches it with (_CASES, for ASCII: the lexicon is ASCII), then, from a one-character
# lookbehind, the rule itself in a lookahead, and an empty group where it ends. It matches
# where the rule matches, the rule's groups as the rule's (the group "end" comes last, so
# the numbers of the rule's groups stay), and its match is the rule's from its start to
# the start of "end".
_CASES = {"i": "I\u0130\u0131", "k": "K\u212a", "s": "S\u017f"}
_SCANNER_END = "end"


def _cases(char: str) -> str:
    """Every character that ``char`` (lower case) matches with IGNORECASE."""
    if "a" <= char <= "z":
        return char + _CASES.get(char, char.upper())
    return char


def _scanner(regex: str, pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    if _SCANNER_END in pattern.groupindex:
        return None
    found = _firsts(regex)
    digits = False
    if found and all(prefix for prefix, _ in found):
        firsts = {prefix[0] for prefix, _ in found}
        if not all(char.isascii() for char in firsts):
            return None
        chars = sorted(set("".join(map(_cases, firsts))))
    else:
        # Issue 17, speed: a rule that opens with a class of digits or a case-sensitive
        # class ("\d{1,3} %", "(?-i:[Oo])peratie"), read from the parsed pattern.
        parsed = _parsed(pattern.pattern, pattern.flags)
        opening = None if parsed is None else _first_set(parsed, bool(pattern.flags & re.I))
        if opening is None or opening[2] or not (opening[0] or opening[1]):
            return None
        chars = sorted(opening[0])
        digits = opening[1]
    try:
        return re.compile(
            "["
            + "".join(re.escape(char) for char in chars)
            + ("\\d" if digits else "")
            + f"](?<=(?=(?i:{pattern.pattern})(?P<{_SCANNER_END}>))(?s:.))"
        )
    except re.error:
        return None


# (characters, whether any digit, whether the match may be empty so far)
_Opening = tuple[frozenset[str], bool, bool]


def _first_set(items, ignorecase: bool) -> _Opening | None:
    """Every character a match of a parsed pattern (``re._parser`` tree) can open with:
    ASCII characters (with those IGNORECASE matches them with), and whether any digit
    (``\\d``); None: not known."""
    chars: set[str] = set()
    digits = False
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width
        piece = _first_of(name, av, ignorecase)
        if piece is None:
            return None
        chars |= piece[0]
        digits = digits or piece[1]
        if not piece[2]:
            return frozenset(chars), digits, False
    return frozenset(chars), digits, True


def _first_of(name: str, av, ignorecase: bool) -> _Opening | None:
    if name == "LITERAL":
        found = _literal(chr(av), ignorecase)
        return None if found is None else (found, False, False)
    if name == "IN":
        chars: set[str] = set()
        digits = False
        for item_op, item in av:
            item_name = str(item_op)
            if item_name == "LITERAL":
                found = _literal(chr(item), ignorecase)
            elif item_name == "RANGE" and not ignorecase:
                low, high = item
                found = frozenset(map(chr, range(low, high + 1)))
                if not all(char.isascii() for char in found):
                    return None
            elif item_name == "CATEGORY" and str(item) == "CATEGORY_DIGIT":
                digits = True
                continue
            else:  # a negated set, another category, a range with IGNORECASE
                return None
            if found is None:
                return None
            chars |= found
        return frozenset(chars), digits, False
    if name == "SUBPATTERN":
        _, add, remove, sub = av
        inner = (ignorecase or bool(add & re.I)) and not remove & re.I
        return _first_set(sub, inner)
    if name == "BRANCH":
        chars = set()
        digits = empty = False
        for branch in av[1]:
            opening = _first_set(branch, ignorecase)
            if opening is None:
                return None
            chars |= opening[0]
            digits = digits or opening[1]
            empty = empty or opening[2]
        return frozenset(chars), digits, empty
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, sub = av
        repeated = _first_set(sub, ignorecase)
        if repeated is None:
            return None
        return repeated[0], repeated[1], repeated[2] or low == 0
    return None  # any character, a group reference, anything unforeseen


def _literal(char: str, ignorecase: bool) -> frozenset[str] | None:
    if not char.isascii():
        return None
    return frozenset(_cases(char.lower()) if ignorecase and char.isalpha() else char)


def _leads(pattern: re.Pattern[str], anchors: tuple[str, ...] | None) -> bool:
    """Whether every match opens with one of the anchors (so it starts where one occurs)."""
    parsed = _parsed(pattern.pattern, pattern.flags)
    if not anchors or parsed is None:
        return False
    return all(
        any(opening.startswith(anchor) for anchor in anchors)
        for opening, _ in _openings(parsed, max(map(len, anchors)))
    )


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules with an index from anchor to rules: only rules whose anchor occurs are run."""

    rules: tuple[Rule, ...]
    by_anchor: dict[str, tuple[int, ...]]
    always: tuple[int, ...]

    @classmethod
    def of(cls, rules: list[Rule]) -> "RuleSet":
        by_anchor: dict[str, list[int]] = {}
        always = []
        for index, rule in enumerate(rules):
            if rule.anchors is None:
                always.append(index)
                continue
            for anchor in rule.anchors:
                by_anchor.setdefault(anchor, []).append(index)
        return cls(
            rules=tuple(rules),
            by_anchor={a: tuple(i) for a, i in by_anchor.items()},
            always=tuple(always),
        )

    def select(self, positions: dict[str, list[int]]) -> list[tuple[Rule, list[int] | None]]:
        """The rules that can match, each with the positions of its anchors in the text
        (None: run on the whole text)."""
        selected: dict[int, list[int] | None] = dict.fromkeys(self.always)
        for anchor, starts in positions.items():
            for index in self.by_anchor.get(anchor, ()):
                found = selected.setdefault(index, [])
                if found is not None:
                    found.extend(starts)
        return [(self.rules[i], selected[i]) for i in sorted(selected)]


@dataclass(frozen=True, slots=True)
class Lexicon:
    rules: RuleSet
    allow_rules: RuleSet
    # Context rules of the doctor's-advice profile only (allow_advice.txt).
    advice_allow_rules: RuleSet
    # One pass over the text finds every anchor: a trie of all anchors inside a lookahead
    # gives the longest anchor starting at each position (_anchor_index); the shorter
    # anchors that are its prefixes are then present too.
    anchor_finder: re.Pattern[str]
    prefixes: dict[str, tuple[str, ...]]
    # Issue 17, speed: the same, word by word. An anchor of letters and digits alone lies
    # between two spaces, so its places in a stretch without spaces are found once per
    # distinct stretch (``word_finder``, ``word_prefixes``: those anchors only) and
    # remembered (``_word_anchors``: running text repeats its words); the few anchors with another
    # character (``other_anchors``: " een tia", "%", "a.d.h.d") are looked up with
    # str.find. The same places as ``anchor_finder`` (tests/privacy/test_textguard_speed.py).
    word_finder: re.Pattern[str]
    word_prefixes: dict[str, tuple[str, ...]]
    other_anchors: tuple[str, ...]
    # Each remembered stretch with its anchors and where they start in it, one pair per
    # anchor (issue 17, speed: a flat tuple, added to the places without a call).
    _word_anchors: dict[str, tuple[tuple[str, int], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def anchor_positions(self, folded: str) -> dict[str, list[int]]:
        """Where each anchor occurs in the folded text (start offsets)."""
        # The order within a list does not matter: the windows sort their starts.
        positions: dict[str, list[int]] = {}
        get = self._word_anchors.get
        # Stretches not remembered yet, each with where it stands: read together below.
        missing: dict[str, list[int]] = {}
        start = 0
        at: list[int] | None
        for chunk in folded.split(" "):
            found = get(chunk)
            if found is None:
                if chunk:
                    missing.setdefault(chunk, []).append(start)
            elif found:
                for anchor, offset in found:
                    at = positions.get(anchor)
                    if at is None:
                        positions[anchor] = [start + offset]
                    else:
                        at.append(start + offset)
            start += len(chunk) + 1
        return self._completed(folded, positions, missing)

    def anchor_positions_joined(
        self,
        folded: str,
        positions: dict[str, list[int]],
        table: list[int | None],
        spans: list[tuple[int, int]],
    ) -> dict[str, list[int]]:
        """``anchor_positions(folded)`` for the second reading, from the first reading's
        ``positions`` and what ``_normalize.moved`` gives: the same places, each list maybe
        in another order (issue 17, speed, 6 December). Only the stretches without
        spaces that lose a character or are joined (``spans``) are read again; the
        others are the same stretches, their places moved back (``table``)."""
        words = self.word_prefixes
        moved: dict[str, list[int]] = {}
        for anchor, places in positions.items():
            if anchor in words:
                kept = [place - shift for place in places if (shift := table[place]) is not None]
                if kept:
                    moved[anchor] = kept
        get = self._word_anchors.get
        missing: dict[str, list[int]] = {}
        for low, high in spans:
            start = low
            for chunk in folded[low:high].split(" "):
                found = get(chunk)
                if found is None:
                    if chunk:
                        missing.setdefault(chunk, []).append(start)
                elif found:
                    _add(moved, found, start)
                start += len(chunk) + 1
        return self._completed(folded, moved, missing)

    def _completed(
        self, folded: str, positions: dict[str, list[int]], missing: dict[str, list[int]]
    ) -> dict[str, list[int]]:
        """``positions`` with the anchors of the stretches read for the first time
        (``missing``: each stretch with where it stands, remembered from now on) and the
        places of the anchors that are not words alone (``other_anchors``); both readings
        of ``anchor_positions`` and ``anchor_positions_joined`` end so."""
        if missing:
            for chunk, found in self._anchors_in(list(missing)):
                remember(self._word_anchors, chunk, found)
                if found:
                    for start in missing[chunk]:
                        _add(positions, found, start)
        find = folded.find
        for anchor in self.other_anchors:
            index = find(anchor)
            if index < 0:
                continue
            places = positions.setdefault(anchor, [])
            while index >= 0:
                places.append(index)
                index = find(anchor, index + 1)
        return positions

    def _anchors_in(self, chunks: list[str]) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
        """Each stretch without spaces with the places where word anchors start in it (and
        the anchors): one pass of the finder over them all, a space between (no word
        anchor holds one), instead of one per stretch."""
        together = " ".join(chunks)
        starts = []
        start = 0
        for chunk in chunks:
            starts.append(start)
            start += len(chunk) + 1
        found: list[list[tuple[str, int]]] = [[] for _ in chunks]
        prefixes = self.word_prefixes
        for match in self.word_finder.finditer(together):
            at = match.start()
            index = bisect_right(starts, at) - 1
            found[index] += [(anchor, at - starts[index]) for anchor in prefixes[match[1]]]
        return [(chunk, tuple(places)) for chunk, places in zip(chunks, found, strict=True)]


def _add(positions: dict[str, list[int]], found: tuple[tuple[str, int], ...], start: int) -> None:
    for anchor, offset in found:
        at = positions.get(anchor)
        if at is None:
            positions[anchor] = [start + offset]
        else:
            at.append(start + offset)


_WORD_ANCHOR = re.compile(r"[a-z0-9]+")


def _anchor_index(
    rule_sets: tuple[RuleSet, ...],
) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    anchors = sorted({a for rule_set in rule_sets for a in rule_set.by_anchor})
    return _finder(anchors)


def _finder(anchors: list[str]) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    # Opening with the set of first characters, the anchor read in a lookahead from
    # inside a one-character lookbehind: the same as "(?=(trie))" at every position, but
    # the regex engine runs its own loop over the text (issue 17, speed).
    firsts = "".join(re.escape(c) for c in sorted({a[0] for a in anchors}))
    finder = re.compile("[" + firsts + "](?<=(?=(" + _trie(anchors) + "))(?s:.))")
    known = set(anchors)
    prefixes = {a: tuple(a[:k] for k in range(1, len(a) + 1) if a[:k] in known) for a in anchors}
    return finder, prefixes


def _word_index(
    anchors: list[str],
) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """The finder of the anchors made of letters and digits alone, and the others."""
    words = [a for a in anchors if _WORD_ANCHOR.fullmatch(a)]
    others = tuple(a for a in anchors if not _WORD_ANCHOR.fullmatch(a))
    if not words:
        return re.compile("(?!)()"), {}, others
    finder, prefixes = _finder(words)
    return finder, prefixes, others


class LexiconError(ValueError):
    pass


def _strip_diacritics(line: str) -> str:
    decomposed = unicodedata.normalize("NFKD", line)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _class_end(text: str, i: int) -> int:
    """Index just after the character class that opens at ``text[i] == "["``."""
    j = i + 1
    if j < len(text) and text[j] == "^":
        j += 1
    if j < len(text) and text[j] == "]":
        j += 1
    while j < len(text) and text[j] != "]":
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _convert(body: str) -> str:
    """Mini-syntax to regex: separators, report markers; character classes kept as is."""
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            out.append(body[i : i + 2])
            i += 2
            continue
        if c == "[":
            end = _class_end(body, i)
            out.append(body[i:end])
            i = end
            continue
        if c == "~":
            out.append(r"[^\W_]*")  # inside a pattern: more letters may stand here
        elif c == "«":
            out.append("(?P<t>")
        elif c == "»":
            out.append(")")
        elif c == " ":
            while i + 1 < n and body[i + 1] == " ":
                i += 1
            out.append(_SEPARATOR)
        elif c == "-":
            before = body[i - 1] if i else ""
            after = body[i + 1] if i + 1 < n else ""
            joins_before = (
                before.isalnum() or before == ")" or (before == "?" and body[i - 2 : i] != "(?")
            )
            if joins_before and (after.isalnum() or after == "("):
                out.append(_OPTIONAL_SEPARATOR)
            else:
                out.append("-")
        else:
            out.append(c)
        i += 1
    return "".join(out)


_LITERAL_WORD = re.compile(r"^[a-z0-9']+$")


def _trie(words: list[str]) -> str:
    """A regex for a set of literal words with shared prefixes factored out.

    One character test per position instead of one per word: several times faster on
    the long alternations of body words and organisational compound heads.
    """
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(root)


@cache
def _factor_alternations(regex: str) -> str:
    """Replace every group that is a plain alternation of words by its trie form.

    The group itself is kept (capturing or not), so back-references still count right.
    """
    out: list[str] = []
    i = 0
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            out.append(regex[i : i + 2])
            i += 2
            continue
        if c == "[":
            end = _class_end(regex, i)
            out.append(regex[i:end])
            i = end
            continue
        if c == "(":
            end = _matching_paren(regex, i)
            inner = regex[i + 1 : end]
            head = re.match(r"^\?(?::|P<\w+>|[aiLmsux-]+:|<?[=!])", inner)
            prefix = head.group(0) if head else ""
            rest = inner[len(prefix) :]
            words = rest.split("|")
            if len(words) > 1 and all(_LITERAL_WORD.match(w) for w in words):
                out.append("(" + prefix + _trie(words) + ")")
            else:
                out.append("(" + prefix + _factor_mixed(rest) + ")")
            i = end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _factor_mixed(regex: str) -> str:
    """An alternation of words and patterns with the first letter that neighbouring
    alternatives share written once: "werk|werkt|dienst|(dag|nacht)dienst" becomes
    "werk(?:|t)|dienst|(dag|nacht)dienst" (issue 17, speed: the engine tests a letter
    once instead of once per alternative). The alternatives keep their order, so the
    engine tries them in the same order as before and no match changes."""
    alternatives = _split_alternatives(regex)
    if len(alternatives) < 2:
        return _factor_alternations(regex)
    return _ordered_trie([_factor_alternations(a) for a in alternatives])


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789' ")


def _ordered_trie(alternatives: list[str]) -> str:
    def head(alternative: str) -> str | None:
        if alternative[:1] in _PLAIN and alternative[1:2] not in ("?", "*", "+", "{"):
            return alternative[0]
        return None

    parts: list[str] = []
    i = 0
    while i < len(alternatives):
        first = head(alternatives[i])
        j = i + 1
        while first is not None and j < len(alternatives) and head(alternatives[j]) == first:
            j += 1
        if first is not None and j - i > 1:
            rests = _ordered_trie([alternative[1:] for alternative in alternatives[i:j]])
            # One alternative left (the rests share their next letter too): no group.
            single = len(_split_alternatives(rests)) == 1
            parts.append(first + (rests if single else "(?:" + rests + ")"))
        else:
            parts.append(alternatives[i])
        i = j
    return "|".join(parts)


def _expand_macros(regex: str, macros: dict[str, str], source: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise LexiconError(f"{source}: unknown macro {{{name}}}")
        return macros[name]

    for _ in range(10):
        expanded = _MACRO_REF.sub(substitute, regex)
        if expanded == regex:
            return expanded
        regex = expanded
    raise LexiconError(f"{source}: macros nest too deep")


@cache
def _matching_paren(regex: str, start: int) -> int:
    depth, i = 0, start
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(regex, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise LexiconError(f"unbalanced parentheses in {regex!r}")


def _optional_after(regex: str, i: int) -> bool:
    """True when the atom ending before ``i`` may match zero times."""
    if i >= len(regex):
        return False
    if regex[i] in "?*":
        return True
    return regex.startswith("{0", i) or regex.startswith("{,", i)


_GROUP_PREFIX = re.compile(r"^\?(?::|P<\w+>|[aiLmsux-]+:)")


@cache
def _anchors(regex: str) -> tuple[str, ...] | None:
    """Literal strings of which one must occur in any match (a cheap pre-filter).

    An alternation needs an anchor in every branch; a sequence takes its most selective
    required part: a run of plain characters, or a required group (recursively). Parts
    made optional by ``?``, ``*`` or ``{0,`` are never required. None: nothing safe.
    """
    branches = _split_alternatives(regex)
    if len(branches) > 1:
        union: tuple[str, ...] = ()
        for branch in branches:
            found = _anchors(branch)
            if found is None:
                return None
            union += found
        return tuple(dict.fromkeys(union))
    best = _best_required(_required(regex))
    return best[0] if best is not None else None


def _required(regex: str) -> list[tuple[tuple[str, ...], int, str | None]]:
    """The required parts of one branch, in order, as (anchors, where the part starts in
    ``regex``, the body of a group or None for a run of plain characters): a run gives
    itself, a required group its own anchors. Read by ``_anchors`` and
    ``_anchor_offset``, which must agree on the part they take."""
    parts: list[tuple[tuple[str, ...], int, str | None]] = []
    current: list[str] = []
    run_start = 0

    def close_run() -> None:
        if current:
            parts.append((("".join(current),), run_start, None))
            current.clear()

    i, n = 0, len(regex)
    while i < n:
        c = regex[i]
        if c == "\\":
            escaped = regex[i + 1 : i + 2]
            at = i
            i += 2
            if escaped and not escaped.isalnum() and not _optional_after(regex, i):
                if not current:
                    run_start = at
                current.append(escaped)
            else:
                close_run()
            continue
        if c == "[":
            close_run()
            i = _class_end(regex, i)
            continue
        if c == "(":
            end = _matching_paren(regex, i)
            inner = regex[i + 1 : end]
            at = i
            i = end + 1
            if inner.startswith(("?=", "?!", "?<=", "?<!")):
                continue  # zero-width: does not interrupt the run
            close_run()
            if not _optional_after(regex, i):
                body = _GROUP_PREFIX.sub("", inner)
                found = _anchors(body)
                if found is not None:
                    parts.append((found, at, body))
            continue
        if c in ".^$":
            close_run()
            i += 1
            continue
        if c in "?*+{":
            # A quantifier on a plain character: the character before it is not required.
            if c != "+" and current:
                current.pop()
            close_run()
            i = regex.index("}", i) + 1 if c == "{" else i + 1
            continue
        if i + 1 < n and _optional_after(regex, i + 1):
            close_run()
            i += 1
            continue
        if not current:
            run_start = i
        current.append(c.lower())
        i += 1
    close_run()
    return parts


def _best_required(
    parts: list[tuple[tuple[str, ...], int, str | None]],
) -> tuple[tuple[str, ...], int, str | None] | None:
    """The most selective required part (fewest anchors on a tie); None when there is
    none or its rarest anchor is still too common."""
    if not parts:
        return None
    best = max(parts, key=lambda part: (min(_selectivity(a) for a in part[0]), -len(part[0])))
    return best if min(_selectivity(a) for a in best[0]) >= 2 else None


# Words too common to be a useful anchor.
_COMMON = frozenset(
    {"de", "het", "een", "en", "op", "in", "van", "te", "is", "of", "al", "om", "er", "aan"}
    | {"bij", "als", "tot", "met", "dat", "die"}
)


# Words of running text that occur in nearly every sentence (issue 17, speed: round 5's
# rules on a person, "{PERSON} heeft een knauw", were anchored on "heeft" and ran at every
# one). Still an anchor when a rule requires nothing better, but any rarer required word
# of three letters or more is chosen before them.
_FREQUENT = frozenset(
    {"was", "heeft", "had", "hebben", "zijn", "haar", "hij", "zij", "ze", "ik", "je"}
    | {"we", "wij", "hem", "nog", "ook", "naar", "maar", "kan", "moet"}
    | {"wordt", "werd", "wel", "nu", "dan", "over", "door", "meer", "uit", "geen", "even"}
    | {"wat", "dit", "deze"}
)


def _selectivity(anchor: str) -> int:
    """Longer is rarer; a sign such as % or / is rarer than any short word."""
    if anchor in _COMMON:
        return 1
    if anchor in _FREQUENT:
        return 2
    return len(anchor) + (3 if not anchor.isalnum() else 0)


@cache
def _split_alternatives(line: str) -> tuple[str, ...]:
    """Split at the top-level ``|`` (not inside parentheses, classes or escapes)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(line):
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(line, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(line[start:i])
            start = i + 1
        i += 1
    parts.append(line[start:])
    return tuple(parts)


def _compile_alternative(
    body: str, macros: dict[str, str], source: str
) -> tuple[str, tuple[str, ...] | None]:
    body = body.strip()
    left_open = body.startswith("~")
    right_open = body.endswith("~") and not body.endswith("\\~")
    body = body[1 if left_open else 0 : -1 if right_open else None]
    if not body:
        raise LexiconError(f"{source}: empty term")
    regex = _expand_macros(_convert(body), macros, source)
    full = (
        ("" if left_open else _LEFT_BOUNDARY)
        + "(?:"
        + regex
        + ")"
        + ("" if right_open else _RIGHT_BOUNDARY)
    )
    return _first_letters(regex) + full, _anchors(regex)


# Issue 17, speed: a rule is tried at every position of its window, and a rule that
# opens with an alternation of words tries each word there (with IGNORECASE the regex
# engine has no quick skip). A lookahead of the letters every match must open with (one
# character set per position, for the first _FIRST letters) fails at once where they do
# not stand. It only repeats what the rule already requires, so it changes no match.
_FIRST = 3


def _first_letters(regex: str) -> str:
    found = _firsts(regex)
    if not found:
        return ""
    prefixes = {prefix for prefix, _ in found}
    sets = []
    for k in range(_FIRST):
        if any(len(prefix) <= k for prefix in prefixes):
            break
        sets.append("[" + "".join(re.escape(c) for c in sorted({p[k] for p in prefixes})) + "]")
    return "(?=" + "".join(sets) + ")" if sets else ""


@cache
def _firsts(regex: str) -> frozenset[tuple[str, bool]] | None:
    """The strings (lower case, at most _FIRST long) one of which opens every match, each
    with whether the match may continue right after it; None: not known."""
    branches = _split_alternatives(regex)
    if len(branches) > 1:
        union: set[tuple[str, bool]] = set()
        for branch in branches:
            found = _firsts(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    state: set[tuple[str, bool]] = {("", True)}
    i, n = 0, len(regex)

    def stop() -> frozenset[tuple[str, bool]]:
        return frozenset((prefix, False) for prefix, _ in state)

    def add(part: frozenset[tuple[str, bool]], more: bool) -> set[tuple[str, bool]]:
        new = set()
        for prefix, open_ in state:
            if not open_:
                new.add((prefix, False))
                continue
            for piece, piece_open in part:
                joined = prefix + piece
                new.add((joined[:_FIRST], more and piece_open and len(joined) < _FIRST))
        return new

    while i < n and any(open_ for _, open_ in state):
        c = regex[i]
        if c == "(":
            end = _matching_paren(regex, i)
            inner = regex[i + 1 : end]
            i = end + 1
            if inner.startswith(("?=", "?!", "?<=", "?<!")):
                continue  # zero-width
            body = _GROUP_PREFIX.sub("", inner)
            if body.startswith("?"):
                return stop()
            found = _firsts(body)
            if found is None:
                return stop()
        else:
            if c == "\\":
                escaped = regex[i + 1 : i + 2]
                i += 2
                char = "" if not escaped or escaped.isalnum() else escaped
            elif c in "[.":
                i = _class_end(regex, i) if c == "[" else i + 1
                char = ""
            elif c in "^$?*+{)|":
                return stop()
            else:
                char = c.lower()
                i += 1
            if not char:  # a class, "." or "\\s": no known letter here
                if not _optional_after(regex, i):
                    return stop()
                found = frozenset({("", False)})
            else:
                found = frozenset({(char, True)})
        if _optional_after(regex, i):
            # Optional: the match opens with what follows it, or with it (after "?" what
            # follows may come next; after "*" or "{0," it may repeat).
            once = regex[i] == "?"
            i = regex.index("}", i) + 1 if regex[i] == "{" else i + 1
            if i < n and regex[i] in "?+":  # lazy or possessive
                i += 1
            state = state | add(found, once)
            continue
        more = not (i < n and regex[i] in "+{")
        state = add(found, more)
    return frozenset(state)


@cache
def _anchor_offset(regex: str) -> _Width | None:
    """The most characters between the start of a match and the start of the anchor of
    ``_anchors(regex)`` that it holds (issue 17, speed); None: not known. Takes the same
    required part as ``_anchors``: for a run of plain characters, the widest match of what
    stands before it; for a required group, that plus the offset inside the group; for an
    alternation, the most of its branches."""
    branches = _split_alternatives(regex)
    if len(branches) > 1:
        known = [_anchor_offset(branch) for branch in branches]
        if any(offset is None for offset in known):
            return None
        return (
            max(offset[0] for offset in known),  # type: ignore[index]
            max(offset[1] for offset in known),  # type: ignore[index]
            max(offset[2] for offset in known),  # type: ignore[index]
        )
    best = _best_required(_required(regex))
    if best is None:
        return None
    _anchor, at, body = best
    before = _prefix_width(regex[:at])
    if body is None or before is None:
        return before
    inside = _anchor_offset(body)
    if inside is None:
        return None
    return before[0] + inside[0], before[1] + inside[1], before[2] + inside[2]


def _bounded(pattern: re.Pattern[str], lead: int) -> re.Pattern[str] | None:
    """The rule behind a lazy skip of at most ``lead`` characters: matched at a position,
    it finds the first place up to ``lead`` further on where the rule matches (the end of
    its match is the place, the group "end" where the rule's match ends); the rule sees
    the text up to the same end as in a search (issue 17, speed)."""
    if _SCANNER_END in pattern.groupindex:
        return None
    try:
        return re.compile(f"(?s:.){{0,{lead}}}?(?=(?i:{pattern.pattern})(?P<{_SCANNER_END}>))")
    except re.error:
        return None


def compile_line(line: str, category: str, macros: dict[str, str], source: str) -> list[Rule]:
    """Compile one lexicon line into one rule per top-level alternative (``a~|~b``).

    Separate rules keep the pre-filter sharp: an alternative runs only when its own
    anchor occurs in the text.
    """
    body = _strip_diacritics(line.strip())
    rules = []
    for alternative in _split_alternatives(body):
        regex, anchors = _compile_alternative(alternative, macros, source)
        try:
            pattern = re.compile(_factor_alternations(regex), re.IGNORECASE)
        except re.error as error:
            raise LexiconError(f"{source}: {error} in {regex!r}") from None
        leading = _leads(pattern, anchors)
        lead = None if anchors is None or leading else _anchor_offset(regex)
        size = 0 if lead is None else lead[0] + lead[1] * RUN_CAP + lead[2] * WORD_CAP
        rules.append(
            Rule(
                category=category,
                pattern=pattern,
                anchors=anchors,
                reports_part="t" in pattern.groupindex,
                source=source,
                reach=_reach(pattern),
                leading=leading,
                scanner=None if leading else _scanner(regex, pattern),
                lead=lead,
                skip=None if lead is None else _bounded(pattern, size),
                skip_size=size,
            )
        )
    return rules


def _lines(name: str) -> list[tuple[int, str]]:
    text = resources.files(__package__).joinpath("lexicon", name).read_text(encoding="utf-8")
    result = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw).strip()
        if line:
            result.append((number, line))
    return result


def _macros() -> dict[str, str]:
    macros: dict[str, str] = {}
    for number, line in _lines("_macros.txt"):
        match = _MACRO_LINE.match(line)
        if not match:
            raise LexiconError(f"_macros.txt:{number}: expected NAME = pattern")
        name, body = match.groups()
        source = f"_macros.txt:{number}"
        converted = _convert(_strip_diacritics(body))
        macros[name] = "(?:" + _expand_macros(converted, macros, source) + ")"
    return macros


def _rules(name: str, category: str, macros: dict[str, str]) -> list[Rule]:
    return [
        rule
        for number, line in _lines(name)
        for rule in compile_line(line, category, macros, f"{name}:{number}")
    ]


@lru_cache(maxsize=1)
def load() -> Lexicon:
    macros = _macros()
    rules: list[Rule] = []
    for category in CATEGORIES:
        rules.extend(_rules(f"{category}.txt", category, macros))
    # Names of Dutch hospitals, derived by scripts/textguard_dictionary.py (issue 17).
    rules.extend(_rules("dictionary_institutions.txt", "care_provider", macros))
    rule_set = RuleSet.of(rules)
    allow_set = RuleSet.of(_rules("allow.txt", ALLOW, macros))
    advice_set = RuleSet.of(_rules("allow_advice.txt", ALLOW, macros))
    finder, prefixes = _anchor_index((rule_set, allow_set, advice_set))
    word_finder, word_prefixes, other_anchors = _word_index(sorted(prefixes))
    # The string helpers are memoised while compiling (macros repeat the same pieces in
    # many rules, issue 17: load time); their caches are not needed afterwards.
    for helper in (
        _anchors,
        _anchor_offset,
        _factor_alternations,
        _firsts,
        _split_alternatives,
        _matching_paren,
        _parsed,
    ):
        helper.cache_clear()
    return Lexicon(
        rule_set,
        allow_set,
        advice_set,
        finder,
        prefixes,
        word_finder,
        word_prefixes,
        other_anchors,
    )
