"""Reading the medical-text guard's labelled sets in tests (issue 17): one place for the
rows and for precision and recall, used by the tuning rounds' tests."""

import csv
from pathlib import Path

from poortwachter.textguard import check_text

SETS = Path(__file__).parents[1] / "textguard_sets"


def rows(name: str) -> list[dict[str, str]]:
    with (SETS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def figures(cases: list[dict[str, str]], profile: str | None = None) -> tuple[float, float]:
    """Precision and recall of the guard on ``cases``; ``profile`` None: the advice profile
    for rows of the category "advice", the employer profile for the rest. Only totals: the
    sentences it gets wrong are not shown (see tests/textguard_sets/measure.py)."""
    tp = fp = fn = 0
    for case in cases:
        chosen = profile or ("advice" if case.get("category") == "advice" else "employer")
        found = check_text(case["text"], profile=chosen).medical
        expected = case["label"] == "medical"
        tp += found and expected
        fp += found and not expected
        fn += expected and not found
    return tp / (tp + fp), tp / (tp + fn)
