"""Leave-one-batch-out measurement of the word-sense model (issue 17, tenth round).

    .venv/bin/python tests/textguard_sets/model_lobo.py --record N OLD/src   # once per batch
    .venv/bin/python tests/textguard_sets/model_lobo.py [--grid]

For each blind batch N (4, 6, 7, 8, 9, 10, 11, 12) the rules' verdicts are those of the guard
*before it was tuned on N* (the commit that added ``heldout_blindN.tsv``, checked out
elsewhere; ``--record`` writes them to ``lobo_rules/blindN.jsonl``), so they are verdicts
on fresh text. The model is trained on every training row of
``scripts/textguard_model.py`` except batch N and the development file written from N's
errors (``DERIVED``), and combined with those verdicts on N. Printed per batch and
pooled: rules alone against rules + model. The thresholds and settings are the fixed
ones of the training script; ``--grid`` also prints other thresholds (for reading only,
not for choosing).
"""

import csv
import importlib
import inspect
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

import textguard_model as tm  # noqa: E402

from poortwachter.textguard._guard import is_name  # noqa: E402
from poortwachter.textguard._model import Model, decide  # noqa: E402

HERE = Path(__file__).resolve().parent
RECORDS = HERE / "lobo_rules"
BATCHES = [4, 6, 7, 8, 9, 10, 11, 12]
# The development file of the round tuned on batch N (its variants and counter-examples).
DERIVED = {
    4: ["dev_round3.tsv"],
    6: ["dev_round5.tsv"],
    8: ["dev_round7.tsv"],
    9: ["dev_round8.tsv"],
    10: ["dev_round9.tsv"],
}


def record(batch: int, src: str) -> None:
    sys.path.insert(0, src)
    for name in [m for m in sys.modules if m.startswith("poortwachter")]:
        del sys.modules[name]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.test")
    guard = importlib.import_module("poortwachter.textguard")
    takes = "profile" in inspect.signature(guard.check_text).parameters
    RECORDS.mkdir(exist_ok=True)
    path = HERE / f"heldout_blind{batch}.tsv"
    with (
        (RECORDS / f"blind{batch}.jsonl").open("w", encoding="utf-8") as out,
        path.open(encoding="utf-8", newline="") as handle,
    ):
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            text = row["text"]
            r = guard.check_text(text, profile="employer") if takes else guard.check_text(text)
            matches = [[m.start, m.end, m.category] for m in r.matches]
            out.write(json.dumps({"medical": r.medical, "matches": matches}) + "\n")


def rows_of(batch: int) -> list[dict]:
    with (HERE / f"heldout_blind{batch}.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    verdicts = [json.loads(line) for line in (RECORDS / f"blind{batch}.jsonl").open()]
    assert len(rows) == len(verdicts)
    for row, verdict in zip(rows, verdicts, strict=True):
        row.update(verdict)
    return rows


def combined(model: Model, row: dict) -> tuple[bool, str]:
    """(verdict, what the model did: '', 'back' or 'add')."""
    matches = [tuple(m) for m in row["matches"]] if row["medical"] else []
    how, _ = decide(model, row["text"], matches, is_name)
    return (row["medical"] if not how else how == "add"), how


def scores(rows, verdicts) -> dict:
    tp = fp = fn = amb = amb_n = 0
    for row, medical in zip(rows, verdicts, strict=True):
        label = row["label"] == "medical"
        tp += medical and label
        fp += medical and not label
        fn += label and not medical
        if not label and row["category"] == "ambiguous":
            amb_n += 1
            amb += medical
    return {"tp": tp, "fp": fp, "fn": fn, "amb": amb, "amb_n": amb_n}


def line(name: str, s: dict) -> str:
    p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
    r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
    return (
        f"{name:<18} P {p:.3f} R {r:.3f}  FP {s['fp']:>3} FN {s['fn']:>3}"
        f"  ambiguous refused {s['amb']:>3}/{s['amb_n']}"
    )


def main(grid: bool, settings: dict) -> None:
    pooled = {"rules": {}, "model": {}}
    grids: dict = {}
    for batch in BATCHES:
        rows = rows_of(batch)
        skip = {f"heldout_blind{batch}.tsv", *DERIVED.get(batch, [])}
        train = [r for r in tm.training_rows() if r[0] not in skip]
        data = tm.train(train, settings)
        data.update(
            low=tm.LOW,
            high=tm.HIGH,
            ambiguous=tm.ambiguous_words(train),
            min_words=settings["min_words"],
        )
        model = Model(data)
        outcome = [combined(model, row) for row in rows]
        rules = scores(rows, [row["medical"] for row in rows])
        both = scores(rows, [v for v, _ in outcome])
        print(f"batch {batch} ({len(rows)} rows, trained on {len(train)}):")
        print("  " + line("rules", rules))
        print("  " + line("rules + model", both))
        for row, (verdict, how) in zip(rows, outcome, strict=True):
            if how:
                right = verdict == (row["label"] == "medical")
                print(
                    f"    {how:<4} {'right' if right else 'WRONG'} {row['category']}: {row['text']}"
                )
        for key, s in (("rules", rules), ("model", both)):
            for k, v in s.items():
                pooled[key][k] = pooled[key].get(k, 0) + v
        if grid:
            for low in (0.02, 0.05, 0.1, 0.2, 0.3):
                for high in (0.8, 0.9, 0.95, 0.98, 1.01):
                    model.low, model.high = low, high
                    s = scores(rows, [v for v, _ in (combined(model, row) for row in rows)])
                    g = grids.setdefault((low, high), {})
                    for k, v in s.items():
                        g[k] = g.get(k, 0) + v
    print("pooled:")
    print("  " + line("rules", pooled["rules"]))
    print("  " + line("rules + model", pooled["model"]))
    if grid:
        print("grid (pooled; for reading, not for choosing):")
        for (low, high), s in sorted(grids.items()):
            print("  " + line(f"low {low} high {high}", s))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--record"]:
        record(int(sys.argv[2]), sys.argv[3])
    else:
        settings = dict(tm.SETTINGS)
        for arg in sys.argv[1:]:
            if "=" in arg:  # --set-like overrides for trying other settings: l2=0.001
                key, value = arg.split("=")
                settings[key] = type(settings[key])(value)
        main("--grid" in sys.argv, settings)
