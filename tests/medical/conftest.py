"""A medical file for Eva (own_employee) with a canary string in every content field,
written through the services as the doctor; one delegation of it to the assistant."""

import datetime as dt
from types import SimpleNamespace

import pytest

from poortwachter.core import clock
from poortwachter.medical import policies, services

#: Distinctive strings planted in the medical file. None may ever appear on the
#: employer side, in the main database, or in any response to a non-medical role.
CANARIES = {
    "notes": "CANARY-NOTES-5e1f spreekuur: slaapt slecht sinds de scheiding",
    "complaints": "CANARY-KLACHT-77ab hoofdpijn en duizeligheid",
    "diagnosis": "CANARY-DIAGNOSE-3c9d burn-out",
    "cas_code": "P74",
    "treatment": "CANARY-BEHANDELING-0d42 cognitieve gedragstherapie",
    "practitioner": "CANARY-PSYCHOLOOG-9911",
    "analysis": "CANARY-ANALYSE-8e20 overbelasting thuis en op het werk",
    "capabilities": "CANARY-MOGELIJK-6b7c lichte administratieve taken",
    "fml_note": "CANARY-FML-1f88 concentratie beperkt",
    "explanation": "CANARY-AO-TOELICHTING-2a61",
    "working_note": "CANARY-WERKAANTEKENING-4d4d vermoed conflict met leidinggevende",
    "document_title": "CANARY-BRIEF-NEUROLOOG-7070",
    "document_body": "CANARY-PDF-INHOUD-5151",
}

PDF_BYTES = b"%PDF-1.4\n% " + CANARIES["document_body"].encode() + b"\n%%EOF\n"


def plant_file(world, actor_of):
    doctor = actor_of("doctor")
    access = policies.get_access_for(doctor, world.own_employee.pk)
    day = clock.today() - dt.timedelta(days=3)
    consult = {"held_on": day, "kind": "spreekuur", "notes": CANARIES["notes"]}
    services.entry_add(access=access, kind="consult", data=consult)
    access = policies.get_access_for(doctor, world.own_employee.pk)
    diagnosis = services.entry_add(
        access=access, kind="diagnose",
        data={"recorded_on": day, "complaints": CANARIES["complaints"],
              "diagnosis": CANARIES["diagnosis"], "cas_code": CANARIES["cas_code"]},
    )  # fmt: skip
    services.entry_add(
        access=access, kind="behandeling",
        data={"started_on": day, "ended_on": None, "description": CANARIES["treatment"],
              "practitioner": CANARIES["practitioner"]},
    )  # fmt: skip
    services.entry_add(access=access, kind="probleemanalyse",
                       data={"drawn_up_on": day, "analysis": CANARIES["analysis"]})  # fmt: skip
    services.entry_add(
        access=access, kind="belastbaarheid",
        data={"assessed_on": day, "capabilities": CANARIES["capabilities"],
              "sections": {"personal": {"limited": True, "note": CANARIES["fml_note"]}}},
    )  # fmt: skip
    services.entry_add(
        access=access, kind="arbeidsongeschiktheid",
        data={"assessed_on": day, "percentage": 60, "explanation": CANARIES["explanation"]},
    )  # fmt: skip
    services.entry_add(access=access, kind="werkaantekening",
                       data={"text": CANARIES["working_note"]})  # fmt: skip
    document = services.document_upload(
        access=access, title=CANARIES["document_title"], received_on=day,
        content=PDF_BYTES, declared_type="application/pdf",
    )  # fmt: skip
    delegation = services.delegation_grant(access=access, assistant=world.assistant)
    copy = services.copy_request(access=access, requested_on=day)
    advice = services.advice_save(
        access=access, advice=None,
        data={"advised_on": day, "work_possible": "Lichte administratieve taken, 4 uur per dag.",
              "work_not_possible": "Geen klantcontact en geen tilwerk.",
              "implications_for_work": "Rooster aanpassen.", "expected_duration": "weeks_2_6",
              "expected_return_on": None, "incapacity_percentage": 50,
              "adjustments_advice": "Rustige werkplek."},
    )  # fmt: skip
    return SimpleNamespace(
        access=policies.get_access_for(doctor, world.own_employee.pk), document=document,
        delegation=delegation, copy=copy, advice=advice, diagnosis=diagnosis,
    )  # fmt: skip


@pytest.fixture
def medical(world, actor_of):
    return plant_file(world, actor_of)
