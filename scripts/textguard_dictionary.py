"""Derive the medical-text guard's word lists from a real Dutch dictionary (issue 17).

    make textguard-dictionary        # installs Debian's hunspell-nl, then runs this

Reads OpenTaal's Dutch hunspell dictionary (``/usr/share/hunspell/nl.dic`` and
``nl.aff``, Debian package hunspell-nl; BSD or CC BY 3.0), expands every stem with its
suffix rules (plurals, diminutives, verb forms: about 375,000 word forms), and writes
three files into ``src/poortwachter/textguard/lexicon/`` that the guard reads at run time
(the dictionary itself is not needed at run time):

``dictionary_compounds.txt``
    Compounds and derivations in the dictionary that the hand-written lexicon does not
    find: a dictionary word (a modifier) + a word the lexicon finds medical (the head:
    longaandoening, nekstijfheid, tetanusinjectie, harttransplantatie), or a medical
    modifier + a dictionary word (leukemiecellen). Heads with an everyday sense
    (operatie, injectie, pil, bekken, ...) and modifiers with one (zenuw-slopend) are
    left out: see AMBIGUOUS_HEADS and AMBIGUOUS_MODIFIERS.
``dictionary_fuzzy.txt``
    Dictionary words the lexicon finds medical (with their inflections and compounds),
    as extra targets of the misspelling pass: a word one edit from one of them counts.
``dictionary_exempt.txt``
    Correctly spelt Dutch words that are one edit from a misspelling target but are not
    medical themselves (kanjer, meditatie, detentie, trombone, verhouden): never a
    misspelling. This is what lets the misspelling pass use thousands of targets.

``dictionary_sound_exempt.txt``
    Correctly spelt Dutch words whose sound key (``_sound.py``: a word written as it
    sounds) equals a target's key or, for long keys, is one edit from one, and that are
    not medical themselves: never a misspelling by sound (round 5).

``dictionary_institutions.txt``
    Names of Dutch hospitals from the hospital list of deduce (de-identification of Dutch
    medical text, LGPL-3.0; only the list of names is read, from its wheel: ``--deduce``),
    as lexicon lines of the category care_provider: a name with a care word (Ziekenhuis,
    Gasthuis, Medisch Centrum, Kliniek) is a signal on its own, any other name ("Nolet",
    "Antonius", "Groene Hart") only as a capitalised name after "in het", "naar het",
    "bij het", "uit het" (hospitals take "het"; people and streets do not).

The classification uses the guard's hand-written lexicon only (``extras=False``), so running
this again gives the same files. Run it again after changing the lexicon or fuzzy.txt;
``tests/privacy/test_textguard_dictionary.py`` fails when the files are stale.
"""

