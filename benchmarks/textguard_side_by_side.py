"""Two versions of the medical-text guard on the same texts, in turn, in one process.

    uv run python benchmarks/textguard_side_by_side.py --base /work/main/src [--runs 80]

Issue 17 (target < 2 ms for 2,000 characters). On a shared, loaded machine two runs of
``benchmarks/textguard.py`` one after the other see different loads; here both guards
(copies of the two ``textguard`` packages under other names) check each text in turn,
the order alternating, best of 5 each, in CPU time (``time.process_time``), so the
ratio is comparable even when the absolute times are not. Texts as in
``benchmarks/textguard.py``, warm cache. Prints figures only; asserts nothing.
"""

import argparse
import importlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.test")

import textguard as bench  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the src folder to compare with")
    parser.add_argument("--branch", default=str(ROOT / "src"), help="default: this checkout")
    parser.add_argument("--runs", type=int, default=80)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="textguard-side-by-side-")
    sys.path.insert(0, folder)
    try:
        compare(args, folder)
    finally:
        shutil.rmtree(folder)


def compare(args: argparse.Namespace, folder: str) -> None:
    guards = {}
    for name, src in (("base", args.base), ("branch", args.branch)):
        shutil.copytree(Path(src) / "poortwachter" / "textguard", Path(folder) / f"tg_{name}")
        start = time.process_time()
        guard = importlib.import_module(f"tg_{name}._guard")
        importlib.import_module(f"tg_{name}._lexicon").load()
        guard.check("warm-up: ziekenhuisopname, rugklachten")  # word lists too
        load = (time.process_time() - start) * 1000
        print(f"{name}: {src}, lexicon load and compile {load:.0f} ms CPU")
        guards[name] = guard.check
    pools = bench.sentences()
    rng = random.Random(17)
    cases = [
        ("ordinary work text", pools["ok"], None, "employer"),
        ("medical text", pools["medical"], None, "employer"),
        ("ordinary + disguised", pools["ok"], bench.DISGUISES, "employer"),
        ("ordinary, advice", pools["ok"], None, "advice"),
    ]
    print(
        f"{'text (2,000 chars), warm':26} {'base':>7} {'branch':>7} {'ratio':>6}  (median ms CPU)"
    )
    for label, pool, extra, profile in cases:
        times: dict[str, list[float]] = {"base": [], "branch": []}
        for run in range(args.runs):
            text = bench.text_of(pool, rng, extra)
            for name in ("base", "branch") if run % 2 == 0 else ("branch", "base"):
                best = float("inf")
                for _ in range(5):
                    start = time.process_time()
                    guards[name](text, profile=profile)
                    best = min(best, time.process_time() - start)
                times[name].append(best * 1000)
        base, branch = statistics.median(times["base"]), statistics.median(times["branch"])
        print(f"{label:26} {base:7.2f} {branch:7.2f} {branch / base:6.2f}")


if __name__ == "__main__":
    main()
