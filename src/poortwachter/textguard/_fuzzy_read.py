"""Reading ``category word`` files of the lexicon (fuzzy.txt and the generated lists),
and finding the words of a text that such a list (or a look-up over it) names."""

import re
from collections.abc import Callable


def read_targets(text: str) -> dict[str, str]:
    """``category word`` lines (``#`` comments) as word: category."""
    targets: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            category, word = line.split()
            targets[word] = category
    return targets


def word_finds(
    token: re.Pattern[str], category_of: Callable[[str], str | None], folded: str
) -> list[tuple[int, int, str]]:
    """(start, end, category) of every word ``token`` finds in the folded text for which
    ``category_of`` gives a category (the dictionary's compounds, misspellings, words
    written by their sound)."""
    found = []
    for match in token.finditer(folded):
        category = category_of(match.group())
        if category is not None:
            found.append((match.start(), match.end(), category))
    return found
