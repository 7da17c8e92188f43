"""Reading ``category word`` files of the lexicon (fuzzy.txt and the generated lists)."""


def read_targets(text: str) -> dict[str, str]:
    """``category word`` lines (``#`` comments) as word: category."""
    targets: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            category, word = line.split()
            targets[word] = category
    return targets
