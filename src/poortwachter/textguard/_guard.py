"""The check itself: lexicon matches minus the spans that a context rule allows."""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from . import _dictionary, _fuzzy, _model
from ._dictionary import compounds
from ._fuzzy import misspellings
from ._lexicon import RUN_CAP, WORD_CAP, Lexicon, Rule, RuleSet, load
from ._memo import remembered
from ._normalize import Normalized, joined_from, moved, normalize
from ._remember import remember
from ._sense import care_work, kind, merchandise_or_customer, work_sense
from ._sound import sound_misspellings

# When overlapping matches are merged into one highlighted span, the category shown is
# the most specific one: "knieoperatie" is a treatment rather than a body part,
# "rugklachten" a symptom, "burn-outklachten" mental health.
PRIORITY: tuple[str, ...] = (
    "incapacity_percentage",
    "safety_net",
    "pregnancy",
    "mental_health",
    "medication",
    "treatment",
    "illness",
    "care_provider",
    "symptom",
    "cause",
    "body_part",
)
_RANK = {category: rank for rank, category in enumerate(PRIORITY)}

# The profiles: where a text is written, and so what it may say.
# "employer": every free-text field the employer side writes (R-SICK-2, R-SICK-3).
# "advice": the company doctor's advice to the employer (R-DOC-1): functional limitations
# and capabilities may name body functions and postures ("niet boven schouderhoogte met
# de rechterarm"); diagnoses, causes, treatments, medication and care providers stay
# refused, and so does a percentage (it has its own field, with its provenance: R-INC-1).
PROFILES: tuple[str, ...] = ("employer", "advice")
_IGNORED: dict[str, frozenset[str]] = {
    "employer": frozenset(),
    "advice": frozenset({"body_part"}),
}


@dataclass(frozen=True, slots=True)
class Match:
    """One highlighted term: ``text[start:end] == term`` in the text that was checked."""

    term: str
    start: int
    end: int
    category: str


@dataclass(frozen=True, slots=True)
class GuardResult:
    medical: bool
    matches: tuple[Match, ...]


EMPTY = GuardResult(medical=False, matches=())


# A word: letters and digits, with single hyphens or apostrophes joining its parts
# ("hernia-operatie", "fysio's", "POH-GGZ").
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


class _Words:
    """Widens matches to whole words (issue 17, speed: the words are found only where a
    match needs it, not in the whole text)."""

    def __init__(self, text: str):
        self.text = text

    def _word_at(self, position: int) -> tuple[int, int] | None:
        """The span of the word (``_WORD`` as finditer reads the text) that holds the
        character at ``position``, if any. No word holds white space, so finditer from
        just after a space reads the words up to the next space as it does from the
        start of the text: only that stretch is read (issue 17, speed, 6 December)."""
        text = self.text
        low = text.rfind(" ", 0, position) + 1
        high = text.find(" ", position)
        for word in _WORD.finditer(text, low, high if high >= 0 else len(text)):
            if word.start() > position:
                return None
            if position < word.end():
                return word.span()
        return None

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """Widen a span to whole words, across the hyphens of a compound: a match inside
        "hernia-operatie" reports the whole compound."""
        # Only a letter, digit (str.isalnum is [^\W_]), hyphen or apostrophe can lie
        # inside a word, so a span with none of them just outside it stays as it is.
        text = self.text
        if (
            start > 0
            and ((before := text[start - 1]).isalnum() or before in "'-")
            and (word := self._word_at(start - 1)) is not None
        ):
            start = word[0]
        if (
            end < len(text)
            and ((after := text[end]).isalnum() or after in "'-")
            and (word := self._word_at(end)) is not None
        ):
            end = word[1]
        return start, end


# Every match of a rule contains one of its anchors, and no rule spans more than about
# 150 characters; so a rule is run only in windows around its anchors, as wide as its
# widest match (Rule.reach, at most this), with the window edges on white space (word
# boundaries there stay exact).
_WINDOW = 200