import argparse
import hashlib
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from poortwachter.textguard import _dictionary, _guard, _sense  # noqa: E402 (after sys.path)
from poortwachter.textguard._fuzzy import one_edit  # noqa: E402
from poortwachter.textguard._fuzzy_read import read_targets  # noqa: E402
from poortwachter.textguard._lexicon import load  # noqa: E402
from poortwachter.textguard._sound import NEAR_KEY, key_deletes, sound_key  # noqa: E402


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, a space between."""
    return frozenset(text.split())


LEXICON = ROOT / "src" / "poortwachter" / "textguard" / "lexicon"

# Heads whose everyday sense is common in compounds: "verhuisoperatie",
# "kapitaalinjectie", "windspil", "lekkerbekken", "openbreken".
AMBIGUOUS_HEADS = _words(
    "operatie operaties injectie injecties pil pillen pilletje pilletjes bekken braken "
    "ribben rugje rugjes hoofdje hoofdjes buikje buikjes nieren darmen hechting "
    "hechtingen meniscus spillen benauwd gekotst wond wonden zenuw zenuwen hals "
    "tongen kaken virus virussen scan scans therapie therapieen klacht klachten dement "
    "valling vallingen handje handjes voetje voetjes kuurtje kuurtjes weeen uroloog "
    "urologen urologie kolven braakt braakte stent angsten bloedde bloedt kotsen braaksel "
    "gehecht werktheden zwangeren zwangere"
)
AMBIGUOUS_MODIFIERS = _words(
    "zenuw zenuwen depri dement kramp braken virus pillen klachten kaken bekken wervel "
    "spier cyste ongevallen schouder donor verwond fitis rolstoel pokken"
)
# Dictionary words that split into a word and a medical head but mean something else.
NOT_COMPOUNDS = _words("desinfectie desinfecties antiabortus overwerktheden")
# Categories whose words make a head or a misspelling target.
STRONG = _words("illness symptom treatment medication mental_health pregnancy care_provider")


def _lexicon_load_clear() -> None:
    load.cache_clear()


def fold(word: str) -> str:
    word = word.replace("\u0133", "ij").replace("\u0132", "IJ").replace("\u2019", "'")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def word_forms(dic: Path, aff: Path) -> set[str]:
    """Every stem of the dictionary with its suffix rules applied (one level)."""
    rules: dict[str, list[tuple[str, str, re.Pattern[str] | None]]] = defaultdict(list)
    for line in aff.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[0] == "SFX":
            flag, strip, add, condition = parts[1], parts[2], parts[3].split("/")[0], parts[4]
            rules[flag].append(
                (
                    "" if strip == "0" else strip,
                    "" if add == "0" else add,
                    None if condition == "." else re.compile(condition + "$"),
                )
            )
    forms: set[str] = set()
    for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
        stem, _, flags = line.partition("/")
        flags = flags.split()[0] if flags else ""
        forms.add(stem)
        for i in range(0, len(flags), 2):  # FLAG long: two characters a flag
            for strip, add, condition in rules.get(flags[i : i + 2], ()):
                if condition is not None and not condition.search(stem):
                    continue
                if strip and not stem.endswith(strip):
                    continue
                forms.add(stem[: len(stem) - len(strip)] + add)
    return {fold(form) for form in forms}


def classify(forms: set[str]) -> dict[str, str]:
    """Dictionary words the hand-written lexicon finds medical as a whole: category."""
    lexicon = load()
    medical = {}
    for word in sorted(forms):
        if not word.isalpha():
            continue
        result = _guard.check(word, lexicon=lexicon, extras=False)
        if result.medical:
            whole = [m for m in result.matches if m.start == 0 and m.end == len(word)]
            medical[word] = whole[0].category if whole else result.matches[0].category
    return medical


def compounds(forms: set[str], medical: dict[str, str]) -> dict[str, str]:
    heads = {
        w: c for w, c in medical.items() if c in STRONG and len(w) >= 5 and w not in AMBIGUOUS_HEADS
    }
    modifiers = {
        w: c
        for w, c in medical.items()
        if c in {"illness", "mental_health"} and len(w) >= 6 and w not in AMBIGUOUS_MODIFIERS
    }
    found: dict[str, str] = {}
    for word in sorted(forms):
        if word in medical or word in NOT_COMPOUNDS or not word.isalpha() or len(word) < 8:
            continue
        for i in range(3, len(word) - 4):
            modifier, rest = word[:i], word[i:]
            if modifier not in forms:
                continue
            for link in ("", "s", "e", "en"):
                head = rest[len(link) :] if rest.startswith(link) else ""
                if head in heads:
                    found[word] = heads[head]
                    break
            if word in found:
                break
        if word in found:
            continue
        for i in range(6, len(word) - 3):
            modifier, rest = word[:i], word[i:]
            if modifier in modifiers and rest in forms and len(rest) >= 4:
                found[word] = modifiers[modifier]
                break
    return found


def _inflection(word: str, target: str) -> bool:
    """Whether a word one edit from a target is the same word with another ending
    (diabeten/diabetes, dietiste/dietist), not another word (vermoed/vermoeid)."""
    if len(min(word, target, key=len)) < 6:
        return False
    if word.startswith(target) or target.startswith(word):
        return True
    return len(word) == len(target) and word[:-1] == target[:-1]


def exempt(forms: set[str], targets: dict[str, str], medical: set[str]) -> list[str]:
    """Ordinary dictionary words one edit from a target, first letter the same, that are
    not an inflection of it."""
    deletes: dict[str, set[str]] = defaultdict(set)
    for target in targets:
        deletes[target].add(target)
        for i in range(len(target)):
            deletes[target[:i] + target[i + 1 :]].add(target)
    result = []
    for word in sorted(forms):
        if len(word) < 5 or not word.isalpha() or not word.isascii() or word in medical:
            continue
        if word in targets:
            continue
        candidates = set(deletes.get(word, ()))
        for i in range(len(word)):
            candidates.update(deletes.get(word[:i] + word[i + 1 :], ()))
        near = [t for t in candidates if t[0] == word[0] and one_edit(word, t)]
        if near and not any(_inflection(word, t) for t in near):
            result.append(word)
    return result


_CARE_WORD = re.compile(
    r"(ziekenhui|gasthuis|medisch centrum|kliniek|hospitaal|zorggroep|inrichting|sanatorium"
    r"|universitair|umc)",
    re.IGNORECASE,
)
HOSPITAL_LIST = "deduce/data/lookup/src/institutions/lst_hospital/items.txt"


def institutions(wheel: Path, forms: set[str]) -> list[str]:
    """Lexicon lines for the hospital names in deduce's list."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.read(HOSPITAL_LIST).decode("utf-8").splitlines()
    strong, named = set(), set()
    for raw in names:
        name = unicodedata.normalize("NFKD", raw.strip())
        name = "".join(c for c in name if not unicodedata.combining(c))
        if not name or not re.fullmatch(r"[A-Za-z][A-Za-z .'+-]*", name):
            continue
        if _CARE_WORD.search(name) and len(name.split()) >= 2:
            strong.add(re.escape(name.lower()).replace("\\ ", " ").replace("\\+", "\\+?"))
        elif name[0].isupper():
            named.add(re.escape(name).replace("\\ ", " "))
    # One rule for each kind (a rule per name would run 100 rules wherever "ziekenhuis"
    # occurs); the lexicon compiles the alternations as tries.
    return [
        "(?:" + "|".join(sorted(strong)) + ")(?![\\w'-])",
        "(in|naar|bij|uit|vanuit) (het|'t) «(?-i:(?:" + "|".join(sorted(named)) + "))»(?![\\w'-])",
    ]


