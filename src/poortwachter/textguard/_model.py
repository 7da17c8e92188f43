"""A word-sense model behind the rules (issue 17, tenth round).

A logistic regression over the words of a sentence, their letter groups (3 to 5 letters
inside a word, edges marked) and neighbouring word pairs, trained by
``scripts/textguard_model.py`` (``make textguard-model``) on the non-sealed labelled
development sets; the weights are ``model.json`` beside this file, loaded once. Pure
Python and deterministic.

It is used in two directions, employer profile only (``combine``):

1. **take back** a refusal whose every match is an ambiguous word (a word whose sense
   depends on its context: ``_sense.kind`` says so, or the training data has it often in
   both labels) when every sentence holding a match scores below ``low``;
2. **add** a refusal where the rules found nothing but a sentence scores above ``high``;
   the matches are then the words of that sentence that weighed most (category
   ``model``), so the refusal names words the user can rephrase.

See docs/medical-text-guard.md, "Issue 17, tenth round: a word-sense model".
"""

import json
import math
import re
import unicodedata
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from ._remember import remember
from ._sense import kind

MODEL_FILE = Path(__file__).with_name("model.json")
CATEGORY = "model"

_SENTENCES = re.compile(r"[^.!?\n]+")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_SCAN = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[.!?\n]")
_ENDS = frozenset(".!?\n")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words too small to name: never shown as the reason of a refusal.
_SMALL = _words(
    "de het een en of van in op aan met voor naar bij uit te is was zijn heeft had hij zij ze"
    " er die dat dit deze niet nog wel al ook om tot als maar dan door over u je jij we wij ik"
    " mij me"
)
MAX_NAMED = 3
# The training data's English sentences are nearly all medical (a category of the blind
# batches), so the model reads English itself as a health cue: it adds no refusal to a
# sentence with two or more of these words (the rules' English list still applies).
ENGLISH = _words(
    "the and to with for his her my this that has have be are it not on at by from will"
    " can after should what when which been their they our your you she"
)


class _Folded(dict):
    """str.translate's table: each character to its lower-case base letter, one for one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[:1].lower()
        value = base if len(base) == 1 else ch
        self[code] = value
        return value


_FOLDED = _Folded()


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_one(found: re.Match) -> str:
    return _FOLDED[ord(found.group())]


def fold(text: str) -> str:
    """Lower case without accents, one character for one (offsets stay)."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text):  # "İ" lowers to two characters
        return text.translate(_FOLDED)
    return _NOT_ASCII.sub(_fold_one, lowered)


def _token(word: str) -> str:
    return "0" if word.isdigit() else word


def word_features(word: str) -> list[str]:
    """The features of one word alone: the word and its letter groups."""
    feats = ["w" + word]
    marked = f"<{word}>"
    if len(word) >= 3:
        for n in (3, 4, 5):
            for i in range(len(marked) - n + 1):
                feats.append("c" + marked[i : i + n])
    return feats


# A capitalised word inside a sentence is a name ("Ricardo", "Fatima", "Rijnstate"): its
# letters say nothing about health, but as letter groups they weighed up to +27
# ("ricardo" holds "card") or -7 ("fatima"), so a refusal depended on who was named. It is
# read as this one token instead (its place and neighbours still count). A word in
# capitals ("UMC", "IC") is an abbreviation and stays itself, and so does a word the
# training rows write in lower case (``Model.known``): a capital does not hide it ("Zit
# Er Helemaal Doorheen" reads as "zit er helemaal doorheen").
NAME = "N"


def tokens(
    folded: str, cased: str | None = None, known: frozenset[str] = frozenset()
) -> list[tuple[str, int, int]]:
    """The words of ``folded`` with their offsets; with ``cased`` (the same text before
    folding), the names of each sentence (``_names``) are ``NAME``."""
    if cased is None:
        return [(_token(m.group()), m.start(), m.end()) for m in _WORD.finditer(folded)]
    found: list[tuple[str, int, int]] = []
    sentence: list[tuple[str, int, int]] = []
    for m in _SCAN.finditer(folded):
        word = m.group()
        if word not in _ENDS:
            sentence.append((word, m.start(), m.end()))
            continue
        _named(sentence, cased, known, found)
        sentence = []
    _named(sentence, cased, known, found)
    return found


