"""What every web worker would otherwise build for itself, built once in gunicorn's
preloaded master (``gunicorn.when_ready``) and shared with the workers it forks (issue 21:
a web worker under 150 MiB).

The URL patterns (and with them every view, form and serializer module), the compiled
templates of the product and the medical-text guard's compiled lexicon are built here;
then ``gc.freeze()`` moves every object made so far out of the garbage collector's
reach, so that its collections in a worker do not write to (and so copy) the pages the
master shares. Measured on a forked child: 91 MiB of private memory without this, 2-3
MiB with it (docs/benchmarks.md, section 5)."""

import gc
from pathlib import Path

from django.template import engines
from django.urls import get_resolver

from poortwachter import textguard

PACKAGE = Path(__file__).resolve().parents[1]
SUFFIXES = (".html", ".txt")


def product_templates() -> list[str]:
    """The template names of the product's own directories, as the loaders find them."""
    names: list[str] = []
    for engine in engines.all():
        for directory in engine.template_dirs:
            base = Path(directory)
            if not base.is_dir() or PACKAGE not in base.resolve().parents:
                continue
            names += [
                path.relative_to(base).as_posix()
                for path in sorted(base.rglob("*"))
                if path.suffix in SUFFIXES and path.is_file()
            ]
    return names


def warm() -> dict[str, int]:
    """Build the shared structures, then freeze; returns what was built."""
    patterns = len(get_resolver().url_patterns)
    engine = engines["django"]
    templates = 0
    for name in product_templates():
        engine.get_template(name)
        templates += 1
    textguard.check_text("Warm-up van de tekstcontrole.")
    gc.collect()
    gc.freeze()
    return {"url_patterns": patterns, "templates": templates, "frozen": gc.get_freeze_count()}
