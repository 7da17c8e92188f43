"""The text an fpdf2 PDF shows, without a PDF reader among the dependencies.

fpdf2 embeds TrueType subsets: text is drawn as two-byte glyph ids, and each font carries
a ToUnicode map from glyph id back to character. This reads exactly that shape (objects,
Flate streams, ``Tf`` font switches, literal strings); it is not a general PDF parser.
"""

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.DOTALL)
_STREAM = re.compile(rb"stream\r?\n(.*)\r?\nendstream", re.DOTALL)
_TOKEN = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\()])*)\)|\bET\b", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_text(pdf: bytes) -> str:
    """One line per text block, in the order drawn, page by page."""
    objects = dict(_objects(pdf))
    fonts = {
        name: _to_unicode(objects, int(number))
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", pdf)
    }
    lines: list[str] = []
    for number in re.findall(rb"/Contents (\d+) 0 R", pdf):
        font: dict[int, str] = {}
        line = ""
        for match in _TOKEN.finditer(objects[int(number)][1]):
            if match.group(1):
                font = fonts[match.group(1)]
            elif match.group(2) is not None:
                raw = _unescape(match.group(2))
                line += "".join(
                    font.get(int.from_bytes(raw[i : i + 2], "big"), "\ufffd")
                    for i in range(0, len(raw), 2)
                )
            elif line:
                lines.append(line)
                line = ""
    return "\n".join(lines)


def _objects(pdf: bytes):
    for number, body in _OBJECT.findall(pdf):
        stream = _STREAM.search(body)
        data = stream.group(1) if stream else b""
        if stream and b"/FlateDecode" in body[: stream.start()]:
            data = zlib.decompress(data)
        yield int(number), (body, data)


def _to_unicode(objects, font_number: int) -> dict[int, str]:
    head = objects[font_number][0]
    cmap = objects[int(re.search(rb"/ToUnicode (\d+) 0 R", head).group(1))][1]
    pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
    return {int(glyph, 16): chr(int(code, 16)) for glyph, code in pairs}


def _unescape(raw: bytes) -> bytes:
    def one(match: re.Match) -> bytes:
        escaped = match.group(1)
        if escaped[:1] in b"01234567":
            return bytes([int(escaped, 8) & 0xFF])
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, raw, flags=re.DOTALL)
