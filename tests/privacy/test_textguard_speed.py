"""The speed-ups of the medical-text guard change no result (issue 17, R-SICK-3, R-SICK-4).

Each speed-up is checked against the way it was done before, on the labelled sentences
or on random input. ``tests/textguard_sets/snapshot.py`` compares every result of two
whole versions (see docs/medical-text-guard.md, "Speed (issue 17)")."""

import csv
import functools
import itertools
import random
import re
from pathlib import Path

from poortwachter.textguard import (
    PROFILES,
    _dictionary,
    _fuzzy,
    _guard,
    _lexicon,
    _normalize,
    _remember,
    _sense,
    _sound,
)
from poortwachter.textguard._guard import check
from poortwachter.textguard._lexicon import load

SETS = Path(__file__).parents[1] / "textguard_sets"
DISGUISED = ["Heeft h e r n i a.", "k@nker", "hern_ia", "burn\u2063out"]
DEVELOPMENT = ["dev_issue17.tsv", "dev_issue17b.tsv", "dev_blind2.tsv", "issue17_examples.tsv"]


def _texts() -> list[str]:
    paths = [SETS / name for name in DEVELOPMENT]
    paths.append(Path(__file__).with_name("medical_text_cases.tsv"))
    texts = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            texts += [row["text"] for row in reader]
    # Long texts: windows of neighbouring sentences meet; disguised words take the
    # second reading.
    rng = random.Random(17)
    for _ in range(20):
        parts = [*rng.sample(texts, 25), *DISGUISED]
        rng.shuffle(parts)
        texts.append(" ".join(parts))
    return texts


def test_the_rules_compiled_without_the_speed_ups_give_the_same_results(monkeypatch):
    """Every rule opens with a lookahead of its first letters, and alternations that mix
    words and patterns share first letters; compiled the way they were before (no
    lookahead, the mixed alternations as written) the guard gives the same results."""
    fast = load()
    monkeypatch.setattr(_lexicon, "_first_letters", lambda regex: "")
    monkeypatch.setattr(_lexicon, "_factor_mixed", _lexicon._factor_alternations)
    load.cache_clear()
    try:
        plain = load()
    finally:
        load.cache_clear()
    changed = [
        rule.source
        for rule, before in zip(fast.rules.rules, plain.rules.rules, strict=True)
        if rule.pattern.pattern != before.pattern.pattern
    ]
    assert len(changed) > len(fast.rules.rules) // 2  # the speed-ups are in place
    texts = _texts()
    for profile in PROFILES:
        assert [check(t, fast, profile) for t in texts] == [check(t, plain, profile) for t in texts]


def test_first_letters_only_repeat_what_a_rule_requires():
    assert _lexicon._first_letters("(pallet|zorg)?-?(audit|order)") == ("(?=[\\-aopz][aoru][dlru])")
    assert _lexicon._first_letters("a?b") == "(?=[ab])"
    # Anything may open the match: no lookahead.
    assert _lexicon._first_letters("(?:de|het)?[\\s-]*kliniek") == ""
    assert _lexicon._first_letters("[^\\W_]*klacht") == ""
    for regex, text in [
        ("(pallet|zorg)?-?(audit|order)", "palletaudit -order audit zorg-order"),
        ("ab[\\s-]?cd|x*yz", "ab cd abcd xxyz yz"),
    ]:
        fast = re.compile(_lexicon._first_letters(regex) + regex, re.IGNORECASE)
        plain = re.compile(regex, re.IGNORECASE)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_shared_first_letters_keep_the_order_of_the_alternatives():
    factored = _lexicon._factor_mixed("werk|werkt|dienst|(dag|nacht)dienst(en)?|werken")
    assert factored == "werk(?:|t)|dienst|((?:dag|nacht))dienst(en)?|werken"


def _windows_before(starts: list[int], text: str, reach: int) -> list[tuple[int, int]]:
    """The windows as they were computed before the speed-up."""
    windows: list[list[int]] = []
    for position in sorted(starts):
        low, high = max(0, position - reach), min(len(text), position + reach)
        if windows and low <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], high)
            continue
        windows.append([low, high])
    for window in windows:
        while window[0] > 0 and not text[window[0] - 1].isspace():
            window[0] -= 1
        while window[1] < len(text) and not text[window[1]].isspace():
            window[1] += 1
    return [(low, high) for low, high in windows]


def test_windows_are_the_same_as_before():
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice("ab \u00a0\n\u2003-") for _ in range(rng.randint(1, 80)))
        starts = [rng.randrange(len(text)) for _ in range(rng.randint(0, 6))]
        reach = rng.randint(0, 30)
        assert _guard._windows(starts, text, reach) == _windows_before(starts, text, reach)
        # A rule with one place of its anchors reads only its window's end.
        for start in starts:
            end = _windows_before([start], text, reach)[0][1]
            assert _guard._window_end(text, start, reach) == end
    # Long stretches without white space: the left edge looked for 64 characters back
    # first, then from the start of the text (5 December).
    for _ in range(1000):
        text = "".join(rng.choice("abcdefgh" * 20 + " \n-") for _ in range(rng.randint(1, 500)))
        starts = [rng.randrange(len(text)) for _ in range(rng.randint(0, 4))]
        reach = rng.randint(0, 200)
        assert _guard._windows(starts, text, reach) == _windows_before(starts, text, reach)