def _named(
    sentence: list[tuple[str, int, int]],
    cased: str,
    known: frozenset[str],
    found: list[tuple[str, int, int]],
) -> None:
    names = _names([cased[s:e] for _, s, e in sentence], [w for w, _, _ in sentence], known)
    for (word, start, end), name in zip(sentence, names, strict=True):
        found.append((NAME if name else _token(word), start, end))


def _names(written: list[str], folded: list[str], known: frozenset[str]) -> list[bool]:
    """Which words of one sentence are names: capitalised, not in capitals, not opening
    the sentence, not ``known``; none in a sentence written in title case (most words
    after the first capitalised), where a capital says nothing."""
    capital = [w[:1].isupper() and not w.isupper() for w in written]
    inside = len(written) - 1
    if inside >= 2 and 2 * sum(capital[1:]) >= inside:
        return [False] * len(written)
    pairs = enumerate(zip(capital, folded, strict=True))
    return [c and i > 0 and f not in known for i, (c, f) in pairs]


def as_written(text: str) -> list[tuple[str, str, bool]]:
    """Each word of ``text`` folded, as written, and whether it opens its sentence (the
    training script counts how each word is written: ``known``)."""
    found = []
    opening = True
    folded = fold(text)
    for m in _SCAN.finditer(folded):
        word = m.group()
        if word in _ENDS:
            opening = True
            continue
        found.append((_token(word), text[m.start() : m.end()], opening))
        opening = False
    return found


def features(words: list[str]) -> list[str]:
    """Every feature of a sentence (training and scoring read the same)."""
    feats: list[str] = []
    for word in words:
        feats.extend(word_features(word))
    for left, right in pairwise(words):
        feats.append(f"b{left} {right}")
    return feats


