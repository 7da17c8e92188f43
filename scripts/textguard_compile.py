"""Compile the medical-text guard's engine with mypyc (issue 17, speed), for ``make setup``.

    uv run python scripts/textguard_compile.py [--force]

Compiles ``poortwachter.textguard._compiled.MODULES`` into ``build/textguard-compiled/``
and writes a stamp with the fingerprint of their sources; the package uses the build
only while the fingerprint matches (``_compiled.activate``). Does nothing when the build
is fresh. mypyc comes with mypy (a development dependency) and needs a C compiler and
the Python headers; when it cannot build, this says so and exits 0: the guard then runs
as plain Python, with the same results, only slower.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from poortwachter.textguard import _compiled  # noqa: E402

SOURCE = ROOT / "src" / "poortwachter" / "textguard"


def fresh() -> bool:
    try:
        stamp = json.loads((_compiled.BUILD / _compiled.STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("fingerprint") == _compiled.fingerprint()


def build() -> None:
    suffix = EXTENSION_SUFFIXES[0]
    with tempfile.TemporaryDirectory(prefix="textguard-compile-") as scratch:
        stage = Path(scratch)
        package = stage / "poortwachter" / "textguard"
        package.mkdir(parents=True)
        # The package's own __init__ imports Django-facing modules: mypy reads empty
        # ones, and every engine module beside the compiled ones (they import each other).
        (stage / "poortwachter" / "__init__.py").write_text("")
        (package / "__init__.py").write_text("")
        for path in SOURCE.glob("_*.py"):
            if path.name != "__init__.py":
                shutil.copy2(path, package / path.name)
        targets = [f"poortwachter/textguard/{name}.py" for name in _compiled.MODULES]
        subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "mypyc", *targets],
            cwd=stage,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        built = [package / f"{name}{suffix}" for name in _compiled.MODULES]
        missing = [path.name for path in built if not path.exists()]
        if missing:
            raise RuntimeError(f"mypyc made no {', '.join(missing)}")
        shared = sorted(stage.glob(f"*__mypyc{suffix}"))
        new = _compiled.BUILD.with_name(_compiled.BUILD.name + ".new")
        shutil.rmtree(new, ignore_errors=True)
        (new / "poortwachter" / "textguard").mkdir(parents=True)
        for path in built:
            shutil.copy2(path, new / "poortwachter" / "textguard" / path.name)
        stamp: dict = {"fingerprint": _compiled.fingerprint(), "shared": None}
        if shared:
            shutil.copy2(shared[0], new / shared[0].name)
            stamp["shared"] = {
                "module": shared[0].name[: -len(suffix)],
                "file": shared[0].name,
            }
        (new / _compiled.STAMP).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    # The old build goes only once the new one is complete.
    shutil.rmtree(_compiled.BUILD, ignore_errors=True)
    new.rename(_compiled.BUILD)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build even when fresh")
    args = parser.parse_args()
    if not args.force and fresh():
        print("textguard: compiled engine is up to date")
        return 0
    print("textguard: compiling the engine with mypyc (about half a minute) ...")
    try:
        build()
    except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
        print(
            f"textguard: could not compile the engine ({error}); "
            "the guard runs as plain Python (same results, slower)",
            file=sys.stderr,
        )
        return 0
    print(f"textguard: compiled engine in {_compiled.BUILD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
