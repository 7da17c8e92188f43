"""The product's own CSS (issue 15): the pages load only what they use, and every class
a template uses is styled (or is a declared hook for tests and scripts)."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import get_template

SRC = Path(__file__).resolve().parents[2] / "src" / "poortwachter"
SHEETS = ("poortwachter/base.css", "poortwachter/theme.css")
#: Classes that only name an element for tests, scripts or readers: no style needed.
HOOKS = {
    "actions", "chart-pair", "entry", "exports", "file-timeline", "language-switch",
    "overdue", "sick-report", "suppressed",
}  # fmt: skip
#: Pieces of a class built in the template ("utrecht-alert--{{ level }}").
ALERT_LEVELS = {"info", "ok", "warning", "error"}


def _css() -> str:
    return "\n".join(Path(finders.find(sheet)).read_text() for sheet in SHEETS)


def _template_classes() -> set[str]:
    classes: set[str] = set()
    for template in SRC.rglob("templates/**/*.html"):
        for value in re.findall(r'class="([^"]*)"', template.read_text()):
            value = re.sub(r"{%.*?%}|{{.*?}}", " ", value)
            classes.update(c for c in value.split() if re.fullmatch(r"[a-z][a-z0-9_-]*", c))
    return classes


def test_every_class_a_template_uses_has_its_rules():
    css = _css()
    classes = _template_classes() - HOOKS - ALERT_LEVELS - {"utrecht-alert--"}
    assert {"utrecht-alert", "utrecht-button", "button-link", "form-field"} <= classes
    missing = sorted(c for c in classes if not re.search(rf"\.{re.escape(c)}(?![\w-])", css))
    assert missing == []
    for level in ALERT_LEVELS:
        assert f".utrecht-alert--{level}" in css


def test_pages_load_only_the_products_own_small_stylesheets():
    source = Path(get_template("base.html").origin.name).read_text()
    sheets = re.findall(r"<link rel=\"stylesheet\" href=\"{% static '([^']+)' %}\">", source)
    assert sheets == list(SHEETS)
    total = sum(Path(finders.find(sheet)).stat().st_size for sheet in sheets)
    assert total < 40_000, total  # was 475 KB of vendored component CSS


def test_element_styles_cannot_outrank_a_class():
    """Element rules sit in :where(), so a class such as .button-link always wins (the
    vendored ".utrecht-html a" once painted "Ziek melden" blue on blue)."""
    base = Path(finders.find("poortwachter/base.css")).read_text()
    base = re.sub(r"/\*.*?\*/", "", base, flags=re.S)
    for selector in re.findall(r"(?:^|[{}])\s*([^{}@]+?)\s*{", base):
        for part in re.split(r",(?![^(]*\))", selector):
            part = part.strip()
            assert part.startswith((":where(", ".utrecht-")), part
