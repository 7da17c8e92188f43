"""The guard's compiled engine (issue 17, speed; R-SICK-3, R-SICK-4).

``make setup`` compiles the engine's modules with mypyc (``scripts/textguard_compile.py``);
a process uses that build only while it was made from the sources as they are
(``textguard/_compiled.py``). The suite itself runs the plain Python engine (the test
settings choose it: other tests replace functions inside the engine), so these tests
start processes that run the compiled one and compare every result with the plain one.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from poortwachter.textguard import _compiled

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "textguard_sets"
sys.path.insert(0, str(SETS))

from snapshot import record  # noqa: E402


def _run_compiled(code: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != _compiled.ENGINE_VARIABLE}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(SETS)])
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_setup_built_the_engine_and_a_process_runs_it():
    out = _run_compiled(
        "import poortwachter.textguard as t, poortwachter.textguard._guard as g\n"
        "print(t.ENGINE); print(g.__file__)"
    )
    engine, guard_file = out.split()
    assert engine == "compiled", "no fresh compiled engine: run `make setup` (needs a C compiler)"
    assert Path(guard_file).is_relative_to(_compiled.BUILD)


def test_the_compiled_engine_gives_every_result_the_python_engine_gives(tmp_path):
    """Every sentence of the labelled sets (the sealed ones left out) and long texts with
    disguised spellings: both profiles, the address check and the lexicon alone, each
    match's term, offsets and category (``snapshot.py``)."""
    compiled = tmp_path / "compiled.jsonl"
    _run_compiled(
        "import sys, poortwachter.textguard as t\n"
        "assert t.ENGINE == 'compiled', t.ENGINE\n"
        "from pathlib import Path\n"
        "from snapshot import record\n"
        f"record(Path({str(compiled)!r}))"
    )
    python = tmp_path / "python.jsonl"
    record(python)
    left = python.read_text(encoding="utf-8").splitlines()
    right = compiled.read_text(encoding="utf-8").splitlines()
    assert len(left) == len(right) > 8000
    differing = [json.loads(a)["text"] for a, b in zip(left, right, strict=True) if a != b]
    assert differing == []


def _stamp(build: Path, fingerprint: str) -> None:
    (build / "poortwachter" / "textguard").mkdir(parents=True)
    stamp = {"fingerprint": fingerprint, "shared": None}
    (build / _compiled.STAMP).write_text(json.dumps(stamp), encoding="utf-8")


def test_a_build_of_other_sources_is_not_used(tmp_path, monkeypatch):
    """An engine edited after ``make setup`` runs as Python, never as the stale build."""
    monkeypatch.delenv(_compiled.ENGINE_VARIABLE, raising=False)
    monkeypatch.setattr(_compiled, "BUILD", tmp_path)
    _stamp(tmp_path, "0" * 64)
    path = ["src"]
    assert _compiled.activate(path) == "python"
    assert path == ["src"]


def test_a_fresh_build_comes_first_unless_python_is_asked_for(tmp_path, monkeypatch):
    monkeypatch.delenv(_compiled.ENGINE_VARIABLE, raising=False)
    monkeypatch.setattr(_compiled, "BUILD", tmp_path)
    _stamp(tmp_path, _compiled.fingerprint())
    path = ["src"]
    assert _compiled.activate(path) == "compiled"
    assert path == [str(tmp_path / "poortwachter" / "textguard"), "src"]
    monkeypatch.setenv(_compiled.ENGINE_VARIABLE, "python")
    path = ["src"]
    assert _compiled.activate(path) == "python"
    assert path == ["src"]


def test_no_build_means_python(tmp_path, monkeypatch):
    monkeypatch.delenv(_compiled.ENGINE_VARIABLE, raising=False)
    monkeypatch.setattr(_compiled, "BUILD", tmp_path / "none")
    path = ["src"]
    assert _compiled.activate(path) == "python"
    assert path == ["src"]
