"""Precision and recall of the medical-text guard on a labelled set, per category.

    .venv/bin/python tests/textguard_sets/measure.py [--profile employer|advice] FILE...

For the held-out files (``heldout.tsv``, ``advice_heldout.tsv`` and the fifth blind
batch, ``heldout_blind5.tsv`` and ``advice_blind5.tsv``) only the figures are printed,
never the sentences the guard
gets wrong: looking at those errors and fixing them would turn the held-out set into a
development set (issue 17). ``--errors`` prints the wrong sentences of the other files
(the development set, the issue's examples).

Per category: for a medical category the share found (recall), for an ordinary category
the share wrongly refused (false-positive rate); overall precision and recall.
"""

import argparse
import csv
import inspect
import os
import sys
from collections import defaultdict
from pathlib import Path

# heldout_blind4.tsv was sealed until the third round of issue 17; since then it is
# development data, and the fifth blind batch (written by someone who saw neither the
# guard nor the other sets) replaces it. The ninth blind batch was sealed for the seventh
# round and measured twice (before and after it); since then it is development data, and
# the tenth batch, written by someone who saw neither the guard nor the other sets, was
# sealed for the eighth round and measured twice (``baseline_blind10.txt``,
# ``after_blind10.txt``): development data since then; the eleventh, written the same
# way, likewise for the ninth round (``baseline_blind11.txt``, ``after_blind11.txt``),
# and the twelfth for the tenth round, the word-sense model (``baseline_blind12.txt``,
# ``after_blind12.txt``). The thirteenth (texts in the forms they take in the product:
# conversation summaries, tasks, pasted mails, plans, labels, field values and veiled
# hints) was sealed for the review of the model's take-back and measured twice
# (``baseline_blind13.txt``, ``after_blind13.txt``): development data since then, not yet
# in the model's training rows. The fourteenth (messages typed on a phone, sick-report
# notes, conversation summaries, tasks, field values, mails and veiled hints, 628 texts by
# a writer who saw neither the guard nor any set) was sealed for the model retrained with
# the thirteenth and measured twice (``baseline_blind14.txt``, ``after_blind14.txt``):
# development data since then, not in the training rows. The fifteenth (notes, agreed
# arrangements, evaluations, tasks, field values, messages and veiled hints as HR officers
# and team leaders write them, 600 texts by another such writer) was sealed for the model
# that reads names as names and measured twice (``baseline_blind15.txt``,
# ``after_blind15.txt``): development data since then, in no training rows. A sixteenth
# must be written before the next change.
SEALED = {
    "heldout.tsv",
    "advice_heldout.tsv",
    "heldout_blind5.tsv",
    "advice_blind5.tsv",
}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def measure(path: Path, profile: str | None, show_errors: bool) -> dict:
    from poortwachter.textguard import check_text
    from poortwachter.textguard.address import check_address

    takes_profile = "profile" in inspect.signature(check_text).parameters
    per = defaultdict(lambda: [0, 0])  # category -> [wrong, total]
    tp = fp = fn = tn = 0
    errors = []
    for row in rows(path):
        text = row["text"]
        field = row.get("field") or "text"
        row_profile = profile or ("advice" if field == "advice" else "employer")
        if field == "address":
            result = check_address(text)
        elif takes_profile:
            result = check_text(text, profile=row_profile)
        else:
            result = check_text(text)
        expected = row["label"] == "medical"
        category = row.get("category") or row.get("note") or field or "-"
        category = f"{row['label']}:{category or '-'}"
        per[category][1] += 1
        if result.medical == expected:
            tp += expected
            tn += not expected
            continue
        per[category][0] += 1
        fp += not expected
        fn += expected
        errors.append(
            f"  {'FP' if result.medical else 'FN'} {text!r} {[m.term for m in result.matches]}"
        )
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"{path.name} (profile {profile or 'per row'}): {tp + fp + fn + tn} sentences, "
        f"{tp + fn} medical; precision {precision:.3f}, recall {recall:.3f}"
    )
    for category in sorted(per):
        wrong, total = per[category]
        label, name = category.split(":", 1)
        what = "found" if label == "medical" else "wrongly refused"
        share = (total - wrong) / total if label == "medical" else wrong / total
        print(f"  {label:8} {name:18} {total:4}  {what} {share:.3f}")
    if show_errors:
        if path.name in SEALED:
            print("  (errors of a held-out set are not shown)")
        else:
            print("\n".join(errors))
    return {"precision": precision, "recall": recall}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--profile", choices=["employer", "advice"])
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parents[2] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.test")
    import django

    django.setup()
    for path in args.files:
        measure(path, args.profile, args.errors)


if __name__ == "__main__":
    main()
