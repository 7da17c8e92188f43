"""A fixed own-data document (issue 21) for pinning what the PDF shows: every section,
names beyond Latin-1, long texts that wrap, and an access log long enough to run over
several pages. Synthetic data only (R-DEV-1)."""

import datetime as dt
from decimal import Decimal

from poortwachter.core import own_data

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LONG = (
    "Overleg met de planner over aangepaste diensten; de overdracht van de lopende "
    "dossiers aan Żaneta Øster-Łukasz en de bestelling van nieuwe materialen voor de "
    "afdeling Noordvleugel-Intensieve-Zorg-en-Nazorgcoördinatie."
)
ROLES = ["manager", "hr", "doctor", "employee", "system"]
ACTIONS = ["read", "update", "export", "print", "create"]
PURPOSES = ["absence_management", "own_data", "absence_statistics", "unknown_purpose"]
TARGETS = ["organisations.employee", "absences.sickreport", "", "nope.model"]


def _event(i: int) -> dict:
    return {
        "occurred_at": T0 - dt.timedelta(hours=7 * i, minutes=i),
        "action": ACTIONS[i % len(ACTIONS)],
        "outcome": "allowed" if i % 9 else "denied",
        "actor_role": ROLES[i % len(ROLES)],
        "actor_name": f"Medewerker {i} Ğüneş-Ålander" if i % 3 else "systeem",
        "on_behalf_of": "Dr. Émile Van den Broek-Østergaard" if i % 11 == 0 else None,
        "purpose": PURPOSES[i % len(PURPOSES)],
        "target_type": TARGETS[i % len(TARGETS)],
    }


def _report(i: int) -> dict:
    first = dt.date(2025, 1 + i, 3)
    return {
        "first_sick_day": first, "reported_at": T0 - dt.timedelta(days=300 - 30 * i),
        "reported_by": "Jürgen Ŝmit", "phone": "0611112222", "care_street": "Zorglaan",
        "care_house_number": "3", "care_postcode": "3511 AB", "care_city": "Utrecht",
        "expected_duration": "weeks_1_2" if i % 2 else "unknown-code",
        "appointments_and_work": LONG if i == 1 else "",
        "safety_net_applies": False, "work_accident": i == 2,
        "traffic_accident_third_party": False,
        "recovered_on": first + dt.timedelta(days=9) if i != 3 else None,
        "recovery_reported_at": T0 if i != 3 else None, "version": i + 1,
        "created_at": T0, "updated_at": T0,
        "service_queue": None if i == 0 else {
            "status": "handled" if i % 2 else "waiting", "received_at": T0,
            "handled_at": T0 if i % 2 else None,
        },
        "partial_recoveries": [] if i != 1 else [
            {"from_date": first + dt.timedelta(days=3), "hours_per_week": Decimal("12.5"),
             "recorded_by": "Fenna de Vries", "recorded_at": T0},
        ],
    }  # fmt: skip


def document(events: int = 160) -> dict:
    employee = {
        "personnel_number": "P-0042", "first_name": "Žofia", "name_prefix": "van der",
        "last_name": "Øster-Łukasz", "bsn": "123456782", "date_of_birth": dt.date(1980, 5, 17),
        "email": "zofia@example.test", "phone": "0612345678", "street": "Dorpsstraat",
        "house_number": "12a", "postcode": "1234 AB", "city": "Zaandam", "is_synthetic": True,
        "created_at": T0, "updated_at": T0,
    }  # fmt: skip
    record = {
        "employer": {"name": "Zorggroep Ĳsselland", "kvk_number": "12345678"},
        "employee": employee,
        "employments": [
            {"job_title": "Verpleegkundige", "department": "Noordvleugel",
             "hours_per_week": Decimal("32.5"), "start_date": dt.date(2019, 1, 1),
             "end_date": None},
            {"job_title": "Teamleider nachtdienst en coördinator", "department": "Nachtdienst",
             "hours_per_week": Decimal("8"), "start_date": dt.date(2015, 6, 1),
             "end_date": dt.date(2018, 12, 31)},
        ],
        "departments": [{"name": "Noordvleugel", "parent": "Zorg"},
                        {"name": "Nachtdienst", "parent": None}],
        "absence_cases": [
            {"first_sick_day": dt.date(2025, 1, 3), "gap_days": 0,
             "closed_on": dt.date(2025, 1, 12), "wage_continuation_ends": dt.date(2027, 1, 2)},
        ],
        "sick_reports": [_report(i) for i in range(4)],
        "leave_periods": [{"start": dt.date(2022, 2, 1), "end": dt.date(2022, 5, 31),
                           "recorded_at": T0}],
        "emergency_info": {
            "text": "Bij een aanval: rustig blijven en 112 bellen.", "visible_to_manager": True,
            "visible_to_hr": False, "tell_colleagues": "Alleen het eigen team",
            "consent_given_at": T0, "withdrawn_at": None, "active": True,
        },
        "advices": [
            {"advised_on": dt.date(2025, 2, 10), "incapacity_percentage": 50,
             "doctor": "Ånne Bakker", "work_possible": "Administratief werk, 4 uur per dag",
             "work_not_possible": "Tillen", "implications_for_work": LONG,
             "expected_duration": "weeks_1_2", "expected_return_on": dt.date(2025, 3, 1),
             "adjustments_advice": "", "published_at": T0, "current": True},
        ],
        "access_log": [_event(i) for i in range(events)],
    }  # fmt: skip
    for section in own_data.sections():
        record[section.key] = []
    return {
        "schema_version": 1,
        "generated_at": T0,
        "account": {
            "email": "zofia@example.test", "first_name": "Žofia", "last_name": "Øster-Łukasz",
            "date_joined": T0, "last_sign_in": None,
            "roles": [{"role": "employee", "employer": "Zorggroep Ĳsselland",
                       "department": None, "employee_record": "Žofia van der Øster-Łukasz",
                       "granted_at": T0, "granted_by": "Hanna HR"}],
            "second_factors": [{"type": "totp", "created_at": T0, "last_used_at": T0}],
        },
        "employee_records": [record],
    }  # fmt: skip