def _windows(starts: list[int], text: str, reach: int = _WINDOW) -> list[tuple[int, int]]:
    # Called once for nearly every rule that runs (issue 17, speed): no sort and no loop
    # for one start (the usual case), no max/min calls.
    size = len(text)
    windows: list[tuple[int, int]] = []
    if len(starts) == 1:
        position = starts[0]
        high = position + reach
        windows.append((position - reach if position > reach else 0, high if high < size else size))
    else:
        low = high = -1
        for position in sorted(starts):
            if high >= 0 and position - reach <= high:
                end = position + reach
                if end > high:
                    high = end if end < size else size
                continue
            if high >= 0:
                windows.append((low, high))
            low = position - reach if position > reach else 0
            high = position + reach
            if high > size:
                high = size
        if high >= 0:
            windows.append((low, high))
    # Edges on white space (str.isspace, which is what \s matches in a str pattern).
    edged = []
    for low, high in windows:
        if low > 0 and not text[low - 1].isspace():
            # The last white space before low: looked for in the 64 characters before it
            # first (issue 17, speed: from 0 the match runs over the text before it).
            found = _LAST_SPACE.match(text, low - 64 if low > 64 else 0, low)
            if found is None and low > 64:
                found = _LAST_SPACE.match(text, 0, low)
            low = found.end() if found else 0
        if high < size and not text[high].isspace():
            found = _SPACE.search(text, high)
            high = found.start() if found else size
        edged.append((low, high))
    return edged


def _window_end(text: str, position: int, reach: int) -> int:
    """The end of the window around one start (as ``_windows`` gives it)."""
    high = position + reach
    size = len(text)
    if high >= size:
        return size
    if text[high].isspace():
        return high
    space = _SPACE.search(text, high)
    return space.start() if space else size


_SPACE = re.compile(r"\s")
# Matched at 0 with an end: the last white space before that end (anchored, so linear).
_LAST_SPACE = re.compile(r"(?s:.*)\s")


def _near(points: list[int], position: int, reach: int) -> bool:
    """Whether a sorted list of points has one within ``reach`` of ``position``."""
    index = bisect_right(points, position)
    return (index < len(points) and points[index] - position <= reach) or (
        index > 0 and position - points[index - 1] <= reach
    )


# A rule selected to run: the starts of its windows (None: the whole text), and every
# place where one of its anchors occurs (None: it has none).
_Run = tuple[Rule, list[int] | None, list[int] | None]


def _nearby(points: list[int], count: int, starts: list[int], reach: int) -> list[int]:
    """The starts that have one of the ``count`` sorted points within ``reach`` (as
    ``_near`` for each, without a call per start: issue 17, speed)."""
    nearby = []
    for start in starts:
        index = bisect_right(points, start)
        if (index < count and points[index] - start <= reach) or (
            index and start - points[index - 1] <= reach
        ):
            nearby.append(start)
    return nearby


# Issue 17, speed (5 December): the longest run of white space and hyphens in a reading
# bounds what a separator ("[\\s-]+") of a rule can span, and with it how far before its
# anchor a match can start (``Rule.lead``). Characters that IGNORECASE matches with an
# ASCII letter but that do not fold to it (dotless i, long s, Kelvin sign, dotted I) could
# hide an anchor from the anchor pass: a reading that holds one is read the way before.
_RUN = re.compile(r"[\s-]{2,}")
_HIDING = ("\u0131", "\u017f", "\u212a", "\u0130")


def _longest_run(cased: str) -> list[int] | None:
    """The longest run of white space and hyphens (at least 1), and a place for the
    longest stretch without spaces (-1 until ``_longest_word`` finds it); None: not to be
    used."""
    for char in _HIDING:
        if char in cased:
            return None
    if _RUN.search(cased) is None:
        return [1, -1]
    return [max(map(len, _RUN.findall(cased))), -1]


def _longest_word(cased: str, run: list[int]) -> int:
    """The longest stretch without spaces, found once per reading when a rule needs it."""
    if run[1] < 0:
        run[1] = max(map(len, cased.split(" ")))
    return run[1]