class Model:
    def __init__(self, data: dict) -> None:
        self.weights: dict[str, float] = data["weights"]
        self.bias: float = data["bias"]
        self.low: float = data["low"]
        self.high: float = data["high"]
        self.ambiguous: frozenset[str] = frozenset(data["ambiguous"])
        self.min_words: int = data.get("min_words", 1)
        # Words of many ordinary training rows: named only when no other word weighs.
        self.everyday: frozenset[str] = frozenset(data.get("everyday", ()))
        # Words the training rows write in lower case: capitalised, still themselves.
        self.known: frozenset[str] = frozenset(data.get("known", ()))
        # The fast reading (above): word pairs as {left: {right: weight}}, each word's
        # weight and number of features remembered as the rules remember their words
        # (``_remember.remember``: lower-case words only, no numbers or codes, bounded),
        # the threshold as a score.
        self.pairs: dict[str, dict[str, float]] = {}
        for key, weight in self.weights.items():
            if key.startswith("b"):
                left, right = key[1:].split(" ", 1)
                self.pairs.setdefault(left, {})[right] = weight
        self._seen: dict[str, tuple[float, int, str, dict | None]] = {}
        self._name_entry = self._entry(NAME)

    @property
    def high_score(self) -> float:
        """``high`` as a score (before the logistic function)."""
        return math.log(self.high / (1 - self.high)) if self.high < 1 else math.inf

    def _word_uncached(self, word: str) -> tuple[float, int]:
        feats = word_features(word)
        get = self.weights.get
        return sum(get(f, 0.0) for f in feats), len(feats)

    def _entry(self, found: str) -> tuple[float, int, str, dict | None]:
        """A word's weight, number of features, token and the pairs it opens."""
        entry = self._seen.get(found)
        if entry is None:
            word = _token(found)
            entry = (*self._word_uncached(word), word, self.pairs.get(word))
            remember(self._seen, found, entry)
        return entry

    def above(self, text: str) -> bool:
        """Whether a sentence of ``text`` (min_words or more) scores ``high`` or more: the
        same sum as ``sentence``, without the words' shares and offsets.

        One pass over the words as written, most of them remembered as they are (lower
        case); a capitalised word inside a sentence is read both as itself and, unless
        known, as ``NAME``, and at the sentence's end the reading ``_names`` chooses
        counts (title case: no names)."""
        seen, entry_of, least, known = self._seen, self._entry, self.min_words, self.known
        bias, high = self.bias, self.high_score
        name = self._name_entry
        # Per sentence: the words reading (w_) and the names reading (n_).
        w_total = n_total = 0.0
        w_count = n_count = w_english = n_english = n = capitals = 0
        w_after: dict | None = None
        n_after: dict | None = None
        for written in _SCAN.findall(text):
            if written in _ENDS:
                if n >= least:
                    if n >= 3 and 2 * capitals >= n - 1:  # title case: no names
                        total, count, english = w_total, w_count, w_english
                    else:
                        total, count, english = n_total, n_count, n_english
                    if english < 2 and bias + total / math.sqrt(count + n - 1) >= high:
                        return True
                w_total = n_total = 0.0
                w_count = n_count = w_english = n_english = n = capitals = 0
                w_after = n_after = None
                continue
            entry = seen.get(written)
            is_name = False
            if entry is None:
                found = fold(written)
                entry = seen.get(found) or entry_of(found)
                if n and written[0].isupper() and not written.isupper():
                    capitals += 1
                    is_name = found not in known
            else:
                found = written
            weight, features_of_word, token, after = entry
            english = found in ENGLISH
            w_total += weight + (w_after.get(token, 0.0) if w_after else 0.0)
            w_count += features_of_word
            w_english += english
            w_after = after
            if is_name:
                weight, features_of_word, token, after = name
                english = False
            n_total += weight + (n_after.get(token, 0.0) if n_after else 0.0)
            n_count += features_of_word
            n_english += english
            n_after = after
            n += 1
        if n < least:
            return False
        if n >= 3 and 2 * capitals >= n - 1:
            total, count, english = w_total, w_count, w_english
        else:
            total, count, english = n_total, n_count, n_english
        return english < 2 and bias + total / math.sqrt(count + n - 1) >= high

    def sentence(self, words: list[str]) -> tuple[float, list[float]]:
        """Probability that the sentence is medical, and each word's share of the score."""
        if not words:
            return 0.0, []
        get = self.weights.get
        shares = []
        count = 0
        for word in words:
            weight, n, _, _ = self._entry(word)
            shares.append(weight)
            count += n
        for i in range(len(words) - 1):
            pair = get(f"b{words[i]} {words[i + 1]}")
            if pair:
                shares[i] += pair / 2
                shares[i + 1] += pair / 2
        count += len(words) - 1
        z = self.bias + sum(shares) / math.sqrt(count)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), shares

    def sentences(self, text: str):
        """(start, end, probability, [(word, start, end, share)]) per sentence of ``text``."""
        folded = fold(text)
        for part in _SENTENCES.finditer(folded):
            cased = text[part.start() : part.end()]
            found = [
                (w, part.start() + s, part.start() + e)
                for w, s, e in tokens(part.group(), cased, self.known)
            ]
            if not found:
                continue
            p, shares = self.sentence([w for w, _, _ in found])
            yield (
                part.start(),
                part.end(),
                p,
                [(w, s, e, share) for (w, s, e), share in zip(found, shares, strict=True)],
            )


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> Model | None:
    if not path.exists():
        return None
    return Model(json.loads(path.read_text(encoding="utf-8")))


