"""`check-text`: the medical-text guard on standard input, one JSON object per line.

No database: pytest-django refuses database access here, so these tests also show the
command never touches it."""

import json
from io import StringIO

from django.core.management import call_command


def run(text: str) -> tuple[str, list[dict]]:
    out = StringIO()
    call_command("check-text", stdin=StringIO(text), stdout=out)
    raw = out.getvalue()
    return raw, [json.loads(line) for line in raw.splitlines()]


def test_it_writes_one_json_object_per_input_line():
    _, results = run(
        "Hij heeft rugklachten en gaat naar de fysiotherapeut.\n"
        "\n"
        "Overleg met de bedrijfsarts op dinsdag.\n"
    )
    assert results == [
        {
            "medical": True,
            "matches": [
                {"term": "rugklachten", "start": 10, "end": 21, "category": "symptom"},
                {"term": "fysiotherapeut", "start": 38, "end": 52, "category": "care_provider"},
            ],
        },
        {"medical": False, "matches": []},
        {"medical": False, "matches": []},
    ]


def test_it_keeps_non_ascii_as_is_and_offsets_are_per_line():
    raw, results = run("Eerste regel.\r\nZiekte van Ménière, zegt de huisarts.\r\n")
    assert "Ménière" in raw  # ensure_ascii=False
    line = "Ziekte van Ménière, zegt de huisarts."
    assert [(m["term"], line[m["start"] : m["end"]]) for m in results[1]["matches"]] == [
        ("Ziekte van Ménière", "Ziekte van Ménière"),
        ("huisarts", "huisarts"),
    ]
    assert results[0] == {"medical": False, "matches": []}


def test_a_last_line_without_newline_and_empty_input():
    _, results = run("griep")
    assert results == [
        {
            "medical": True,
            "matches": [{"term": "griep", "start": 0, "end": 5, "category": "illness"}],
        }
    ]
    assert run("") == ("", [])