_LEET_RUN_BEFORE = re.compile(r"[^\W\d_]*[013457@$!€][^\W_@$!€]*(?:[@$!€][^\W_@$!€]*)*")


def test_the_digits_for_letters_pass_finds_the_same_runs_as_before():
    rng = random.Random(17)
    for _ in range(20000):
        text = "".join(rng.choice("ab3e0x1 7@$!€-.,2üé") for _ in range(rng.randint(1, 14)))
        before = [m.span() for m in _LEET_RUN_BEFORE.finditer(text)]
        assert [m.span() for m in _normalize._LEET_RUN.finditer(text)] == before
        if not _normalize._LEET_NEAR.search(text):  # the pass is skipped: nothing to change
            assert _normalize._unleet(text) == text


def test_the_second_reading_maps_back_to_the_original():
    text = "Heeft h e r n i a en kaaaanker, zie hern_ia en b.u.r.n.o.u.t"
    reading, joins = _normalize.joined(text, _normalize.normalize(text))
    assert reading.cased == "Heeft hernia en kaanker, zie hernia en burnout"
    assert [reading.cased[j] for j in joins][:5] == ["e", "r", "n", "i", "a"]
    for index, char in enumerate(reading.cased):
        assert text[reading.starts[index] : reading.ends[index]] == char


def test_rules_tried_only_at_their_anchors_or_first_letters_find_the_same_matches(monkeypatch):
    """A rule whose every match opens with one of its anchors is tried only where one
    occurs, any other with known first letters through its scanner (round 5 of issue 17);
    tried at every position of its windows, as before, the guard gives the same results."""
    fast = load()
    leading = [rule for rule in fast.rules.rules if rule.leading]
    assert len(leading) > len(fast.rules.rules) // 2  # the speed-ups are in place
    assert any(rule.leading for rule in fast.allow_rules.rules)
    scanned = [r for r in fast.rules.rules + fast.allow_rules.rules if r.scanner is not None]
    assert len(scanned) > 200
    monkeypatch.setattr(_lexicon, "_leads", lambda pattern, anchors: False)
    monkeypatch.setattr(_lexicon, "_scanner", lambda regex, pattern: None)
    monkeypatch.setattr(_lexicon, "_anchor_offset", functools.cache(lambda regex: None))
    load.cache_clear()
    try:
        plain = load()
    finally:
        load.cache_clear()
    rules = plain.rules.rules + plain.allow_rules.rules
    assert not any(rule.leading or rule.scanner or rule.lead for rule in rules)
    texts = _texts()
    for profile in PROFILES:
        assert [check(t, fast, profile) for t in texts] == [check(t, plain, profile) for t in texts]


def test_frequent_words_give_way_to_a_rarer_anchor_and_change_no_result(monkeypatch):
    """Round 5's rules on a person were anchored on "heeft" or "zijn" and ran at each one;
    a rarer required word is chosen now, a frequent word only where nothing better is
    required (issue 17, speed). Anchors only select where a rule is tried: with the old
    choice the guard gives the same results."""
    macros = _lexicon._macros()

    def anchors(line: str) -> tuple[str, ...] | None:
        return _lexicon.compile_line(line, "mental_health", macros, "test")[0].anchors

    assert anchors("{PERSON} (heeft|had) een (knauw|klap)") == ("knauw", "klap")
    assert anchors("(zijn|haar) (hoofd|kop)") == ("hoofd", "kop")
    assert anchors("(hij|zij) heeft het") == ("heeft",)  # still an anchor, not None
    fast = load()
    monkeypatch.setattr(_lexicon, "_FREQUENT", frozenset())
    load.cache_clear()
    try:
        before = load()
    finally:
        load.cache_clear()
    moved = [
        new.source
        for new, old in zip(fast.rules.rules, before.rules.rules, strict=True)
        if new.anchors != old.anchors
    ]
    assert "mental_health.txt:104" in moved
    # Every third sentence and every long text: snapshot.py compares all of them.
    texts = _texts()
    texts = texts[:-20:3] + texts[-20:]
    for profile in PROFILES:
        now = [check(t, fast, profile) for t in texts]
        assert now == [check(t, before, profile) for t in texts]