# The frames in which the rules keep an ambiguous word on purpose (_sense.py: "in a sick
# report the health sense is the likelier one"): the word opening its sentence ("Operatie
# volgende week, ...", "Isala belt over de planning") or right after "na de", "sinds de",
# "voor de", "na een". The model takes none of these back.
_KEPT_BEFORE = re.compile(r"(?:\b(?:na|sinds|voor)\s+(?:de|een)\s+|(?:^|[.!?:;\n])[\s\"'(*-]*)$")
_COMPOUND = re.compile(r"^([a-z]+?)-?(?:operaties?|virus(?:sen)?|infecties?|diagnoses?)$")


def is_ambiguous(model: Model, text: str, start: int, end: int, category: str, name: bool) -> bool:
    """Whether the match ``text[start:end]`` rests on a word whose sense depends on its
    context, outside the frames the rules keep on purpose. A compound ("hartoperatie") is
    ambiguous only when its first part is (an ambiguous word of the data)."""
    folded = fold(text[start:end]).strip()
    if _KEPT_BEFORE.search(fold(text[max(0, start - 12) : start])):
        return False
    compound = _COMPOUND.match(folded)
    if compound and compound.group(1) not in model.ambiguous:
        return False
    if kind(folded, category, name) is not None:
        return True
    words = [w for w, _, _ in tokens(folded)]
    return len(words) == 1 and words[0] in model.ambiguous


# Where a sentence divides into clauses: punctuation inside it and the conjunctions that
# join a second statement. The take-back reads the clause holding a match on its own.
_CLAUSE = re.compile(
    r"[,;:()]|\s(?:en|of|maar|want|dus|terwijl|omdat|zodat|waardoor|doordat|hoewel|nadat"
    r"|voordat|toen|waarbij|waarna|aldus|behalve|ofschoon)(?=\s)"
)


# A clause longer than this many words is read around the match too (``REACH`` words on
# either side): padding can hide in a run-on clause without a comma or a conjunction.
LONG_CLAUSE = 12
REACH = 4


def _clause(words: list, cuts: list[int], at: int) -> list[str]:
    """The words of the clause (between two of ``cuts``) holding the offset ``at``, or
    when it is longer than ``LONG_CLAUSE``, those within ``REACH`` words of ``at``."""
    left = max((c for c in cuts if c <= at), default=-1)
    right = min((c for c in cuts if c > at), default=1 << 62)
    clause = [(w, s) for w, s, e, _ in words if s >= left and e <= right]
    if len(clause) > LONG_CLAUSE:
        here = next((i for i, (_, s) in enumerate(clause) if s >= at), len(clause) - 1)
        clause = clause[max(0, here - REACH) : here + REACH + 1]
    return [w for w, _ in clause]


def take_back(model: Model, text: str, spans: list[tuple[int, int]]) -> bool:
    """Every sentence holding a match, and every clause holding one, scores below ``low``.

    The clause on its own, because the sentence's score is an average: a manager who is
    refused could otherwise pad "Hij heeft een virus" with a work clause (", de planning
    van de klant en de server lopen door") until the sentence reads as work and the
    refusal is taken back; in a clause longer than ``LONG_CLAUSE`` words (a run-on
    sentence without a comma) the words around the match (docs: "Adversarial use of the
    take-back")."""
    folded = None
    for start, end, p, words in model.sentences(text):
        inside = [s for s, e in spans if s < end and e > start]
        if not inside:
            continue
        if p >= model.low:
            return False
        folded = folded if folded is not None else fold(text)
        cuts = [m.start() for m in _CLAUSE.finditer(folded, start, end)]
        if not cuts and len(words) <= LONG_CLAUSE:
            continue
        for at in inside:
            clause = _clause(words, cuts, max(at, start))
            if clause and model.sentence(clause)[0] >= model.low:
                return False
    return True