def _spans(
    selected: list[_Run], cased: str, words: _Words, run: list[int] | None = None
) -> list[tuple[int, int, str]]:
    """Every match of the selected rules in their windows.

    A rule whose matches all open with one of its anchors (``Rule.leading``) is tried
    only where one occurs inside a window (every place of its anchors, not only the
    starts of its windows), not at every position of it: the regex engine would find
    nothing anywhere else, so the matches are the same (issue 17, speed). A rule whose
    matches start at most ``Rule.lead`` before one of its anchors is looked for only
    there (``_skipped``; ``run``: the reading's longest run of white space and hyphens).
    """
    found = []
    whole = [(0, len(cased))]
    # Rules with the same starts and reach run in the same windows (issue 17, speed).
    made: dict[tuple, list[tuple[int, int]]] = {}
    widen = words.widen
    for rule, starts, every in selected:
        matches: list[tuple[re.Match[str], int, int]]
        skip = None
        if run is not None and every is not None and (skip := rule.skip) is not None:
            # Made for runs of separators and words up to the caps (issue 17, speed).
            lead = rule.lead
            if (lead[1] and run[0] > RUN_CAP) or (  # type: ignore[index]
                lead[2] and _longest_word(cased, run) > WORD_CAP  # type: ignore[index]
            ):
                skip = None
            most = rule.skip_size
        if skip is not None and len(every) == 1 and most <= rule.reach:  # type: ignore[arg-type]
            # One place of the rule's anchors, so one window around it; a match starts
            # at most ``most`` before the place, which lies inside the window.
            position = every[0]  # type: ignore[index]
            high = _window_end(cased, position, rule.reach)
            if position >= high:
                continue
            low = position - most if position > most else 0
            match = skip.match(cased, low, high)
            if match is None:
                continue
            start = match.end()
            end = match.start(_END)
            if end <= start:  # an empty match: as finditer reads the window
                windows = _windows([position], cased, rule.reach)
                matches = [
                    (m, m.start(), m.end())
                    for window_start, window_end in windows
                    for m in rule.pattern.finditer(cased, window_start, window_end)
                ]
            else:
                matches = [(match, start, end)]
        elif rule.leading and every is not None and len(every) == 1:
            # The usual case: one place of the rule's anchors, so one window around it,
            # and the rule tried there alone, up to the window's end (as _windows and
            # _matches_at would do it, without building the window; issue 17, speed).
            position = every[0]
            high = _window_end(cased, position, rule.reach)
            if position >= high:
                continue
            match = rule.pattern.match(cased, position, high)
            if match is None:
                continue
            matches = [(match, position, match.end())]
        elif rule.leading and starts is every and every is not None:
            # Every place starts a window and every match opens at a place: no window
            # is built either (issue 17, speed).
            matches = _tried_around(rule, cased, sorted(set(every)))
        elif skip is not None and starts is every and most <= rule.reach:
            # Every place is a window's start (the lexicon's rules): no window is built.
            matches = _skipped_around(rule, skip, most, cased, sorted(set(every)))  # type: ignore[arg-type]
        else:
            if starts is None:
                windows = whole
            else:
                key = (rule.reach, *starts)
                known = made.get(key)
                if known is None:
                    known = made[key] = _windows(starts, cased, rule.reach)
                windows = known
            if skip is not None:
                matches = _skipped(rule, skip, most, cased, windows, sorted(set(every)))  # type: ignore[arg-type]
            elif rule.leading and every is not None:
                at = sorted(set(every))
                matches = [
                    (m, m.start(), m.end()) for m in _matches_at(rule.pattern, cased, windows, at)
                ]
            elif rule.scanner is not None:
                matches = _scanned(rule, cased, windows)
            else:
                finditer = rule.pattern.finditer
                matches = [
                    (match, match.start(), match.end())
                    for window_start, window_end in windows
                    for match in finditer(cased, window_start, window_end)
                ]
        if not matches:
            continue
        category = rule.category
        reports_part = rule.reports_part
        for match, match_start, match_end in matches:
            if reports_part and match.group("t") is not None:
                start, end = match.span("t")
            else:
                start, end = match_start, match_end
            if end <= start:
                continue
            start, end = widen(start, end)
            found.append((start, end, category))
    return found


_END = "end"


def _merged(cased: str, at: list[int], reach: int) -> list[tuple[int, int, int]]:
    """The sorted places ``at`` grouped as ``_windows`` merges their windows: for each
    group the index of its first and last place and the end of the merged window (its
    start is not needed by those who read only from the places, issue 17, speed)."""
    size = len(cased)
    count = len(at)
    # Issue 17, speed (6 December): places at most twice the reach apart all share one
    # window (the loop below merges two places exactly when they are), so all do when
    # the first and last are: one group, without the loop.
    if count and at[-1] - at[0] <= 2 * reach:
        return [(0, count - 1, _window_end(cased, at[-1], reach))]
    groups = []
    first = 0
    while first < count:
        last = first
        high = at[first] + reach
        if high > size:
            high = size
        while last + 1 < count and at[last + 1] - reach <= high:
            last += 1
            high = at[last] + reach
            if high > size:
                high = size
        groups.append((first, last, _window_end(cased, at[last], reach)))
        first = last + 1
    return groups


def _tried_around(rule: Rule, cased: str, at: list[int]) -> list[tuple[re.Match[str], int, int]]:
    """``_matches_at`` for windows around each of the sorted places ``at``, merged as
    ``_windows`` merges them, without building them: the rule is tried only at the
    places, which lie inside their windows; only the end of each merged window is needed
    (issue 17, speed)."""
    reach = rule.reach
    found: list[tuple[re.Match[str], int, int]] = []
    match = rule.pattern.match
    for first, last, window_end in _merged(cased, at, reach):
        after = 0
        for position in at[first : last + 1]:
            if position < after or position >= window_end:
                continue
            found_here = match(cased, position, window_end)
            if found_here is not None:
                after = found_here.end()
                found.append((found_here, position, after))
    return found


