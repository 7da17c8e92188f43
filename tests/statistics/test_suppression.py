"""Small groups are hidden in every output (R-REP-1, R-SICK-5), including the second
cell that would let a hidden one be recovered by subtraction."""

import csv
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from poortwachter.statistics.periods import Period
from poortwachter.statistics.policies import StatisticsScope
from poortwachter.statistics.selectors import build_report
from poortwachter.statistics.suppression import hidden_cells, min_group
from tests.privacy.pdf_text import pdf_text
from tests.statistics.conftest import END, START

PERIOD = Period.of(START, END)
QUERY = {"van": START.isoformat(), "tot": END.isoformat()}


def test_cells_below_the_threshold_are_hidden():
    assert hidden_cells({"a": 6, "b": 7}, 5) == (set(), False)
    assert hidden_cells({"a": 4, "b": 1, "c": 9}, 5) == ({"a", "b"}, False)


def test_a_second_cell_is_hidden_when_the_hidden_ones_hold_fewer_than_the_threshold():
    """One hidden cell of 2 could be recovered as total − the others: the smallest shown
    cell goes too, until the hidden cells hold at least 5 people together."""
    assert hidden_cells({"a": 2, "b": 5, "c": 7}, 5) == ({"a", "b"}, False)
    assert hidden_cells({"a": 2, "b": 1, "c": 10}, 5) == ({"a", "b", "c"}, False)


def test_a_total_below_the_threshold_hides_everything():
    assert hidden_cells({"a": 2, "b": 1}, 5) == ({"a", "b"}, True)


def test_empty_cells_hide_nobody():
    assert hidden_cells({"a": 0, "b": 6}, 5) == (set(), False)


def test_the_threshold_can_be_raised_but_not_lowered():
    with override_settings(POORTWACHTER_STATS_MIN_GROUP=10):
        assert min_group() == 10
    for value in (4, 0, -1, "5", True):
        with (
            override_settings(POORTWACHTER_STATS_MIN_GROUP=value),
            pytest.raises(ImproperlyConfigured),
        ):
            min_group()


def test_the_app_refuses_to_start_below_the_floor():
    from django.apps import apps

    with override_settings(POORTWACHTER_STATS_MIN_GROUP=3), pytest.raises(ImproperlyConfigured):
        apps.get_app_config("statistics").ready()


def test_employer_breakdown_hides_kantoor_and_then_keuken(stats):
    """Kantoor has 2 employees: hidden. Alone it could be recovered from the total, so the
    smallest shown cell (Keuken, 5) is hidden too; Verpleging (7) stays."""
    report = build_report(StatisticsScope(stats.employer, None, None, "hr"), PERIOD)
    cells = {c.label: c for c in report.departments}
    assert cells["Kantoor"].suppressed
    assert cells["Kantoor"].absence_pct is None
    assert cells["Keuken"].suppressed
    assert cells["Keuken"].employees is None
    assert not cells["Verpleging"].suppressed
    assert cells["Verpleging"].absence_pct == pytest.approx(6.35)


@pytest.mark.parametrize("name", ["sibling_department", "sub_department"])
def test_a_department_hidden_in_its_parents_breakdown_is_hidden_when_asked_for(stats, name):
    """Keuken (5 employees, hidden as the complementary cell) and Nachtdienst (2) cannot
    be asked for directly either: subtracting would give them away."""
    department = getattr(stats.world, name)
    report = build_report(StatisticsScope(stats.employer, None, department, "hr"), PERIOD)
    assert report.suppressed
    assert report.headline.absence_pct is None
    assert report.departments == []


def test_team_breakdown_hides_both_cells_but_shows_the_team(stats, actor_of):
    actor = actor_of("manager")
    scope = StatisticsScope(stats.employer, actor.managed_department_ids, None, "manager")
    report = build_report(scope, PERIOD)
    assert not report.suppressed
    assert report.headline.employees == 7
    assert all(c.suppressed for c in report.departments)


def test_a_tiny_team_shows_nothing(world):
    scope = StatisticsScope(world.employer, None, None, "hr")
    report = build_report(scope, PERIOD)  # 3 employees
    assert report.suppressed
    assert report.months == []
    assert report.headline.employees is None


# --- in every output -------------------------------------------------------------------


def _keuken_hidden_in_rows(rows):
    keuken = next(row for row in rows if row and row[0] == "Keuken")
    assert all(value == "onderdrukt" for value in keuken[1:] if value not in (None, ""))
    kantoor = next(row for row in rows if row and row[0] == "Kantoor")
    assert all(value == "onderdrukt" for value in kantoor[1:] if value not in (None, ""))


def test_dashboard_page_hides_small_groups(stats, client_for):
    response = client_for("hr").get("/statistieken/", QUERY)
    html = response.content.decode()
    assert response.status_code == 200
    keuken_row = html.split('<th scope="row">Keuken</th>', 1)[1].split("</tr>", 1)[0]
    assert "onderdrukt" in keuken_row
    assert "%" not in keuken_row
    chart = json.loads(
        html.split('id="statistics-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    )
    labels = chart["departments"]["labels"]
    assert chart["departments"]["absence"][labels.index("Keuken")] is None
    assert chart["departments"]["absence"][labels.index("Kantoor")] is None


def test_csv_export_hides_small_groups(stats, client_for):
    response = client_for("hr").get("/statistieken/export.csv", QUERY)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    _keuken_hidden_in_rows(rows)


def test_xlsx_export_hides_small_groups(stats, client_for):
    response = client_for("hr").get("/statistieken/export.xlsx", QUERY)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    _keuken_hidden_in_rows([list(row) for row in sheet.iter_rows(values_only=True)])


def test_pdf_report_hides_small_groups(stats, client_for):
    response = client_for("hr").get("/statistieken/rapport.pdf", QUERY)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Verzuimstatistiek" in text
    after = text.split("Keuken", 1)[1].split("\n")
    assert "onderdrukt" in "\n".join(after[:6])
    assert "5,87" in text  # the employer total is shown, with a Dutch decimal comma


def test_api_hides_small_groups(stats, client_for):
    response = client_for("hr").get(
        "/api/v1/statistics/", {"from": START.isoformat(), "to": END.isoformat()}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["metrics"]["absence_percentage"] == pytest.approx(5.87)
    cells = {c["label"]: c for c in data["departments"]}
    assert cells["Keuken"]["suppressed"]
    assert cells["Keuken"]["absence_percentage"] is None
    assert cells["Kantoor"]["suppressed"]
    assert cells["Kantoor"]["employees"] is None


def test_api_department_below_threshold_is_suppressed(stats, client_for):
    response = client_for("hr").get(
        "/api/v1/statistics/",
        {"department": stats.office.pk, "from": START.isoformat(), "to": END.isoformat()},
    )
    assert response.status_code == 200
    assert response.json()["suppressed"] is True
    assert response.json()["metrics"]["absence_percentage"] is None


def test_command_hides_small_groups(stats, capsys):
    call_command("stats", "--employer", str(stats.employer.pk), "--from", START.isoformat(),
                 "--to", END.isoformat(), "--json")  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["metrics"]["absence_percentage"] == pytest.approx(5.87)
    cells = {c["label"]: c for c in data["departments"]}
    assert cells["Keuken"]["suppressed"]
    assert cells["Keuken"]["absence_percentage"] is None
    call_command("stats", "--employer", str(stats.employer.pk), "--department",
                 str(stats.office.pk), "--from", START.isoformat(),
                 "--to", END.isoformat())  # fmt: skip
    text = capsys.readouterr().out
    assert "onderdrukt" in text
    assert "5.87" not in text
