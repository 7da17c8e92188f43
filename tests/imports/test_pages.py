"""The import pages (issue 20): upload, preview with refusals and changes, the column
choice, the import on the task queue, the report; who may use them (R-AUTHZ-1). Every
role and another employer's HR are refused in docs/access-matrix.md; the tests here
cover what the matrix cannot see."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from poortwachter.audit.models import AccessEvent
from poortwachter.imports import services, tasks
from poortwachter.imports.models import ImportRun, RunStatus
from poortwachter.organisations.models import Employee
from tests.helpers import IMMEDIATE_TASKS
from tests.imports.helpers import SYSTEM, checked_run, small_file


@pytest.fixture(autouse=True)
def _tasks_at_once():
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


def _upload(client, employer, content=None, name="export.csv"):
    url = reverse("imports:start", args=[employer.pk])
    upload = SimpleUploadedFile(name, content or small_file(), content_type="text/csv")
    return client.post(url, {"file": upload})


@pytest.mark.parametrize("persona", ["hr", "employer_admin"])
def test_upload_preview_import_and_report(world, client_for, persona):
    client = client_for(persona)
    response = _upload(client, world.employer)
    run = ImportRun.objects.get(employer=world.employer)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:run", args=[world.employer.pk, run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "BSN: Dit is geen geldig BSN" in page  # refused lines are shown first
    assert "De geweigerde regel wordt overgeslagen." in page
    assert Employee.objects.filter(personnel_number="900001").count() == 0  # preview only
    new = client.get(response["Location"] + "?uitkomst=new").content.decode()
    assert "900001" in new
    assert "900002" not in new
    confirmed = client.post(reverse("imports:confirm", args=[world.employer.pk, run.pk]))
    assert confirmed.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert Employee.objects.get(personnel_number="900001").employer == world.employer
    assert not Employee.objects.filter(personnel_number="900002").exists()
    done = client.get(confirmed["Location"]).content.decode()
    assert "Ingelezen: 1 nieuwe werknemers" in done
    report = client.get(reverse("imports:report", args=[world.employer.pk, run.pk]))
    body = b"".join(report.streaming_content).decode()
    assert body.startswith("\ufeffregel;personeelsnummer;uitkomst")
    assert "900002;geweigerd;;BSN: Dit is geen geldig BSN" in body
    assert "600000011" not in body  # no BSN, no names: line, number, outcome, reasons
    assert "Anna" not in body
    log = AccessEvent.objects.filter(target_type="imports.importrun", target_id=str(run.pk))
    assert {e.action for e in log} >= {"read", "create", "export"}
    summary = log.get(action="create")
    assert summary.actor_user_id == world.users[persona].pk
    assert (summary.details["new"], summary.details["refused"]) == (1, 1)


def test_the_column_choice_is_editable_and_checks_again(world, client_for):
    client = client_for("hr")
    content = "Nr;Sofi;Naam;Fam;Geb;Afd;Start;U\r\n9;600000011;A;B;1-1-1980;Keuken;1-1-2020;8\r\n"
    _upload(client, world.employer, content.encode())
    run = ImportRun.objects.get(employer=world.employer)
    page = client.get(reverse("imports:run", args=[world.employer.pk, run.pk])).content.decode()
    assert "Deze verplichte velden zijn nog aan geen kolom gekoppeld" in page
    choice = {
        "personnel_number": "Nr",
        "bsn": "Sofi",
        "first_name": "Naam",
        "last_name": "Fam",
        "date_of_birth": "Geb",
        "department": "Afd",
        "start_date": "Start",
        "hours_per_week": "U",
    }
    response = client.post(reverse("imports:columns", args=[world.employer.pk, run.pk]), choice)
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.counts["new"]) == (RunStatus.CHECKED, 1)
    twice = client.post(
        reverse("imports:columns", args=[world.employer.pk, run.pk]), {**choice, "last_name": "Nr"}
    )
    assert "Koppel elke kolom aan hooguit één veld." in twice.content.decode()


def test_a_file_that_is_no_table_is_refused_on_the_form(world, client_for):
    response = _upload(client_for("hr"), world.employer, b"\x00\x01 geen tabel", "x.csv")
    assert response.status_code == 200
    assert "Dit bestand kan niet worden gelezen." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_hr_reaches_the_import_from_the_employee_list(world, client_for):
    page = client_for("hr").get(reverse("organisations:employee_list")).content.decode()
    assert reverse("imports:start", args=[world.employer.pk]) in page
    assert "Werknemers importeren" in page


def test_another_employer_s_hr_reaches_no_run_of_this_employer(world, client_for):
    run = checked_run(world.employer)
    client = client_for("outsider")
    for name in ("run", "report"):
        assert (
            client.get(reverse(f"imports:{name}", args=[world.employer.pk, run.pk])).status_code
            == 404
        )
        # nor through their own employer's address
        url = reverse(f"imports:{name}", args=[world.other_employer.pk, run.pk])
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("imports:confirm", args=[world.other_employer.pk, run.pk])).status_code
        == 404
    )
    run.refresh_from_db()
    assert run.status == RunStatus.CHECKED


def test_the_task_stops_when_the_uploader_lost_the_role(world, client_for):
    """The import runs later on the task queue, as the person who asked: a role withdrawn
    in between stops it."""
    run = checked_run(world.employer)
    run.created_by = world.hr
    run.status = RunStatus.IMPORTING
    run.save()
    world.hr.role_assignments.all().delete()
    with pytest.raises(Exception, match="importeren"):
        tasks.import_run.call(run.pk)
    assert not Employee.objects.filter(personnel_number="900001").exists()


def test_while_checking_the_page_refreshes_itself_and_shows_progress(world, client_for):
    run = checked_run(world.employer)
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.CHECKING, progress=1)
    page = client_for("hr").get(reverse("imports:run", args=[world.employer.pk, run.pk]))
    html = page.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress id="import-progress" max="2" value="1">' in html


def test_the_employer_administrator_reaches_the_import_from_the_departments(world, client_for):
    page = client_for("employer_admin").get(
        reverse("organisations:department_list", args=[world.employer.pk])
    )
    assert reverse("imports:start", args=[world.employer.pk]) in page.content.decode()
    service = client_for("service_admin").get(
        reverse("organisations:department_list", args=[world.employer.pk])
    )
    assert reverse("imports:start", args=[world.employer.pk]) not in service.content.decode()


def test_without_refusals_the_preview_opens_on_the_changed_or_new_lines(world, client_for):
    content = small_file().decode("utf-8-sig").splitlines()[:2]
    _upload(client_for("hr"), world.employer, "\r\n".join(content).encode())
    run = ImportRun.objects.get(employer=world.employer)
    page = client_for("hr").get(reverse("imports:run", args=[world.employer.pk, run.pk]))
    assert '<strong aria-current="page">Nieuw</strong>' in page.content.decode()
    assert "900001" in page.content.decode()


def test_while_the_lines_are_written_the_page_shows_the_second_step(world, client_for):
    """The write is one transaction that takes about half the import: the page says so,
    with a bar without a value, instead of a full bar over a count that no longer moves."""
    run = services.run_start(actor=SYSTEM, run=checked_run(world.employer))
    http = client_for("hr")
    url = reverse("imports:run", args=[world.employer.pk, run.pk])
    assert "Stap 1 van 2" in http.get(url).content.decode()
    pages = []
    bulk_create = Employee.objects.bulk_create

    def writing(*args, **kwargs):
        pages.append(http.get(url).content.decode())  # the page while the write is under way
        return bulk_create(*args, **kwargs)

    with mock.patch.object(Employee.objects, "bulk_create", side_effect=writing):
        run = services.run_import(actor=SYSTEM, run=run)
    assert run.status == RunStatus.DONE
    (page,) = pages
    assert "Stap 2 van 2: alle regels worden in één keer opgeslagen." in page
    assert '<progress id="import-progress" max="2"></progress>' in page