# Words of a job title, a role or a workplace ("receptioniste", "chauffeur", "balie"):
# they say who or where, not what is wrong, so a refusal names them only when nothing
# else weighs. A cheap reading: a short list and a few endings.
_ROLE = re.compile(
    r"(?:medewerk(?:er|ster)s?|assistent(?:e|en)?|monteurs?|chauffeurs?|planners?|managers?"
    r"|leiders?|leidster|coordinator|directeur|docent(?:e|en)?|leraar|lerares|juf|meester"
    r"|receptionist(?:e|en)?|kok|koks|serveerster|ober|afwasser|lasser|schoonmaker|caissiere"
    r"|verkoopster|verkoper|magazijn|balie|kantoor|kantine|werkvloer|winkel|keuken|afdeling"
    r"|filiaal|collega(?:'s)?|teamleider|stagiair(?:e)?|uitzendkracht|vrachtwagen|bus|tram"
    r"|route|dienst|werk|werkt|werken|klant(?:en)?)$"
)


def _name(text: str, start: int, end: int, opens: int) -> bool:
    """A capitalised word not opening its sentence ("Marco"), or opening it right before
    such a word ("Youssef Amrani"); an abbreviation in capitals ("IC", "OSAS") is none."""
    word = text[start:end]
    if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
        return False
    if start > opens:
        return True
    following = text[end : end + 2]
    return following[:1] == " " and following[1:].isupper()


def _telling(text: str, opens: int, words: list, model: Model) -> list:
    """The words a refusal names for one sentence (``opens``: where its first word
    starts), strongest first. Never a name, a small word or a number. First the words of
    positive share that are neither everyday nor a role or workplace; if none, the one
    strongest content word, a role only when nothing else is left."""
    # A name is what the reading took for one (``NAME``: never in a sentence written in
    # title case), or a first name opening the sentence before another capital.
    content = [
        w
        for w in words
        if w[0] not in _SMALL
        and not w[0].isdigit()
        and w[0] != NAME
        and not (w[1] == opens and _name(text, w[1], w[2], opens))
    ]
    ranked = sorted((w for w in content if w[3] > 0), key=lambda w: -w[3])
    telling = [w for w in ranked if w[0] not in model.everyday and not _ROLE.search(w[0])]
    if telling:
        return telling
    plain = [w for w in ranked if not _ROLE.search(w[0])]
    strongest = plain or ranked or sorted(content, key=lambda w: -w[3])
    return strongest[:1] or sorted(words, key=lambda w: -w[3])[:1]


def added(model: Model, text: str) -> list[tuple[int, int]]:
    """The telling words (``_telling``) of the sentences scoring above ``high`` that have
    a word of positive share besides small words and numbers (those refuse)."""
    if not model.above(text):
        return []
    spans: list[tuple[int, int]] = []
    for _, _, p, words in model.sentences(text):
        if (
            p < model.high
            or len(words) < model.min_words
            or sum(w[0] in ENGLISH for w in words) >= 2
            or not any(w[3] > 0 and w[0] not in _SMALL and not w[0].isdigit() for w in words)
        ):
            continue
        opens = words[0][1]
        telling = _telling(text, opens, words, model)
        if not _explained(telling, model):
            continue
        spans.extend((s, e) for _, s, e, _ in telling[:MAX_NAMED])
    return sorted(spans)


def _explained(telling: list, model: Model) -> bool:
    """Whether the words a refusal would name explain it: one of them weighs towards
    health and is neither an everyday word nor a role. Otherwise the model does not
    refuse ("Robin belde me net." named only "net"; 6 December night)."""
    return any(w[3] > 0 and w[0] not in model.everyday and not _ROLE.search(w[0]) for w in telling)


def decide(model: Model, text: str, matches, is_name) -> tuple[str, list[tuple[int, int]]]:
    """What the model does with the rules' ``matches`` ((start, end, category) each):
    ("back", []) takes the refusal back, ("add", spans) refuses naming ``spans``,
    ("", []) leaves the rules' verdict. ``is_name(text, start)``: a capitalised name."""
    if matches:
        every = all(is_ambiguous(model, text, s, e, c, is_name(text, s)) for s, e, c in matches)
        if every and take_back(model, text, [(s, e) for s, e, _ in matches]):
            return "back", []
        return "", []
    spans = added(model, text)
    return ("add", spans) if spans else ("", [])