def test_a_rule_leads_with_an_anchor_only_when_every_match_opens_with_one():
    def leads(regex: str, anchors: tuple[str, ...]) -> bool:
        return _lexicon._leads(re.compile(regex, re.IGNORECASE), anchors)

    assert leads(r"(?<![^\W_])(?:rug(?:pijn|klachten)?)(?![^\W_])", ("rug",))
    assert leads(r"(?=[kr])(?:knie|rug)[\s-]+pijn", ("knie", "rug"))
    assert leads(r"(?-i:MS)\b", ("ms",))
    # A compound that the anchor closes, an optional opening, a class: not known.
    assert not leads(r"[^\W_]*klacht", ("klacht",))
    assert not leads(r"(?:zware )?griep", ("griep",))
    assert not leads(r"(?:mijn|zijn) rug", ("rug",))
    assert not leads(r"[0-9]+%", ("%",))
    assert not leads(r"rug", ())


def _unleet_before(cased: str) -> str:
    """The digits-for-letters pass as it was before round 5: over the whole text."""

    def repl(match: re.Match[str]) -> str:
        run = match.group()
        letters = sum(c.isalpha() for c in run)
        standins = sum(c in _normalize._LEET_DIGITS or c in _normalize._LEET_SIGNS for c in run)
        other_digits = any(c.isdigit() and c not in _normalize._LEET_DIGITS for c in run)
        if letters < 2 or standins >= letters or other_digits:
            return run
        out = []
        for i, c in enumerate(run):
            before = run[i - 1].isalpha() if i > 0 else False
            after = run[i + 1].isalpha() if i + 1 < len(run) else False
            if c in _normalize._LEET_DIGITS and (before or after):
                out.append(_normalize._LEET_DIGITS[c])
            elif c in _normalize._LEET_SIGNS and before and after:
                out.append(_normalize._LEET_SIGNS[c])
            else:
                out.append(c)
        return "".join(out)

    return _normalize._LEET_RUN.sub(repl, cased)


_LEET_NEAR_BEFORE = re.compile(r"[013457@$!€](?=[^\W\d_])|(?<=[^\W\d_])[013457@$!€]")


def test_the_quicker_normalisation_gives_the_same_reading_as_before(monkeypatch):
    """Round 5 of issue 17: digits for letters mapped back only in the stretches that hold
    one, accents and look-alikes replaced one character at a time, quick tests before the
    passes of the second reading; each the same as before on random text."""
    rng = random.Random(17)
    alphabet = "ab3e0x1 7@$!€-.,2üé'_*\n\tКеаο\u00ad\ufb01\u212a\u00c5"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 18))) for _ in range(20000)]
    texts += _texts()
    first = [_normalize.normalize(text) for text in texts]
    second = [_normalize.joined(text, norm) for text, norm in zip(texts, first, strict=True)]
    for text, norm in zip(texts, first, strict=True):
        assert _normalize._unleet(text) == _unleet_before(text)
        assert bool(_normalize._LEET_NEAR.search(text)) == bool(_LEET_NEAR_BEFORE.search(text))
        slow = _normalize._normalize_slow(text)
        assert (norm.cased, norm.folded) == (slow.cased, slow.folded)
    # The second reading without the quick tests.
    monkeypatch.setattr(_normalize, "_SPREAD_HINT", re.compile(""))
    monkeypatch.setattr(_normalize, "_repeats", lambda folded: True)
    for text, norm, reading in zip(texts, first, second, strict=True):
        assert _normalize.joined(text, norm) == reading


def test_the_anchor_finder_finds_the_same_anchors_as_a_lookahead_at_every_position():
    lexicon = load()
    anchors = sorted(lexicon.prefixes)
    before = re.compile("(?=(" + _lexicon._trie(anchors) + "))")
    rng = random.Random(17)
    texts = [_normalize.normalize(text).folded for text in _texts()]
    texts += ["".join(rng.choice("rugpijn %/&\n-2a") for _ in range(40)) for _ in range(2000)]
    for text in texts:
        found = [(m.start(), m[1]) for m in lexicon.anchor_finder.finditer(text)]
        assert found == [(m.start(), m[1]) for m in before.finditer(text)]


def test_a_scanner_opens_with_every_character_its_rule_can_open_with():
    """IGNORECASE matches a letter with its capital and, for i, k and s, with a few more
    characters (İ, ı, the Kelvin sign, ſ): the scanner's first set holds all of them."""
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    for char in "abcdefghijklmnopqrstuvwxyz0%-'":
        found = set(re.findall("[" + re.escape(char) + "]", every, re.IGNORECASE))
        assert found == set(_lexicon._cases(char)), char
    scanner = _lexicon._scanner("(?:knie|rug)pijn", re.compile("(?:knie|rug)pijn", re.I))
    assert scanner is not None
    match = scanner.search("Zijn RUGPIJN en knie")
    assert (match.start(), match.start("end")) == (5, 12)