def _skipped_around(
    rule: Rule, skip: re.Pattern[str], most: int, cased: str, at: list[int]
) -> list[tuple[re.Match[str], int, int]]:
    """``_skipped`` for windows around each of the sorted places ``at``, merged as
    ``_windows`` merges them, without building them: a match starts at most ``most`` (no
    more than the rule's reach) before a place, so inside the window of its places, whose
    start is not needed; only the end of each merged window is (issue 17, speed)."""
    reach = rule.reach
    found: list[tuple[re.Match[str], int, int]] = []
    match = skip.match
    for first, last, window_end in _merged(cased, at, reach):
        after = 0
        matches = []
        for position in at[first : last + 1]:
            low = position - most
            if low < after:
                low = after
                if low > position:
                    continue
            found_here = match(cased, low, window_end)
            if found_here is None:
                after = low + most + 1  # no match starts from low to low + most
                continue
            start = found_here.end()
            end = found_here.start(_END)
            if end <= start:  # an empty match: read the way before
                return _skipped(rule, skip, most, cased, _windows(at, cased, reach), at)
            matches.append((found_here, start, end))
            after = end
        found += matches
    return found


def _skipped(
    rule: Rule,
    skip: re.Pattern[str],
    most: int,
    cased: str,
    windows: list[tuple[int, int]],
    at: list[int],
) -> list[tuple[re.Match[str], int, int]]:
    """What ``rule.pattern.finditer`` finds in each window, for a rule whose matches start
    at most ``most`` before one of the sorted places ``at`` of its anchors (a match holds
    one, and lies inside its window, so the place does too): ``skip`` (``Rule.skip``)
    finds the first start from there, the rule seeing up to the window's end as in
    finditer; the next look starts where a match ends, or after what was looked through."""
    found: list[tuple[re.Match[str], int, int]] = []
    match = skip.match
    count = len(at)
    for window_start, window_end in windows:
        index = bisect_left(at, window_start)
        after = window_start
        matches = []
        while index < count and (position := at[index]) < window_end:
            index += 1
            low = position - most
            if low < after:
                low = after
                if low > position:
                    continue
            found_here = match(cased, low, window_end)
            if found_here is None:
                after = low + most + 1  # no match starts from low to low + most
                continue
            start = found_here.end()
            end = found_here.start(_END)
            if end <= start:  # an empty match: finditer goes on differently
                matches = [
                    (m, m.start(), m.end())
                    for m in rule.pattern.finditer(cased, window_start, window_end)
                ]
                break
            matches.append((found_here, start, end))
            after = end
        found += matches
    return found


def _scanned(
    rule: Rule, cased: str, windows: list[tuple[int, int]]
) -> list[tuple[re.Match[str], int, int]]:
    """What ``rule.pattern.finditer`` finds in each window, found with ``rule.scanner``
    (_lexicon._scanner): each match with the end of the rule's match. The next search
    starts where a match ends, as in finditer; a window where the rule matches the empty
    string (finditer then goes on differently) is read with finditer itself."""
    found: list[tuple[re.Match[str], int, int]] = []
    search = rule.scanner.search  # type: ignore[union-attr]
    for window_start, window_end in windows:
        matches = []
        position = window_start
        while (match := search(cased, position, window_end)) is not None:
            position = match.start("end")
            if position <= match.start():
                finditer = rule.pattern.finditer(cased, window_start, window_end)
                matches = [(m, m.start(), m.end()) for m in finditer]
                break
            matches.append((match, match.start(), position))
        found += matches
    return found


def _matches_at(
    pattern: re.Pattern[str], cased: str, windows: list[tuple[int, int]], at: list[int]
) -> list[re.Match[str]]:
    """What ``pattern.finditer`` finds in each window, for a pattern whose matches can only
    start at the sorted positions ``at``: tried there, each window's end the end of the
    text as in finditer, the next try after the end of a match."""
    matches = []
    match = pattern.match
    count = len(at)
    for window_start, window_end in windows:
        index = bisect_left(at, window_start)
        after = window_start
        while index < count and (position := at[index]) < window_end:
            index += 1
            if position < after:
                continue
            found = match(cased, position, window_end)
            if found is not None:
                matches.append(found)
                after = found.end()
    return matches


