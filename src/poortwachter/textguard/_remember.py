"""Words remembered between checks (issue 17, speed).

Running text repeats its words, so what the guard finds in a stretch of text without
spaces (its anchors, dictionary compounds, misspellings, repeated letters) is looked up
once and remembered in the process, as the misspelling pass already remembers its words.
Only stretches of lower-case letters and punctuation are kept (no digits, no "@": no
numbers, e-mail addresses or codes), at most 40 characters, at most ``LIMIT`` of them
per memo (then it starts again); nothing is written anywhere.
"""

import re
from typing import TypeVar

LIMIT = 20_000
_KEEPABLE = re.compile(r"[a-z.,;:!?'\"()-]{1,40}")

Value = TypeVar("Value")


def remember(memo: dict[str, Value], chunk: str, value: Value) -> None:
    """Keep ``value`` for ``chunk`` in ``memo`` when the chunk may be kept."""
    if _KEEPABLE.fullmatch(chunk) is None:
        return
    if len(memo) >= LIMIT:
        memo.clear()
    memo[chunk] = value