def _anchor_positions_before(lexicon, folded: str) -> dict[str, list[int]]:
    """Where each anchor occurs, found with the anchor finder over the whole text (as
    before the anchors were found word by word)."""
    positions: dict[str, list[int]] = {}
    for match in lexicon.anchor_finder.finditer(folded):
        for anchor in lexicon.prefixes[match[1]]:
            positions.setdefault(anchor, []).append(match.start())
    return positions


def test_anchors_found_word_by_word_are_the_same_as_over_the_whole_text():
    """Issue 17, speed: anchors of letters and digits are found once per distinct stretch
    without spaces (remembered), the others with str.find; the same places as the anchor
    finder over the whole text, also when the remembered stretches are reused."""
    lexicon = load()
    assert "%" in lexicon.other_anchors
    rng = random.Random(17)
    texts = [_normalize.normalize(text).folded for text in _texts()]
    texts += ["".join(rng.choice("rugpijn %/&\n-2a.'ms v") for _ in range(60)) for _ in range(3000)]
    texts += ["x" * 100 + " rug " + "pijn" * 30, "%" * 5, "", " ", "  rug  "]
    lexicon._word_anchors.clear()
    for _ in range(2):  # the second time from the remembered stretches
        for text in texts:
            found = {a: sorted(p) for a, p in lexicon.anchor_positions(text).items()}
            before = _anchor_positions_before(lexicon, text)
            assert found == {a: sorted(p) for a, p in before.items()}


