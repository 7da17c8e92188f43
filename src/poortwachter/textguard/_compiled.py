"""The guard's engine compiled with mypyc, when a build of these very sources exists.

Issue 17 asks for under 2 ms per 2,000 characters. The engine's four modules
(``MODULES``) are plain, typed Python; ``make setup`` also compiles them with mypyc
(``scripts/textguard_compile.py``, part of mypy) into ``build/textguard-compiled/``,
which is about a fifth faster. The build is used only when its stamp names the
fingerprint of the sources as they are now: an engine edited after the build runs as
plain Python until the next ``make setup``, never stale. Without a build (no C compiler,
an installed package) the guard runs as plain Python with the same results;
``tests/privacy/test_textguard_compiled.py`` compares the two on every labelled sentence.

``POORTWACHTER_TEXTGUARD_ENGINE=python`` chooses the plain engine (the test settings do:
tests replace functions inside these modules, which compiled code calls directly).
"""

import hashlib
import importlib.util
import json
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

MODULES: tuple[str, ...] = ("_guard", "_lexicon", "_normalize", "_sense")
PACKAGE = "poortwachter.textguard"
ENGINE_VARIABLE = "POORTWACHTER_TEXTGUARD_ENGINE"
HERE = Path(__file__).resolve().parent
# src/poortwachter/textguard -> the checkout's build/ folder.
BUILD = HERE.parents[2] / "build" / "textguard-compiled"
STAMP = "stamp.json"


def fingerprint() -> str:
    """The sources of the compiled modules and the interpreter that can load the build."""
    digest = hashlib.sha256(f"{sys.implementation.cache_tag} {EXTENSION_SUFFIXES[0]}".encode())
    for name in MODULES:
        digest.update(name.encode())
        digest.update((HERE / f"{name}.py").read_bytes())
    return digest.hexdigest()


def activate(package_path: list[str]) -> str:
    """Put a fresh build in front of the package's own modules; "compiled" when it did,
    "python" otherwise. Called by the package before it imports any of ``MODULES``."""
    if os.environ.get(ENGINE_VARIABLE, "compiled") == "python":
        return "python"
    try:
        stamp = json.loads((BUILD / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "python"
    if stamp.get("fingerprint") != fingerprint():
        return "python"
    shared = stamp.get("shared")
    if shared:
        # mypyc's runtime for the four modules, a top-level module they import by name.
        spec = importlib.util.spec_from_file_location(shared["module"], BUILD / shared["file"])
        if spec is None or spec.loader is None:
            return "python"
        module = importlib.util.module_from_spec(spec)
        sys.modules[shared["module"]] = module
        try:
            spec.loader.exec_module(module)
        except ImportError:  # a build for another system: the plain engine
            del sys.modules[shared["module"]]
            return "python"
    package_path.insert(0, str(BUILD / "poortwachter" / "textguard"))
    return "compiled"