def _near_focus(rule_set: RuleSet, positions: dict[str, list[int]], focus: list[int]) -> list[_Run]:
    """The rules ``rule_set.select`` selects that have a place of their anchors within
    their reach (and ``_SLACK``) of the focus, each with those places (every place when
    all are: the rule then runs without building windows, in the same windows) and every
    place of its anchors.

    Issue 17, speed (6 December night): a match of a rule holds one of its anchors and
    spans at most ``Rule.reach``, so only a rule with a place that close to a join can
    find anything the first reading did not; before, every rule with a place within the
    widest reach (``_WINDOW``) of one ran. Only the rules of the anchors that occur near
    the focus are looked at, each place list made from the rule's own anchors."""
    distance = _distances(
        {p for starts in positions.values() for p in starts}, focus, _WINDOW + _SLACK
    )
    by_anchor = rule_set.by_anchor
    chosen = set(rule_set.always)
    for anchor, places in positions.items():
        if not distance.keys().isdisjoint(places):
            chosen.update(by_anchor.get(anchor, ()))
    narrowed: list[_Run] = []
    get = positions.get
    for index in sorted(chosen):
        rule = rule_set.rules[index]
        if rule.anchors is None:
            narrowed.append((rule, None, None))
            continue
        every: list[int] = []
        for anchor in rule.anchors:
            if (at := get(anchor)) is not None:
                every += at
        most = rule.reach + _SLACK
        near = [s for s in every if (d := distance.get(s)) is not None and d <= most]
        if near:
            narrowed.append((rule, near if len(near) < len(every) else every, every))
    return narrowed


# What a pattern may look at around its match (a lookbehind such as "(?<!krijgt )", a
# word boundary) and what widening to whole words adds: a match this close to a join
# can read differently in the second reading even when it does not hold it.
_SLACK = 32


