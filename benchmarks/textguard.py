"""The medical-text guard: time to check 2,000 characters (issue 17: target < 2 ms).

    uv run python benchmarks/textguard.py [--runs 300] [--best-of 5] [--src OTHER/src]

Texts of 2,000 characters are put together from the development sets' sentences (never
the held-out set's), fresh for every run, so caches see new combinations: ordinary work
text, medical text, text with disguised spellings (which takes the second, joined
reading), and the doctor's-advice profile. "cold" forgets the words remembered between
checks before every check (the misspellings; in a version that has them also the
anchors, dictionary words and repeated letters of each word, issue 17): a worst case;
"warm" keeps them, as a running server does. Each text is checked --best-of times
(default 5) and the fastest time kept, which filters out the interference of other
processes on a shared machine (a "cold" check starts without remembered words every
time). Prints the median, 90th
percentile and maximum over the texts in milliseconds. Lexicon loading (once per process)
is timed separately. Prints figures only; asserts nothing.

The engine is the compiled one when ``make setup`` built it (docs/medical-text-guard.md,
"Speed, 6 December night"); ``POORTWACHTER_TEXTGUARD_ENGINE=python`` times the plain one.
"""

import argparse
import csv
import inspect
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --src DIR: time another checkout's guard (for example the version before issue 17,
# `git worktree add /tmp/before e9a29b1`, then --src /tmp/before/src) on the same texts.
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SRC)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.test")

from poortwachter.textguard import _guard, _normalize, check_text  # noqa: E402
from poortwachter.textguard._lexicon import load  # noqa: E402

try:
    from poortwachter.textguard._fuzzy import misspelled

    clear_misspelled = misspelled.cache_clear
except ImportError:  # a version without the misspelling pass

    def clear_misspelled() -> None:
        pass


def clear_cache() -> None:
    """Forget every word remembered between checks: the misspellings and, in a version
    that has them, the anchors, dictionary words and repeated letters of each stretch
    without spaces (issue 17, speed)."""
    clear_misspelled()
    for remembered in (
        getattr(load(), "_word_anchors", None),
        getattr(_guard, "_KNOWN", None),
        getattr(_normalize, "_REPEATS", None),
    ):
        if remembered is not None:
            remembered.clear()


PROFILES = "profile" in inspect.signature(check_text).parameters

SIZE = 2000
DEV_FILES = [
    ROOT / "tests" / "privacy" / "medical_text_cases.tsv",
    ROOT / "tests" / "textguard_sets" / "dev_issue17.tsv",
]
DISGUISES = ["h e r n i a", "k@nker", "d3pr3ssi3", "h\u0435rnia", "burn\u2063out", "hern_ia"]


def sentences() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"ok": [], "medical": []}
    for path in DEV_FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["text"].strip():
                    found[row["label"]].append(row["text"])
    return found


def text_of(pool: list[str], rng: random.Random, extra: list[str] | None = None) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < SIZE:
        parts.append(rng.choice(pool))
        if extra and rng.random() < 0.15:
            parts.append(f"Heeft {rng.choice(extra)}.")
    return " ".join(parts)[:SIZE]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--best-of", type=int, default=5)
    parser.add_argument("--src", help="the src folder of the checkout to time")
    args = parser.parse_args()
    start = time.perf_counter()
    load()
    check_text("warm-up")
    engine = getattr(sys.modules["poortwachter.textguard"], "ENGINE", "python")
    print(f"guard from {_SRC}, engine: {engine}")
    print(f"lexicon load and compile: {(time.perf_counter() - start) * 1000:.0f} ms (once)")
    pools = sentences()
    rng = random.Random(17)
    cases = [
        ("ordinary work text", pools["ok"], None, "employer"),
        ("medical text", pools["medical"], None, "employer"),
        ("ordinary + disguised", pools["ok"], DISGUISES, "employer"),
        ("ordinary, advice", pools["ok"], None, "advice"),
    ]
    if not PROFILES:
        cases = [case for case in cases if case[3] == "employer"]
    print(f"{'text (2,000 chars)':24} {'cache':5} {'median':>7} {'p90':>7} {'max':>7}  (ms)")
    for name, pool, extra, profile in cases:
        for cache in ("cold", "warm"):
            times = []
            for _ in range(args.runs):
                text = text_of(pool, rng, extra)
                best = float("inf")
                for _ in range(args.best_of):
                    if cache == "cold":
                        clear_cache()
                    t0 = time.perf_counter()
                    if PROFILES:
                        check_text(text, profile=profile)
                    else:
                        check_text(text)
                    best = min(best, time.perf_counter() - t0)
                times.append(best * 1000)
            times.sort()
            p90 = times[int(len(times) * 0.9)]
            print(
                f"{name:24} {cache:5} {statistics.median(times):7.2f} {p90:7.2f} {times[-1]:7.2f}"
            )


if __name__ == "__main__":
    main()