def _normalize_slow_before(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The slow normalisation character by character, as before the ASCII stretches were
    copied whole (issue 17, speed): the cased reading before _finish, and the map."""
    cased: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, ch in enumerate(text):
        if ch.isascii():
            cased.append(ch)
            starts.append(index)
            ends.append(index + 1)
            continue
        c, _ = _normalize._fold_char(ch)
        if not c:
            if ends:
                ends[-1] = index + 1
            continue
        cased.append(c)
        starts.extend([index] * len(c))
        ends.extend([index + 1] * len(c))
    return "".join(cased), tuple(starts), tuple(ends)


def test_the_slow_normalisation_copies_ascii_stretches_as_before(monkeypatch):
    rng = random.Random(17)
    alphabet = "ab3e0x1 7@$!-.,2üé'_*\n\tКеаο\u00ad\ufb01\u212a\u00c5\u0301\u2063\x7f\x80"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(20000)]
    texts += _texts()
    seen: list[str] = []
    monkeypatch.setattr(_normalize, "_finish", lambda cased, starts, ends: (cased, starts, ends))
    for text in texts:
        assert _normalize._normalize_slow(text) == _normalize_slow_before(text)
        seen.append(text)
    assert any(len(_normalize_slow_before(t)[0]) != len(t) for t in seen)  # chars dropped


def test_words_looked_up_once_per_stretch_give_the_same_as_over_the_whole_text():
    """Issue 17, speed: the dictionary's compounds, the misspellings and the repeated
    letters are looked up once per distinct stretch without spaces (remembered); the
    same as over the whole text, also when the remembered stretches are reused."""
    rng = random.Random(17)
    texts = [_normalize.normalize(text).folded for text in _texts()]
    words = ["kanker", "knker", "longaandoening", "rugpijn", "kaaanker", "de", "x", "aaa"]
    words += ["psigiater", "infektie", "opperatie"]
    words += ["hersen", "schudding.", "paniek", "aanvallen"]  # compounds written apart
    texts += [
        "".join(rng.choice([*words, " ", "  ", "\n", ".", "-", "é", "2"]) for _ in range(30))
        for _ in range(3000)
    ]
    texts += ["kanker" * 20 + " knker", "", " ", "   "]

    def repeats_before(folded: str) -> bool:
        return any(char * 3 in folded for char in set(folded) if char.isalnum())

    def written_apart(folded: str) -> list[tuple[int, int, str]]:
        found, at, chunks = [], 0, folded.split(" ")
        for first, second in itertools.pairwise(chunks):
            second = second.rstrip(".,;:!?)")
            if first and (category := _dictionary.split_compound(first, second)):
                found.append((at, at + len(first) + 1 + len(second), category))
            at += len(first) + 1
        return found

    for _ in range(2):  # the second time from the remembered stretches
        for text in texts:
            whole = _guard.compounds(text) + _guard.misspellings(text)
            whole += _guard.sound_misspellings(text) + written_apart(text)
            assert _guard._extras(text) == whole
            assert _normalize._repeats(text) == repeats_before(text)
    assert any(_guard._extras(text) for text in texts)
    # No pass looks at a word shorter than the stretches _extras skips.
    for token in (_dictionary._TOKEN, _fuzzy._TOKEN, _sound._TOKEN):
        assert token.search("a" * (_guard._SHORTEST - 1)) is None


def test_only_plain_words_are_remembered_between_checks():
    """The words remembered between checks hold no numbers, e-mail addresses or codes,
    and stay bounded (issue 17, speed)."""
    lexicon = load()
    lexicon._word_anchors.clear()
    _guard._KNOWN.clear()
    _normalize._REPEATS.clear()
    check("Bel 0612345678 of mail j.jansen@example.nl, bsn 123456782, rugpijn.")
    for memo in (lexicon._word_anchors, _guard._KNOWN, _normalize._REPEATS):
        assert "rugpijn." in memo
        assert not any(any(c.isdigit() or c == "@" for c in chunk) for chunk in memo)
    memo: dict[str, int] = {}
    for number in range(_remember.LIMIT + 5):
        _remember.remember(memo, "woord" + "".join(chr(97 + int(d)) for d in str(number)), 1)
    assert len(memo) <= _remember.LIMIT


def test_a_scanner_read_from_the_parsed_pattern_finds_what_the_rule_finds():
    """Rules that open with digits or a case-sensitive class get a scanner from the parsed
    pattern (issue 17, speed): it finds every match the rule finds, also with Unicode
    digits and the characters IGNORECASE matches a letter with."""
    cases = [
        r"\d{1,3}\s?(%|procent)",
        r"(?-i:[Oo])peratie[\s-]+(?-i:[A-Z])[a-z]+",
        r"(?-i:[Dd]r)\.?[\s-]+zegt",
        r"(^|(?<=[.;:!?]\s)|(die|hij)[\s-]+|(?-i:[A-Z])[a-z]+[\s-]+)(is|zit) op",
        r"(?:een|\d)[\s-]?(kwart|derde)",
    ]
    rng = random.Random(17)
    alphabet = [
        "5",
        "\u0663",
        "12",
        "%",
        " ",
        "procent",
        "Operatie",
        "operatie",
        "Dr",
        "dR",
        "dr.",
        "zegt",
    ]
    alphabet += [
        "Die",
        "die",
        "is",
        "zit",
        "op",
        ". ",
        "Ze",
        "\u0130s",
        "\u212aw",
        "een",
        "kwart",
        "-",
    ]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for regex in cases:
        pattern = re.compile(regex, re.IGNORECASE)
        scanner = _lexicon._scanner(regex, pattern)
        assert scanner is not None, regex
        for text in texts:
            # The scanner stops wherever the rule matches, and nowhere else.
            where = [start for start in range(len(text)) if pattern.match(text, start)]
            assert [m.start() for m in scanner.finditer(text)] == where, (regex, text)
    assert _lexicon._scanner(r"[^\W_]+ van ons", re.compile(r"[^\W_]+ van ons", re.I)) is None


def _spaced(texts: list[str]) -> list[str]:
    """The texts with some single spaces made runs of white space and hyphens."""
    rng = random.Random(5)
    runs = ["  ", " - ", "\n\n", " -- ", "   ", "-"]
    spaced = []
    for text in texts[::3]:
        parts = text.split(" ")
        spaced.append(
            "".join(
                part + (rng.choice(runs) if rng.random() < 0.2 else " ") for part in parts
            ).rstrip()
        )
    return spaced


def test_a_match_starts_at_most_its_lead_before_a_place_of_its_anchors():
    """``Rule.lead`` (issue 17, speed, 5 December): every match of a rule, found anywhere
    in a text, holds a place of one of its anchors (as the anchor pass finds them) that
    starts at most the lead before the match, the separators counted with the text's
    longest run of white space and hyphens."""
    lexicon = load()
    rules = [
        rule for rule in lexicon.rules.rules + lexicon.allow_rules.rules if rule.lead is not None
    ]
    assert len(rules) > 350  # the speed-up is in place
    texts = _texts()
    texts += _spaced(texts)
    checked = 0
    for text in texts:
        norm = _normalize.normalize(text)
        run = _guard._longest_run(norm.cased)
        if run is None:
            continue
        word = _guard._longest_word(norm.cased, run)
        positions = lexicon.anchor_positions(norm.folded)
        for rule in rules:
            places = sorted(p for anchor in rule.anchors for p in positions.get(anchor, ()))
            most = rule.lead[0] + rule.lead[1] * run[0] + rule.lead[2] * word
            for match in rule.pattern.finditer(norm.cased):
                checked += 1
                assert any(
                    match.start() <= place <= match.start() + most and place + 1 <= match.end()
                    for place in places
                ), (rule.source, match[0], text)
    assert checked > 500


def test_rules_looked_for_only_near_their_anchors_find_the_same_matches(monkeypatch):
    """A rule whose matches start at most ``Rule.lead`` before an anchor is looked for
    only there (issue 17, speed, 5 December); looked for over its whole window, as
    before, the guard gives the same results, also with runs of spaces and hyphens (up
    to RUN_CAP and beyond it), a stretch without spaces beyond WORD_CAP and a dotless i
    (those read the way before)."""
    fast = load()
    monkeypatch.setattr(_lexicon, "_anchor_offset", functools.cache(lambda regex: None))
    load.cache_clear()
    try:
        plain = load()
    finally:
        load.cache_clear()
    assert not any(rule.lead for rule in plain.rules.rules + plain.allow_rules.rules)
    texts = _texts()
    texts += _spaced(texts)
    texts += ["Zijn rug doet pijn en h\u0131j heeft een hernia.", "hoge   bloeddruk"]
    # A stretch without spaces longer than WORD_CAP: the rules with words read the way
    # before.
    url = "https://intranet.example.nl/" + "roosterplanning" * 3
    texts += [
        f"Zie {url} voor de planning; hij werkt als monteur van ons team." + t for t in texts[:40]
    ]
    for profile in PROFILES:
        assert [check(t, fast, profile) for t in texts] == [check(t, plain, profile) for t in texts]
    # The lazy skip finds the first start where the rule matches, and where it ends.
    rule = next(r for r in fast.rules.rules if r.lead and r.lead[1])
    assert rule.skip is not None
    assert rule.skip_size == rule.lead[0] + rule.lead[1] * _lexicon.RUN_CAP
    text = "x " * 30 + "hoge  bloeddruk en hoge bloeddruk"
    for low in range(len(text)):
        found = rule.skip.match(text, low)
        first = rule.pattern.search(text, low)
        if found is None:
            assert first is None or first.start() > low + rule.skip_size
        else:
            assert (found.end(), found.end("end")) == first.span()


def test_a_lead_is_read_only_from_what_stands_before_the_anchor():
    """``_anchor_offset`` takes the anchor ``_anchors`` takes; a repeat without bound
    before it (other than separators) leaves it unknown."""
    assert _lexicon._anchor_offset("hoge[\\s-]+bloeddruk") == (4, 1, 0)
    assert _lexicon._anchor_offset("bloeddruk") == (0, 0, 0)
    assert _lexicon._anchor_offset("(zijn|haar)[\\s-]+rugpijn") == (4, 1, 0)
    assert _lexicon._anchor_offset("[^\\W_]*rugpijn") == (0, 0, 1)
    assert _lexicon._anchor_offset("[^\\W_][\\w'-]*[\\s-]+van[\\s-]+beroep") == (4, 2, 1)
    assert _lexicon._anchor_offset("[^\\w]*rugpijn") is None
    assert _lexicon._anchor_offset(".*rugpijn") is None
    assert _lexicon._anchor_offset("(?:a|bb)(?:ccc|dddd)x?verband") == (7, 0, 0)
    assert _lexicon._anchor_offset("(?:een|de) (?:zware|lichte) hernia|hernia") == (10, 0, 0)


def test_looked_for_around_each_place_the_same_as_in_the_windows():
    """``_skipped_around`` and ``_tried_around`` (the lexicon's rules, whose every place
    starts a window) find what ``_skipped`` and ``_matches_at`` find in the windows
    ``_windows`` builds (issue 17, speed)."""
    lexicon = load()
    rules = [r for r in lexicon.rules.rules if r.lead is not None and not r.lead[2]]
    leading = [r for r in lexicon.rules.rules if r.leading]
    rng = random.Random(11)
    texts = _texts()
    for text in rng.sample(texts, 60) + texts[-20:]:
        norm = _normalize.normalize(text)
        run = _guard._longest_run(norm.cased)
        if run is None:
            continue
        positions = lexicon.anchor_positions(norm.folded)
        for rule in rules:
            at = sorted({p for anchor in rule.anchors for p in positions.get(anchor, ())})
            skip, most = rule.skip, rule.skip_size
            if not at or skip is None or most > rule.reach or run[0] > _lexicon.RUN_CAP:
                continue
            windows = _guard._windows(at, norm.cased, rule.reach)
            around = _guard._skipped_around(rule, skip, most, norm.cased, at)
            within = _guard._skipped(rule, skip, most, norm.cased, windows, at)
            assert [m[1:] for m in around] == [m[1:] for m in within], rule.source
        for rule in leading:
            at = sorted({p for anchor in rule.anchors for p in positions.get(anchor, ())})
            if not at:
                continue
            windows = _guard._windows(at, norm.cased, rule.reach)
            tried = _guard._tried_around(rule, norm.cased, at)
            within = _guard._matches_at(rule.pattern, norm.cased, windows, at)
            assert [m[0].span() for m in tried] == [m.span() for m in within], rule.source


def test_the_sentence_of_a_match_is_found_as_before():
    """``_sense._sentence`` looks for the last mark in the 256 characters before a match
    first (issue 17, speed, 5 December): the same sentence as over the whole text."""
    rng = random.Random(23)
    for _ in range(2000):
        text = "".join(rng.choice("abcdefgh " * 30 + ".!?;\n") for _ in range(rng.randint(1, 900)))
        start = rng.randrange(len(text))
        end = rng.randint(start, len(text))
        low = max(text.rfind(mark, 0, start) for mark in ".!?;\n") + 1
        high = _sense._SENTENCE_END.search(text, end)
        assert _sense._sentence(text, start, end) == (low, high.start() if high else len(text))


def test_the_places_near_a_candidate_are_those_near_finds():
    """``_nearby`` (issue 17, speed, 5 December) keeps the starts ``_near`` keeps."""
    rng = random.Random(29)
    for _ in range(2000):
        points = sorted(rng.randrange(500) for _ in range(rng.randint(0, 8)))
        starts = [rng.randrange(500) for _ in range(rng.randint(0, 8))]
        reach = rng.randint(0, 200)
        assert _guard._nearby(points, len(points), starts, reach) == [
            start for start in starts if _guard._near(points, start, reach)
        ]


# Issue 17, speed (6 December): the second reading decides only what can change the
# merged result, takes its anchors from the first reading's; words are found only where
# a match is widened.


def _disguised(texts: list[str], count: int, seed: int) -> list[str]:
    """Long texts with words spread out, cut into syllables, with a letter typed three
    times or an underscore, some near each other and at the ends of the text."""
    rng = random.Random(seed)
    words = ["hernia", "kanker", "depressie", "migraine", "knie", "operatie", "werk", "psycholoog"]

    def disguise(word: str) -> str:
        kind = rng.randrange(4)
        if kind == 0:
            return rng.choice([" ", ".", "-", " . ", "/", "*"]).join(word)
        if kind == 1:
            return "-".join(word[i : i + 3] for i in range(0, len(word), 3))
        if kind == 2:
            return word[:2] + word[2] * 4 + word[3:]
        return word[:3] + "_" + word[3:]

    found = []
    for _ in range(count):
        parts = []
        while sum(len(part) + 1 for part in parts) < rng.choice([300, 2000]):
            sentence = rng.choice(texts)
            if rng.random() < 0.3:
                sentence = f"Heeft {disguise(rng.choice(words))} {sentence}"
            parts.append(sentence)
        found.append(rng.choice([" ", "  ", "\n"]).join(parts)[:2000])
    return found


def _check_before(text: str, profile: str) -> list[tuple[int, int, str]]:
    """``check`` as before: the second reading decides every candidate, with every
    context rule near one, its anchors looked up anew."""
    lexicon = load()
    ignored, advice = _guard._IGNORED[profile], profile == "advice"
    norm = _normalize.normalize(text)
    kept = _guard._find(norm, lexicon, ignored, advice)
    spread = _normalize.joined(text, norm)
    if spread is not None:
        kept += _guard._find(spread[0], lexicon, ignored, advice, focus=spread[1])
    kept.sort(key=lambda c: (c[0], -c[1], _guard._RANK[c[2]]))
    merged: list[list] = []
    for start, end, category in kept:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if _guard._RANK[category] < _guard._RANK[merged[-1][2]]:
                merged[-1][2] = category
        else:
            merged.append([start, end, category])
    return [(start, end, category) for start, end, category in merged]


def test_the_second_reading_decides_what_can_change_the_result_as_before():
    texts = [t for t in _texts() if len(t) > 200] + _disguised(_texts()[:2000], 150, 31)
    for text in texts:
        for profile in PROFILES:
            now = [(m.start, m.end, m.category) for m in check(text, profile=profile).matches]
            assert now == _check_before(text, profile), text


def test_the_second_readings_anchors_and_finds_moved_from_the_first_are_those_found_anew():
    lexicon = load()
    texts = _disguised(_texts()[:2000], 300, 37)
    rng = random.Random(41)
    pieces = ["h e r n i a", "_", " ", "  ", "pijn", "k-n-i-e", "mi-gra-ine", "kaaaanker", "%"]
    pieces += [" een tia", "a.d.h.d", "b.u.r.n.o.u.t", "x", "\n", ".", "op", "hersen"]
    pieces += ["schudding", "s c h u d d i n g", "hersen_schudding", "hoofdpjn", "rugpijnklachten"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    read = 0
    for text in texts:
        norm = _normalize.normalize(text)
        spread = _normalize.joined_from(text, norm)
        if spread is None:
            continue
        reading, _, deleted = spread
        table, spans = _normalize.moved(norm.folded, deleted)
        first = lexicon.anchor_positions(norm.folded)
        moved = lexicon.anchor_positions_joined(reading.folded, first, table, spans)
        found = lexicon.anchor_positions(reading.folded)
        assert {a: sorted(p) for a, p in moved.items()} == {
            a: sorted(p) for a, p in found.items()
        }, text
        # The dictionary's compounds and misspellings, in the same order.
        passes = _guard._passes(norm.folded)
        assert _guard._passes_joined(reading.folded, passes, table, spans) == _guard._passes(
            reading.folded
        ), text
        read += 1
    assert read > 2000


def _widen_before(text: str, start: int, end: int) -> tuple[int, int]:
    """Widening to whole words from every word of the text, as before."""
    spans = [m.span() for m in _guard._WORD.finditer(text)]
    for low, high in spans:
        if start > 0 and low <= start - 1 < high:
            start = low
    for low, high in spans:
        if low <= end < high:
            end = high
    return start, end


def test_widening_from_the_words_around_an_edge_is_as_from_every_word():
    rng = random.Random(43)
    for _ in range(5000):
        text = "".join(rng.choice("ab-'_ \n\t.,1\u00e9\u0436-") for _ in range(rng.randint(1, 40)))
        words = _guard._Words(text)
        for _ in range(5):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            assert words.widen(start, end) == _widen_before(text, start, end), text


def test_one_group_for_places_within_twice_the_reach_as_the_loop():
    rng = random.Random(47)
    for _ in range(3000):
        text = "".join(rng.choice("abc \n") for _ in range(rng.randint(1, 300)))
        at = sorted({rng.randrange(len(text)) for _ in range(rng.randint(1, 6))})
        reach = rng.randint(0, 120)
        groups = []
        first = 0
        while first < len(at):
            last = first
            while last + 1 < len(at) and at[last + 1] - reach <= min(at[last] + reach, len(text)):
                last += 1
            groups.append((first, last, _guard._window_end(text, at[last], reach)))
            first = last + 1
        assert _guard._merged(text, at, reach) == groups


def test_the_spaces_that_were_underscores_are_found_as_before():
    rng = random.Random(53)
    pieces = [
        "a",
        "b",
        "_",
        " ",
        "\u00e9",
        "e\u0301",
        "\ufb01",
        "\u00ad",
        "\u2063",
        "h e r n i a",
        "_ _",
    ]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15)))
        norm = _normalize.normalize(text)
        spread = _normalize.joined_from(text, norm)
        deleted = set() if spread is None else set(spread[2])
        before = {
            index
            for index, char in enumerate(norm.cased)
            if char == " " and text[index if norm.starts is None else norm.starts[index]] == "_"
        }
        assert before <= deleted, text
        assert spread is None or spread[:2] == _normalize.joined(text, norm)


def test_the_second_reading_runs_a_rule_only_where_a_match_could_hold_a_join():
    """Issue 17, speed (6 December night): a match of a rule holds one of its anchors and spans at
    most the rule's reach, so in the second reading a rule runs only at the places of its
    anchors within that reach (and ``_SLACK`` for what a pattern looks at around its
    match) of a join; a rule with no such place does not run."""
    lexicon = load()
    read = 0
    for text in _disguised(_texts()[:2000], 200, 59):
        norm = _normalize.normalize(text)
        spread = _normalize.joined(text, norm)
        if spread is None:
            continue
        reading, joins = spread
        positions = lexicon.anchor_positions(reading.folded)
        expected = []
        for rule, starts in lexicon.rules.select(positions):
            if starts is None:
                expected.append((rule.source, None, None))
                continue
            most = rule.reach + _guard._SLACK
            near = [s for s in starts if any(abs(s - join) <= most for join in joins)]
            if near:
                kept = near if len(near) < len(starts) else starts
                expected.append((rule.source, sorted(kept), sorted(starts)))
        now = [
            (rule.source, None if starts is None else sorted(starts), every and sorted(every))
            for rule, starts, every in _guard._near_focus(lexicon.rules, positions, joins)
        ]
        assert sorted(now) == sorted(expected), text
        read += 1
    assert read > 150


def test_the_second_reading_near_its_joins_decides_as_a_reading_of_the_whole_text():
    """The second reading looks only near its joins (its rules and the dictionary's finds);
    read over the whole joined text instead, every text gets the same verdict, every span
    it reports lies inside a span of the whole reading, and every span of the whole reading
    that holds a joined character is reported as it is (issue 17, speed, 6 December night)."""
    lexicon = load()
    read = 0
    for text in _disguised(_texts()[:2000], 150, 61) + [t for t in _texts() if "_" in t]:
        norm = _normalize.normalize(text)
        spread = _normalize.joined_from(text, norm)
        if spread is None:
            continue
        reading, _, deleted = spread
        for profile in PROFILES:
            ignored, advice = _guard._IGNORED[profile], profile == "advice"
            first = _guard._find(norm, lexicon, ignored, advice)
            whole = _guard._merge(first + _guard._find(reading, lexicon, ignored, advice))
            now = [(m.start, m.end) for m in _guard._rules(text, profile=profile).matches]
            assert bool(now) == bool(whole), text
            assert all(any(s <= start and end <= e for s, e, _ in whole) for start, end in now)
            joined = [norm.original_span(i, i + 1)[0] for i in deleted]
            for start, end, _ in whole:
                if any(start <= j < end for j in joined):
                    assert (start, end) in now, text
        read += 1
    assert read > 100