def _touches(focus: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted ``focus`` lies within ``_SLACK`` of the span."""
    index = bisect_left(focus, start - _SLACK)
    return index < len(focus) and focus[index] <= end + _SLACK


def _distances(points: set[int], focus: list[int], reach: int) -> dict[int, int]:
    """The distance from each point to the nearest of the sorted ``focus``, for the points
    within ``reach`` of one."""
    found: dict[int, int] = {}
    count = len(focus)
    for point in points:
        index = bisect_left(focus, point)
        after = focus[index] - point if index < count else reach + 1
        before = point - focus[index - 1] if index else reach + 1
        nearest = after if after < before else before
        if nearest <= reach:
            found[point] = nearest
    return found


def _find(
    norm: Normalized,
    lexicon: Lexicon,
    ignored: frozenset[str],
    advice: bool,
    focus: list[int] | None = None,
    extras: bool = True,
    settled: "_Settled | None" = None,
    positions: dict[str, list[int]] | None = None,
    passes: "_Passes | None" = None,
) -> list[tuple[int, int, str]]:
    """Matches in one reading of the text, as (start, end, category) in original offsets.

    ``focus``: look only near these positions (the joins of a second reading; the rest
    of it is the first reading again). ``settled``: the first reading's result; a
    candidate it already settles (``_Settled.covers``) is not read again, and a context
    rule runs only when it can reach one of the other candidates (issue 17, speed).
    ``positions``, ``passes``: the reading's anchor positions and the finds of
    ``_extras`` by pass, when already known."""
    cased = norm.cased
    if positions is None:
        positions = lexicon.anchor_positions(norm.folded)
    selected: list[_Run]
    if focus is None:
        selected = [(rule, starts, starts) for rule, starts in lexicon.rules.select(positions)]
    else:
        # Candidates only near the focus; context rules wherever they may take one back.
        selected = _near_focus(lexicon.rules, positions, focus)
    words = _Words(cased)
    run = _longest_run(cased)
    found = _spans(selected, cased, words, run)
    # Compounds of medical words from the Dutch dictionary, then misspelled medical
    # words, where the lexicon found nothing (a word it found and a context rule then
    # allows is not looked at again).
    if extras:
        finds = _extras(norm.folded, passes)
        if focus is not None:
            # The second reading's finds far from its joins are the first reading's, and
            # were decided there (issue 17, speed, 6 December night).
            finds = [f for f in finds if _touches(focus, f[0], f[1])]
        for start, end, category in finds:
            if not any(s < end and start < e for s, e, _ in found):
                found.append((start, end, category))
    candidates = [c for c in found if c[2] not in ignored]
    if not candidates:
        return []
    # A context rule can only take a match back if it spans it: run each one only near
    # the candidates (its anchors within a window of one), not wherever its anchor occurs.
    near = sorted(point for start, end, _ in candidates for point in (start, end))

    count = len(near)
    # Issue 17, speed: in the second reading, a candidate that the first reading's result
    # already covers changes nothing in the merged result, whatever is decided for it
    # (``_Settled``); the others are decided as before, the context rules still run near
    # every candidate (so in the same windows), but only those whose windows can reach
    # one of the undecided candidates (``_reaching``).
    bounds = None
    if settled is not None:
        original = norm.original_span
        candidates = [c for c in candidates if not settled.covers(*original(c[0], c[1]), c[2])]
        if not candidates:
            return []
        bounds = _reaching(cased, words, candidates)

    def close(chosen: list[tuple[Rule, list[int] | None]]) -> list[_Run]:
        kept: list[_Run] = []
        for rule, starts in chosen:
            if starts is None:
                kept.append((rule, None, None))
                continue
            nearby = _nearby(near, count, starts, rule.reach)
            if nearby and bounds is not None and not _reaches(nearby, rule.reach, bounds):
                continue
            if len(nearby) == len(starts):
                # Every place is near a candidate: the places themselves, so that the
                # rule runs as the lexicon's rules do, without building windows.
                kept.append((rule, starts, starts))
            elif nearby:
                kept.append((rule, nearby, starts))
        return kept

    allowed = _spans(close(lexicon.allow_rules.select(positions)), cased, words, run)
    if advice:
        allowed += _spans(close(lexicon.advice_allow_rules.select(positions)), cased, words, run)
    allowed.sort()
    # A match is taken back when an allowed span contains it: some span that starts at or
    # before it reaches at least to its end.
    allowed_starts = [start for start, _, _ in allowed]
    reach = list(accumulate((end for _, end, _ in allowed), max))

    def taken_back(start: int, end: int) -> bool:
        index = bisect_right(allowed_starts, start) - 1
        return index >= 0 and reach[index] >= end

    def work(start: int, end: int, category: str) -> bool:
        """An ambiguous word (operatie, diagnose, virus, klacht, a care place) in its work
        sense, read from the words of its sentence (_sense.py)."""
        if (
            care_work(norm.folded, start, end, category, cased)
            or _surname(cased, start, end)
            or merchandise_or_customer(norm.folded, start, end)
        ):
            return True
        # "in het Isala", "naar het Maasstad": the name after the preposition.
        if category == "care_provider" and (lead := _LEAD.match(norm.folded, start, end)):
            start = lead.end()
        name = cased[start].isupper() and not _sentence_start(cased, start)
        what = kind(norm.folded[start:end], category, name)
        return what is not None and work_sense(norm.folded, cased, start, end, what, _medical_word)

    # The same span found by several rules is read once (work is a function of it).
    decided: dict[tuple[int, int, str], bool] = {}
    kept = []
    for candidate in candidates:
        start, end, category = candidate
        if taken_back(start, end):
            continue
        in_work = decided.get(candidate)
        if in_work is None:
            in_work = decided[candidate] = work(start, end, category)
        if not in_work:
            kept.append((*norm.original_span(start, end), category))
    return kept


class _Settled:
    """The first reading's result merged as ``check`` merges it: a span with its most
    specific category. A match of the second reading that lies inside one of them and is
    no more specific changes nothing when it is merged in (it joins that span's group,
    neither widening it nor changing its category), so whether it is kept or not need not
    be decided (issue 17, speed)."""

    def __init__(self, kept: list[tuple[int, int, str]]):
        merged = _merge(kept)
        self.starts = [start for start, _, _ in merged]
        self.ends = [end for _, end, _ in merged]
        self.ranks = [_RANK[category] for _, _, category in merged]

    def covers(self, start: int, end: int, category: str) -> bool:
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.ends[index] and self.ranks[index] <= _RANK[category]


def _reaching(
    cased: str, words: _Words, candidates: list[tuple[int, int, str]]
) -> list[tuple[int, int]]:
    """For each candidate, bounds on the places whose window (``_windows``) can hold a
    match that spans it once widened to whole words: the place at most its reach before
    the first white space at or after the candidate's words (and 2 more), and at most its
    reach after the last white space before them (a window's edges move out to white
    space, and a match is widened to the words at its edges)."""
    bounds = []
    size = len(cased)
    for start, end, _ in candidates:
        low, high = words.widen(start, end)
        low -= 2
        high += 2
        before = _LAST_SPACE.match(cased, 0, low + 1) if low >= 0 else None
        after = _SPACE.search(cased, high - 1) if high - 1 < size else None
        bounds.append((before.end() - 2 if before else -1, after.start() + 1 if after else size))
    return bounds


def _reaches(places: list[int], reach: int, bounds: list[tuple[int, int]]) -> bool:
    """Whether a window around one of the places can reach one of the bounded spans."""
    for place in places:
        for last_space, first_space in bounds:
            if place + reach >= last_space and place - reach <= first_space:
                return True
    return False


# Issue 17, speed: the dictionary's compounds, the misspellings and the misspellings by
# sound are words of letters alone, so each lies between two spaces; they are looked up
# once per distinct stretch without spaces and remembered (running text repeats its
# words). The same list as ``compounds(folded) + misspellings(folded) +
# sound_misspellings(folded)``: the finds of each pass in the order of the text, pass
# after pass; then the compounds written apart (round 6), two words at a time.
_Found = tuple[tuple[tuple[int, int, str], ...], ...]
_KNOWN: dict[str, _Found] = {}
_SHORTEST = min(_dictionary.SHORTEST, _fuzzy.SHORTEST)


_Passes = tuple[list[tuple[int, int, str]], ...]


def _extras(folded: str, passes: "_Passes | None" = None) -> list[tuple[int, int, str]]:
    """Every find of the passes, pass after pass (``passes``: when already known)."""
    if passes is None:
        passes = _passes(folded)
    return passes[0] + passes[1] + passes[2] + passes[3]


def _passes(folded: str) -> _Passes:
    """The finds of ``_extras``, one list per pass."""
    passes: _Passes = ([], [], [], [])
    _read(folded.split(" "), 0, "", passes)
    return passes


def _read(chunks: list[str], at: int, previous: str, passes: _Passes) -> None:
    """The finds of the stretches ``chunks``, the first at ``at``, after ``previous``."""
    get = _KNOWN.get
    # A compound written apart ("hersen schudding"): as ``_pair``, inline (issue 17, speed).
    whole = _dictionary.whole_words()
    split_part = _dictionary.SPLIT_PART
    for chunk in chunks:
        size = len(chunk)
        if previous and size >= split_part:
            second = chunk.rstrip(".,;:!?)")
            if previous + second in whole:
                category = _dictionary.split_compound(previous, second)
                if category is not None:
                    passes[3].append((at - len(previous) - 1, at + len(second), category))
        previous = chunk
        if size < _SHORTEST:  # too short to hold a word any pass looks at
            at += size + 1
            continue
        known = get(chunk)
        if known is None:
            dictionary = compounds(chunk) if len(chunk) >= _dictionary.SHORTEST else ()
            known = (
                tuple(dictionary),
                tuple(misspellings(chunk)),
                tuple(sound_misspellings(chunk)),
            )
            if not any(known):
                known = ()  # the usual case: nothing in this word, skipped at once
            remember(_KNOWN, chunk, known)
        if known:
            for found, words in zip(passes, known, strict=False):
                found += [(at + start, at + end, category) for start, end, category in words]
        at += size + 1


def _pair(previous: str, chunk: str, at: int, found: list[tuple[int, int, str]]) -> None:
    """A compound written apart ("hersen schudding"): ``previous`` and ``chunk`` (at
    ``at``). Issue 17, speed: the pair is looked up in the dictionary's words first
    (split_compound does the same look-up, then its other tests)."""
    if previous and len(chunk) >= _dictionary.SPLIT_PART:
        second = chunk.rstrip(".,;:!?)")
        if previous + second in _dictionary.whole_words():
            category = _dictionary.split_compound(previous, second)
            if category is not None:
                found.append((at - len(previous) - 1, at + len(second), category))


def _passes_joined(
    folded: str, passes: _Passes, table: list[int | None], spans: list[tuple[int, int]]
) -> _Passes:
    """``_passes(folded)`` for the second reading, from the first reading's ``passes``
    and what ``_normalize.moved`` gives (issue 17, speed, 6 December): the finds of the
    stretches outside the regions moved back, those of the regions (and of the pairs
    that meet one) read again, each pass in the order of the text as before."""
    moved: _Passes = tuple(
        [
            (start - shift, end - shift, category)
            for start, end, category in found
            if (shift := table[start]) is not None and table[end - 1] is not None
        ]
        for found in passes
    )
    joined: _Passes = ([], [], [], [])
    taken = [0, 0, 0, 0]
    size = len(folded)
    for number, (low, high) in enumerate(spans):
        # The finds before this region, then the region's own.
        for index, found in enumerate(moved):
            before = taken[index]
            while before < len(found) and found[before][0] < low:
                before += 1
            joined[index].extend(found[taken[index] : before])
            taken[index] = before
        previous = "" if low == 0 else folded[folded.rfind(" ", 0, low - 1) + 1 : low - 1]
        chunks = folded[low:high].split(" ")
        _read(chunks, low, previous, joined)
        # The pair of the region's last stretch and the next one, unless that one starts
        # the next region (which reads it).
        if high < size and not (number + 1 < len(spans) and spans[number + 1][0] == high + 1):
            after = folded.find(" ", high + 1)
            _pair(chunks[-1], folded[high + 1 : size if after < 0 else after], high + 1, joined[3])
    for index, found in enumerate(moved):
        joined[index].extend(found[taken[index] :])
    return joined


# A surname after its capitalised prefix inside a sentence ("bespreking met Van Zwanger",
# "bel De Hoest"; third round of issue 17), not after a verb of having ("heeft De Griep").
_PREFIX = re.compile(
    r"(?<=[\w,] )(?<!heeft )(?<!had )(?<!krijgt )(?<!kreeg )(?<!van )(?<!aan )"
    r"(?:Van der|Van den|Van de|Van|Vd|Ver|De|Ter|Ten|Den|Der) $"
)


def _surname(cased: str, start: int, end: int) -> bool:
    """Whether the capitalised single word at ``start`` follows a surname prefix."""
    word = cased[start:end]
    if not (word[:1].isupper() and word[1:2].islower()) or " " in word:
        return False
    return _PREFIX.search(cased, max(0, start - 20), start) is not None


_LEAD = re.compile(r"(?:in|naar|bij|uit|van) (?:het|de) (?=[a-z])")


def _sentence_start(text: str, start: int) -> bool:
    """Whether only white space and punctuation stand between ``start`` and the start of
    its sentence: a capital there is no sign of a name ("Fysiotherapeut adviseert ...")."""
    before = text[:start].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:;\n-*"


@lru_cache(maxsize=4096)
def _medical_word(word: str) -> bool:
    return check(word, extras=False).medical


@remembered
def check(
    text: str, lexicon: Lexicon | None = None, profile: str = "employer", extras: bool = True
) -> GuardResult:
    """The rules, then the word-sense model (employer profile, product lexicon only)."""
    result = _rules(text, lexicon, profile, extras)
    if profile == "employer" and extras and lexicon is None:
        result = word_sense_model(text, result)
    return result


def word_sense_model(text: str, result: GuardResult) -> GuardResult:
    """The model of _model.py takes back a refusal resting only on ambiguous words, or
    refuses what the rules let through, naming the words that weighed most (issue 17)."""
    model = _model.load()
    if model is None:
        return result
    matches = [(m.start, m.end, m.category) for m in result.matches]
    how, spans = _model.decide(model, text, matches, is_name)
    if how == "back":
        return EMPTY
    if how == "add":
        found = tuple(Match(text[s:e], s, e, _model.CATEGORY) for s, e in spans)
        return GuardResult(medical=True, matches=found)
    return result


def is_name(text: str, start: int) -> bool:
    """A capital not at the start of its sentence (_sense.kind reads a care place so)."""
    return text[start].isupper() and not _sentence_start(text, start)


def _rules(
    text: str, lexicon: Lexicon | None = None, profile: str = "employer", extras: bool = True
) -> GuardResult:
    """``extras=False``: the hand-written lexicon only, without the dictionary's compounds
    and misspellings (scripts/textguard_dictionary.py classifies the dictionary so)."""
    if profile not in _IGNORED:
        raise ValueError(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")
    if not text or text.isspace():
        return EMPTY
    lexicon = lexicon or load()
    ignored = _IGNORED[profile]
    advice = profile == "advice"
    norm = normalize(text)
    positions = lexicon.anchor_positions(norm.folded)
    passes = _passes(norm.folded) if extras else None
    kept = _find(norm, lexicon, ignored, advice, extras=extras, positions=positions, passes=passes)
    # A second reading with spread-out words joined ("h e r n i a", "hern_ia"); its
    # anchors and the dictionary's finds moved from the first reading's (issue 17, speed).
    spread = joined_from(text, norm)
    if spread is not None:
        reading, joins, deleted = spread
        settled = _Settled(kept)
        table, spans = moved(norm.folded, deleted)
        positions = lexicon.anchor_positions_joined(reading.folded, positions, table, spans)
        if passes is not None:
            passes = _passes_joined(reading.folded, passes, table, spans)
        kept += _find(
            reading, lexicon, ignored, advice, joins, extras,
            settled=settled, positions=positions, passes=passes,
        )  # fmt: skip
    if not kept:
        return EMPTY
    matches = tuple(
        Match(text[start:end], start, end, category) for start, end, category in _merge(kept)
    )
    return GuardResult(medical=True, matches=matches)


def _merge(kept: list[tuple[int, int, str]]) -> list[list]:
    """Overlapping matches merged into one span each, [start, end, category], with the
    most specific category (``PRIORITY``); ``kept`` is left as it is."""
    merged: list[list] = []
    for start, end, category in sorted(kept, key=lambda c: (c[0], -c[1], _RANK[c[2]])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if _RANK[category] < _RANK[last[2]]:
                last[2] = category
        else:
            merged.append([start, end, category])
    return merged
