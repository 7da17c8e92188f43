"""The load test's people (run by ``benchmarks/loadtest.py``; ``make loadtest``).

Each simulated person signs in with their own account (password and TOTP), then works as
their role does, with think time between pages. Weights give a realistic mix: many
employees looking at their own absence, fewer managers and HR officers (who also report
people sick and recovered), a few doctors, and now and then the employer's
administrator, the privacy officer and the service administrator. The scenario comes
from the JSON file in ``LOADTEST_SCENARIO`` (accounts and ids of the demo dataset).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import sys
import threading
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import Account, Client
from benchmarks.sickreport import FORM

SCENARIO = json.loads(Path(os.environ["LOADTEST_SCENARIO"]).read_text(encoding="utf-8"))
_next_account = {role: itertools.count() for role in SCENARIO["accounts"]}
_lock = threading.Lock()
_at_work = iter(SCENARIO["at_work"])


def _account(role: str) -> Account:
    pool = SCENARIO["accounts"][role]
    with _lock:
        return Account(**pool[next(_next_account[role]) % len(pool)], role=role)


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.browser = Client(self.host, session=self.client)
        self.browser.sign_in(_account(self.role))

    def page(self, path: str, name: str | None = None) -> None:
        with self.client.get(
            self.host + path, name=name or path, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")

    def employee_id(self) -> int:
        return random.choice(SCENARIO["employees"])


class Employee(Person):
    role = "employee"
    weight = 10

    @task(4)
    def my_absence(self):
        self.page("/verzuim/")

    @task(2)
    def my_data(self):
        self.page("/mijn-gegevens/")

    @task(1)
    def who_viewed_my_data(self):
        self.page("/mijn-gegevens/inzage/")

    @task(1)
    def my_advices(self):
        self.page("/verzuim/advies/")

    @task(1)
    def my_tasks(self):
        self.page("/verzuim/mijn-taken/")


class Manager(Person):
    role = "manager"
    weight = 4

    @task(4)
    def team(self):
        self.page("/team/")

    @task(4)
    def team_absence(self):
        self.page("/team/verzuim/")

    @task(1)
    def statistics(self):
        self.page("/statistieken/")


class HumanResources(Person):
    role = "hr"
    weight = 4

    @task(4)
    def absence_list(self):
        self.page("/verzuim/overzicht/")

    @task(3)
    def employees_search(self):
        self.page("/werknemers/?q=de", name="/werknemers/?q=…")

    @task(3)
    def employee(self):
        self.page(f"/werknemers/{self.employee_id()}/", name="/werknemers/[id]/")

    @task(2)
    def reintegration_tasks(self):
        self.page("/verzuim/taken/")

    @task(1)
    def statistics(self):
        self.page("/statistieken/")

    @task(1)
    def api_sick_reports(self):
        self.page("/api/v1/sick-reports/")

    @task(2)
    def report_sick(self):
        with _lock:
            employee = next(_at_work, None)
        if employee is None:
            return
        form = {**FORM, "first_sick_day": dt.date.today().isoformat()}
        body = {"csrfmiddlewaretoken": self.browser.csrf_token(), **form}
        with self.client.post(
            f"{self.host}/verzuim/ziekmelden/{employee}/", data=body, allow_redirects=False,
            name="/verzuim/ziekmelden/[id]/ POST", catch_response=True,
        ) as response:  # fmt: skip
            if "/verzuim/meldingen/" not in response.headers.get("Location", ""):
                response.failure(f"{response.status_code}")


class Doctor(Person):
    role = "doctor"
    weight = 2

    @task(3)
    def workload(self):
        self.page("/bedrijfsarts/werkvoorraad/")

    @task(2)
    def caseload(self):
        self.page("/bedrijfsarts/dossiers/")

    @task(1)
    def reintegration_tasks(self):
        self.page("/bedrijfsarts/taken/")


class EmployerAdministrator(Person):
    role = "employer_admin"
    weight = 1

    @task
    def accounts(self):
        self.page("/api/v1/users/")


class PrivacyOfficer(Person):
    role = "privacy_officer"
    weight = 1

    @task
    def access_log(self):
        self.page("/privacy/toegangslog/")


class ServiceAdministrator(Person):
    role = "service_admin"
    fixed_count = 1

    @task
    def employers(self):
        self.page("/arbodienst/werkgevers/")
