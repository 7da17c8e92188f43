"""Dutch numbers and month names, and CSV that Dutch Excel opens (issue 15): UTF-8 with a
byte order mark, ``;`` between fields and a decimal comma; ``?formaat=machine`` gives
plain CSV (``,`` and a decimal point) for automation. The same for the access log."""

import csv
import datetime as dt
import io

from django.utils import translation

from poortwachter.statistics.periods import Period
from tests.statistics.conftest import END, START

QUERY = {"van": START.isoformat(), "tot": END.isoformat()}
BOM = "\ufeff"


def test_months_and_quarters_have_dutch_names_and_keep_their_keys():
    period = Period.of(dt.date(2025, 11, 15), dt.date(2026, 2, 3))
    months, quarters = period.months(), period.quarters()
    assert [m.label for m in months] == [
        "november 2025", "december 2025", "januari 2026", "februari 2026",
    ]  # fmt: skip
    assert [q.label for q in quarters] == ["4e kwartaal 2025", "1e kwartaal 2026"]
    assert [m.key for m in months][1] == "2025-12"
    assert quarters[1].key == "2026-K1"
    with translation.override("en"):
        assert months[1].label == "December 2025"
        assert quarters[1].label == "Q1 2026"


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_statistics_csv_opens_in_dutch_excel(stats, client_for):
    response = client_for("hr").get("/statistieken/export.csv", QUERY)
    assert response.status_code == 200
    raw = response.content
    assert raw.startswith(BOM.encode("utf-8"))
    rows = _rows(raw.decode("utf-8").removeprefix(BOM), ";")
    by_label = {row[0]: row for row in rows if len(row) == 2}
    percentage = by_label["Verzuimpercentage"][1]
    assert "," in percentage, percentage
    assert "." not in percentage, percentage
    month_labels = [row[0] for row in rows if row and row[0].endswith(" 2024")]
    assert "januari 2024" in month_labels
    assert "1e kwartaal 2024" in month_labels
    assert not any(row[0] == "2024-01" for row in rows if row)


def test_statistics_csv_for_machines_is_plain(stats, client_for):
    response = client_for("hr").get("/statistieken/export.csv", {**QUERY, "formaat": "machine"})
    text = response.content.decode("utf-8")
    assert not text.startswith(BOM)
    by_label = {row[0]: row for row in _rows(text, ",") if len(row) == 2}
    percentage = by_label["Verzuimpercentage"][1]
    assert "." in percentage, percentage
    assert "," not in percentage, percentage


def test_access_log_csv_opens_in_dutch_excel_and_plain_for_machines(world, client_for):
    client = client_for("privacy_officer")
    excel = b"".join(client.get("/privacy/toegangslog/export.csv").streaming_content)
    assert excel.startswith(BOM.encode("utf-8"))
    header = _rows(excel.decode("utf-8").removeprefix(BOM), ";")[0]
    assert header[:3] == ["seq", "occurred_at", "action"]
    machine = client.get("/privacy/toegangslog/export.csv", {"formaat": "machine"})
    text = b"".join(machine.streaming_content).decode("utf-8")
    assert not text.startswith(BOM)
    assert _rows(text, ",")[0][:3] == ["seq", "occurred_at", "action"]
