""" "Who viewed my data" for the employee, and the privacy officer's export of the log
(issue 6, NEN 7513 §9, R-AUTHZ-1)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from poortwachter.audit.models import AccessEvent
from poortwachter.audit.sealer import seal_all
from tests.shared_world import absence_objects

MY_LOG = reverse("privacy:my_access_log")


def _rows(response) -> list[list[str]]:
    """The table's rows as lists of cell texts."""
    import re
    from html import unescape

    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        rows.append([" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def test_the_employee_sees_the_manager_and_the_doctor_in_order(world, client_for):
    objects = absence_objects(world)
    client = client_for("manager")
    assert client.get(f"/werknemers/{world.own_employee.pk}/").status_code == 200
    client = client_for("doctor")
    assert client.get(f"/verzuim/meldingen/{objects['report_own']}/").status_code == 200
    client = client_for("hr")
    assert client.get(f"/verzuim/meldingen/{objects['report_kitchen']}/").status_code == 200

    response = client_for("employee").get(MY_LOG)
    assert response.status_code == 200
    rows = _rows(response)
    # Each page also showed Eva's current advice of the company doctor: a read of its own;
    # her page also lists her sick reports (issue 15), one more read.
    assert [(row[2], row[5]) for row in rows] == [
        ("Leidinggevende", "persoonsgegevens"),
        ("Leidinggevende", "overzicht"),
        ("Leidinggevende", "advies van de bedrijfsarts"),
        ("Bedrijfsarts", "ziekmelding"),
        ("Bedrijfsarts", "advies van de bedrijfsarts"),
    ], rows
    manager_row, doctor_row = rows[0], rows[3]
    assert manager_row[1] == "Alfa Zorg B.V."
    assert manager_row[4] == "inzien"
    assert doctor_row[1] not in ("", "Alfa Zorg B.V.")
    # HR reading Kees's report is not Eva's business.
    assert not any(row[2].startswith("HR") for row in rows)


def test_lists_that_showed_the_employee_are_included(world, client_for):
    client_for("hr").get("/werknemers/")
    rows = _rows(client_for("employee").get(MY_LOG))
    assert [(row[2], row[5], row[6]) for row in rows] == [
        ("HR / verzuimcoördinator", "overzicht", "personeelsoverzicht")
    ]


def test_reads_of_the_employees_account_are_included(world, client_for):
    client_for("employer_admin").get(f"/accounts-beheer/{world.employee.pk}/")
    rows = _rows(client_for("employee").get(MY_LOG))
    assert [(row[2], row[5]) for row in rows] == [("Functioneel beheerder werkgever", "account")]


def test_own_actions_are_hidden_unless_asked_and_the_page_read_is_logged(world, client_for):
    client = client_for("employee")
    client.get("/mijn-gegevens/")
    assert _rows(client.get(MY_LOG)) == [["In deze periode heeft niemand uw gegevens ingezien."]]
    read = AccessEvent.objects.filter(purpose="own_access_log").get()
    assert (read.subject_employee_id, read.actor_role) == (world.own_employee.pk, "employee")
    today = dt.date.today().isoformat()
    rows = _rows(client.get(MY_LOG, {"date_from": today, "date_to": today, "include_own": "on"}))
    assert {row[3] for row in rows} == {"uzelf"}
    assert len(rows) >= 2


def test_the_period_filter_and_its_default(world, client_for, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False)
    client_for("manager").get(f"/werknemers/{world.own_employee.pk}/")
    time_machine.move_to(dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC), tick=False)
    client_for("hr").get(f"/werknemers/{world.own_employee.pk}/")
    client = client_for("employee")
    # The default shows the last three months only.
    assert [row[2] for row in _rows(client.get(MY_LOG))] == ["HR / verzuimcoördinator"]
    rows = _rows(client.get(MY_LOG, {"date_from": "2026-03-01", "date_to": "2026-03-31"}))
    assert [row[2] for row in rows] == ["Leidinggevende"]
    rows = _rows(client.get(MY_LOG, {"date_from": "2026-01-01", "date_to": "2026-12-31"}))
    assert [row[2] for row in rows] == ["Leidinggevende", "HR / verzuimcoördinator"]


def test_a_reversed_period_is_refused_in_dutch(world, client_for):
    response = client_for("employee").get(
        MY_LOG, {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "De begindatum ligt na de einddatum." in response.content.decode()


@pytest.mark.parametrize("persona", ["manager", "hr", "employer_admin", "doctor", "outsider"])
def test_only_the_employee_reaches_their_overview(world, client_for, persona):
    assert client_for(persona).get(MY_LOG).status_code == 403


def _csv(response) -> list[dict]:
    """The export as Dutch Excel reads it (byte order mark, ``;``: issue 15)."""
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content), delimiter=";"))


def test_the_privacy_officer_exports_the_filtered_log(world, client_for):
    client_for("manager").get(f"/werknemers/{world.own_employee.pk}/")
    client_for("outsider").get(f"/werknemers/{world.other_employee.pk}/")
    seal_all()  # the scheduler's sealer has run: the events carry their number and hash
    response = client_for("privacy_officer").get(
        reverse("privacy:event_export"), {"subject_employee_id": world.own_employee.pk}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="toegangslog-')
    rows = _csv(response)
    assert [row["actor_label"] for row in rows] == [world.manager.get_full_name()]
    event = AccessEvent.objects.latest("id")
    assert (event.action, event.actor_role) == ("export", "privacy_officer")
    assert event.details["subject_employee_id"] == str(world.own_employee.pk)
    stored = AccessEvent.objects.get(seq=rows[0]["seq"])
    assert rows[0]["hash"] == stored.hash


def test_an_employer_privacy_officer_exports_only_their_employer(world, client_for):
    client_for("outsider").get(f"/werknemers/{world.other_employee.pk}/")
    rows = _csv(client_for("privacy_officer").get(reverse("privacy:event_export")))
    assert str(world.other_employee.pk) not in {row["subject_employee_id"] for row in rows}
    assert str(world.other_employer.pk) not in {row["employer_id"] for row in rows}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("privacy_officer", "/privacy/toegangslog/"),
        ("privacy_officer", "/privacy/toegangslog/export.csv"),
        ("employee", "/mijn-gegevens/inzage/"),
    ],
)
def test_no_route_of_the_log_changes_it(world, client_for, persona, url, method):
    """The log's pages only read: every other method is refused and nothing changes."""
    client = client_for(persona)
    client.get(url)
    before = list(AccessEvent.objects.order_by("id").values_list("id", "seq", "hash"))
    response = getattr(client, method)(url, {"seq": 1, "purpose": "x"})
    assert response.status_code == 405
    assert list(AccessEvent.objects.order_by("id").values_list("id", "seq", "hash")) == before
