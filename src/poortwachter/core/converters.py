"""URL converters. ``<id:...>`` is ``<int:...>`` bounded to what a database key can hold:
a longer number is simply not found (404), instead of overflowing the database driver
(found by API fuzzing: an unbounded int made SQLite raise OverflowError, a 500)."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
