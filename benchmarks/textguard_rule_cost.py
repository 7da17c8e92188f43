"""Time each lexicon rule of the medical-text guard over the benchmark's texts (issue 17).

    .venv/bin/python benchmarks/textguard_rule_cost.py [--src OTHER/src] [--texts 40] [--top 30]

The texts are those of ``benchmarks/textguard.py`` (ordinary, medical, ordinary with
disguised spellings; employer and advice profile). Each selected rule is run on its own
(``_guard._spans`` with that rule alone, so windows are not shared between rules) and its
CPU time summed per lexicon line; the list is the lines that cost most, with how often
they were selected and what they matched. Prints figures only; asserts nothing.
"""

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.test")

# --src OTHER/src: another checkout's rules (for example main's) on the same texts; read
# by benchmarks/textguard.py when it is imported, which puts that folder first.
import textguard as bench  # noqa: E402

from poortwachter.textguard import _guard  # noqa: E402

COST: dict[str, float] = defaultdict(float)
RUNS: dict[str, int] = defaultdict(int)
FOUND: dict[str, int] = defaultdict(int)
ORIGINAL = _guard._spans


def timed_spans(selected, cased, words, *rest):
    # rest: what newer versions pass on (the reading's longest run of spaces, 5 December).
    found = []
    clock = time.perf_counter
    for item in selected:
        start = clock()
        spans = ORIGINAL([item], cased, words, *rest)
        COST[item[0].source] += clock() - start
        RUNS[item[0].source] += 1
        FOUND[item[0].source] += len(spans)
        found += spans
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", help="another checkout's src folder")
    parser.add_argument("--texts", type=int, default=40)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    pools = bench.sentences()
    rng = random.Random(17)
    texts = []
    for pool, extra, profile in (
        (pools["ok"], None, "employer"),
        (pools["medical"], None, "employer"),
        (pools["ok"], bench.DISGUISES, "employer"),
        (pools["ok"], None, "advice"),
    ):
        texts += [(bench.text_of(pool, rng, extra), profile) for _ in range(args.texts)]
    for text, profile in texts[:5]:
        _guard.check(text, profile=profile)  # warm: lexicon, word lists, remembered words
    _guard._spans = timed_spans
    total_start = time.perf_counter()
    for _ in range(3):
        for text, profile in texts:
            _guard.check(text, profile=profile)
    total = time.perf_counter() - total_start
    _guard._spans = ORIGINAL
    spent = sum(COST.values())
    per_text = 1000 / (3 * len(texts))
    print(
        f"{len(texts)} texts x 3: {total * per_text:.2f} ms a check, of which rules "
        f"{spent * per_text:.2f} ms ({len(COST)} lines selected)"
    )
    print(f"{'ms/check':>8} {'share':>6} {'runs':>6} {'found':>6}  line")
    for source, cost in sorted(COST.items(), key=lambda item: -item[1])[: args.top]:
        print(
            f"{cost * per_text:8.3f} {cost / spent:6.1%} {RUNS[source] / 3:6.0f} "
            f"{FOUND[source] / 3:6.0f}  {source}"
        )


if __name__ == "__main__":
    main()
