"""The medical-text guard: refuses employer-side free text that reveals health data.

Employers may not record the nature or cause of an illness, treatments, care providers,
pregnancy, mental health, which safety-net provision applies or an incapacity percentage
(R-SICK-2, R-SICK-3, R-SICK-4, R-INC-1). Every free-text field the employer side can
write passes :func:`validate_no_medical_text` before it is saved; :func:`check_text`
gives the matches with offsets into the original text, so the page can highlight them.

Pure Python and deterministic: a curated Dutch lexicon in ``lexicon/`` (loaded once),
context rules for the work sense of medical-looking words, normalisation against
disguised spellings, two profiles (employer, advice), no network; behind the rules a
small word-sense model (``_model.py``, employer profile only, issue 17 tenth round).
The engine runs compiled with mypyc when ``make setup`` could build it (``_compiled.py``).
See ``docs/medical-text-guard.md``.
"""

from . import _compiled

# "compiled" when a fresh mypyc build of the engine is used, "python" otherwise
# (_compiled.py; a copy of this package under another name, as the side-by-side
# benchmark makes, always runs as Python).
ENGINE = _compiled.activate(__path__) if __name__ == _compiled.PACKAGE else "python"

from ._guard import PROFILES, GuardResult, Match  # noqa: E402 (after the engine is chosen)
from ._guard import check as _check  # noqa: E402
from ._lexicon import CATEGORIES  # noqa: E402
from .validators import (  # noqa: E402
    CATEGORY_LABELS,
    MedicalTextError,
    refusal_message,
    validate_no_medical_text,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "ENGINE",
    "PROFILES",
    "GuardResult",
    "Match",
    "MedicalTextError",
    "check_text",
    "refusal_message",
    "validate_no_medical_text",
]


def check_text(text: str, profile: str = "employer") -> GuardResult:
    """Whether ``text`` reveals health data, and which terms (offsets into ``text``).

    ``profile``: "employer" (every employer-side field) or "advice" (the company doctor's
    advice, R-DOC-1: body functions and postures allowed in functional limitations)."""
    return _check(text, profile=profile)