def sound_exempt(forms: set[str], targets: dict[str, str], medical: set[str]) -> list[str]:
    """Ordinary dictionary words whose sound key meets a target's (``_sound.key_category``
    without the exemption), that are not an inflection of such a target."""
    keys: dict[str, set[str]] = defaultdict(set)
    deletes: dict[str, set[str]] = defaultdict(set)
    for target in targets:
        if len(target) < 6:
            continue
        key = sound_key(target)
        keys[key].add(target)
        if len(key) >= NEAR_KEY:
            for deleted in key_deletes(key):
                deletes[deleted].add(key)
    result = []
    for word in sorted(forms):
        if len(word) < 6 or not word.isalpha() or not word.isascii() or word in medical:
            continue
        if word in targets:
            continue
        key = sound_key(word)
        near = set(keys.get(key, ()))
        if not near and len(key) >= NEAR_KEY - 1:
            for deleted in key_deletes(key):
                for other in deletes.get(deleted, ()):
                    if other[0] == key[0] and one_edit(key, other):
                        near.update(keys[other])
        if near and not any(_inflection(word, t) for t in near):
            result.append(word)
    return result


def write(path: Path, header: str, lines: list[str]) -> None:
    path.write_text(header + "".join(line + "\n" for line in lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dic", type=Path, default=Path("/usr/share/hunspell/nl.dic"))
    parser.add_argument("--aff", type=Path, default=Path("/usr/share/hunspell/nl.aff"))
    parser.add_argument("--deduce", type=Path, required=True, help="deduce's wheel (.whl)")
    args = parser.parse_args()
    forms = word_forms(args.dic, args.aff)
    digest = _dictionary.inputs_digest()
    source = hashlib.sha256(args.dic.read_bytes() + args.aff.read_bytes()).hexdigest()[:16]
    header = (
        "# Generated by scripts/textguard_dictionary.py from OpenTaal's Dutch hunspell\n"
        "# dictionary (Debian hunspell-nl; BSD or CC BY 3.0) and deduce's hospital list.\n"
        "# Do not edit: run `make textguard-dictionary` after changing the lexicon.\n"
        f"# dictionary {source}; lexicon {digest}\n"
    )
    # First the hospital names: the classification below reads them with the lexicon.
    write(LEXICON / "dictionary_institutions.txt", header, institutions(args.deduce, forms))
    _lexicon_load_clear()
    medical = classify(forms)
    found = compounds(forms, medical)
    hand_targets = read_targets((LEXICON / "fuzzy.txt").read_text(encoding="utf-8"))
    extra = {
        w: c
        for w, c in {**medical, **found}.items()
        if c in STRONG
        and len(w) >= 7
        and w.isascii()
        and w not in hand_targets
        and _sense.kind(w, c, name=False) is None  # operatie, diagnose: context
    }
    free = exempt(forms, {**hand_targets, **extra}, set(medical) | set(found))
    write(
        LEXICON / "dictionary_compounds.txt",
        header,
        [f"{c} {w}" for w, c in sorted(found.items())],
    )
    write(LEXICON / "dictionary_fuzzy.txt", header, [f"{c} {w}" for w, c in sorted(extra.items())])
    write(LEXICON / "dictionary_exempt.txt", header, free)
    by_sound = sound_exempt(forms, {**hand_targets, **extra}, set(medical) | set(found))
    write(LEXICON / "dictionary_sound_exempt.txt", header, by_sound)
    print(
        f"{len(forms)} word forms; {len(medical)} medical by the lexicon; "
        f"{len(found)} compounds; {len(extra)} extra misspelling targets; "
        f"{len(free)} exempt ordinary words; {len(by_sound)} exempt by sound"
    )


if __name__ == "__main__":
    main()
