"""Writes to the medical file. Every function takes ``*, actor`` (for an assistant: the
actor acting on the doctor's behalf, from ``policies.get_access_for``) and records the
access in the medical log in the same transaction."""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from poortwachter.absences import services as absence_services
from poortwachter.absences.models import PublishedAdvice
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock, uploads
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import Role
from poortwachter.medical import policies
from poortwachter.medical.copy import as_json, as_pdf, copy_document
from poortwachter.medical.log import MEDICAL_DB, medical_record
from poortwachter.medical.models import (
    Advice,
    AgendaHours,
    AgendaSlot,
    Appointment,
    AppointmentState,
    Consultation,
    CopyRequest,
    CorrectableEntry,
    Delegation,
    Diagnosis,
    Document,
    Entry,
    FunctionalAbilities,
    IncapacityAssessment,
    MedicalFile,
    ProblemAnalysis,
    Treatment,
    WorkingNote,
)
from poortwachter.medical.policies import Access, acting_user_id
from poortwachter.medical.selectors import (
    ADVICE_FIELDS,
    advice_data,
    busy,
    entry_date_errors,
    in_agenda,
)
from poortwachter.reintegration import services as reintegration_services

#: Specialist letters and reports: PDF or an image, at most 10 MB (``core.uploads``).
DOCUMENT_MAX_BYTES = uploads.MAX_BYTES


@dataclass(frozen=True)
class EntryKind:
    model: type[Entry]
    #: Plain (not encrypted) fields the form sets.
    plain: tuple[str, ...]


ENTRY_KINDS: dict[str, EntryKind] = {
    "consult": EntryKind(Consultation, ("held_on", "kind")),
    "diagnose": EntryKind(Diagnosis, ("recorded_on",)),
    "behandeling": EntryKind(Treatment, ("started_on", "ended_on")),
    "probleemanalyse": EntryKind(ProblemAnalysis, ("drawn_up_on",)),
    "belastbaarheid": EntryKind(FunctionalAbilities, ("assessed_on",)),
    "arbeidsongeschiktheid": EntryKind(IncapacityAssessment, ("assessed_on",)),
    "werkaantekening": EntryKind(WorkingNote, ()),  # the doctor's own (policies)
}


def file_open(*, access: Access) -> MedicalFile:
    """The employee's file, opened on first use (by the doctor or a delegated assistant,
    whose delegation implies the file exists)."""
    if access.file is not None:
        return access.file
    actor = access.actor
    with transaction.atomic(using=MEDICAL_DB):
        file, created = MedicalFile.objects.get_or_create(
            employee_id=access.employee.pk,
            defaults={
                "employer_id": access.employee.employer_id,
                "opened_at": clock.now(),
                "opened_by_id": actor.user_id,
            },
        )
        if created:
            medical_record(actor=actor, action=Action.CREATE, file=file, target=file)
    return file


def _encode(value: Any) -> str | bytes | None:
    """A form value as the plaintext to seal: text as it is, a date as ISO 8601 (never
    JSON, which would wrap it in quotes that no date parser reads back), other values
    (the FML sections, a percentage) as JSON."""
    if value is None or value == "":
        return None
    if isinstance(value, bytes | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, default=str, sort_keys=True)


def _check_dates(access: Access, kind: str, data: dict[str, Any]) -> None:
    if errors := entry_date_errors(access.employee, kind, data):
        raise ServiceError(errors)


def _new_entry(access: Access, kind: str, data: dict[str, Any], **extra) -> Entry:
    spec = ENTRY_KINDS[kind]
    actor = access.actor
    entry = spec.model(
        file=file_open(access=access),
        author_id=acting_user_id(actor),
        on_behalf_of_id=actor.on_behalf_of_id,
        created_at=clock.now(),
        **{name: data.get(name) for name in spec.plain},
        **extra,
    )
    for name in entry.ENCRYPTED_FIELDS:
        if name != "correction_reason":
            entry.encrypt(name, _encode(data.get(name)))
    return entry


def entry_add(
    *, access: Access, kind: str, data: dict[str, Any], appointment: Appointment | None = None
) -> Entry:
    """A part of the file; a consultation may start from a planned appointment (issue 19)."""
    if not policies.can_add_entry(access, kind):
        raise Forbidden
    _check_dates(access, kind, data)
    extra = {}
    if appointment is not None:
        if kind != "consult" or appointment.file.employee_id != access.employee.pk:
            raise Forbidden
        extra["appointment"] = appointment
    entry = _new_entry(access, kind, data, **extra)
    with transaction.atomic(using=MEDICAL_DB):
        entry.save(force_insert=True)
        medical_record(actor=access.actor, action=Action.CREATE, file=entry.file, target=entry)
    return entry


def entry_correct(
    *, access: Access, kind: str, entry: CorrectableEntry, data: dict[str, Any], reason: str
) -> Entry:
    """Correct a part of the file: a new version that supersedes ``entry``, with the
    reason (encrypted like the content). The old version stays in the file's history;
    nothing is overwritten. A version corrected meanwhile by someone else is refused."""
    if not policies.can_correct_entry(access, kind, entry):
        raise Forbidden
    file = MedicalFile.objects.filter(employee_id=access.employee.pk).first()
    if not isinstance(entry, ENTRY_KINDS[kind].model) or file is None or entry.file_id != file.pk:
        raise Forbidden
    errors = entry_date_errors(access.employee, kind, data)
    reason = (reason or "").strip()
    if not reason:
        errors["correction_reason"] = [_("Schrijf waarom u dit corrigeert.")]
    if errors:
        raise ServiceError(errors)
    superseded = _("Dit onderdeel is intussen al gecorrigeerd. Open het dossier opnieuw en "
                   "corrigeer zo nodig de nieuwste versie.")  # fmt: skip
    correction = _new_entry(access, kind, data, supersedes=entry)
    correction.encrypt("correction_reason", reason)
    try:
        with transaction.atomic(using=MEDICAL_DB):
            if type(entry)._default_manager.filter(supersedes=entry).exists():
                raise ServiceError({"__all__": [superseded]})
            correction.save(force_insert=True)
            medical_record(
                actor=access.actor, action=Action.UPDATE, file=correction.file,
                target=correction, details={"corrects": str(entry.pk), "kind": kind},
            )  # fmt: skip
    except IntegrityError:  # a racing correction of the same version won
        raise ServiceError({"__all__": [superseded]}) from None
    return correction


def document_upload(
    *, access: Access, title: str, received_on, content: bytes, declared_type: str
) -> Document:
    """A specialist's letter or report. The content decides the type, not the name or
    the browser's claim: a PDF, PNG or JPEG of at most 10 MB, whose declared type agrees."""
    errors = entry_date_errors(access.employee, "document", {"received_on": received_on})
    if message := uploads.upload_error(content, declared_type):
        errors["upload"] = [message]
    if errors:
        raise ServiceError(errors)
    sniffed = uploads.sniffed_type(content) or ""  # accepted above, so never empty
    actor = access.actor
    file = file_open(access=access)
    document = Document(
        file=file, author_id=acting_user_id(actor), on_behalf_of_id=actor.on_behalf_of_id,
        created_at=clock.now(), received_on=received_on, content_type=sniffed,
        size=len(content),
    )  # fmt: skip
    document.encrypt("title", title)
    document.encrypt("data", content)
    with transaction.atomic(using=MEDICAL_DB):
        document.save(force_insert=True)
        medical_record(actor=actor, action=Action.CREATE, file=file, target=document)
    return document


def delegation_grant(*, access: Access, assistant) -> Delegation:
    """The doctor lets an assistant work on this file (the assistant must hold the
    assistant role; issued by the service administrator, R-ACC-1)."""
    if not policies.can_delegate(access):
        raise Forbidden
    if not actor_for_user(assistant).has_role(Role.ASSISTANT):
        raise ServiceError({"assistant": [_("Kies een praktijkondersteuner of casemanager.")]})
    if assistant.pk in (access.actor.user_id, acting_user_id(access.actor)):
        # Nobody delegates to themself (issue 18, finding 3).
        raise ServiceError({"assistant": [_("U kunt een dossier niet aan uzelf delegeren.")]})
    file = file_open(access=access)
    with transaction.atomic(using=MEDICAL_DB):
        existing = Delegation.objects.filter(
            file=file, assistant_id=assistant.pk, until__isnull=True
        ).first()
        if existing is not None:
            return existing
        delegation = Delegation.objects.create(
            file=file, doctor_id=acting_user_id(access.actor), assistant_id=assistant.pk,
            since=clock.now(),
        )  # fmt: skip
        medical_record(
            actor=access.actor, action=Action.GRANT, file=file, target=delegation,
            details={"assistant_id": assistant.pk},
        )  # fmt: skip
    _delegation_logged(access, delegation, Action.GRANT)
    return delegation


def _delegation_logged(access: Access, delegation: Delegation, action: str) -> None:
    """Who delegated to whom, when, also in the main access log, where the privacy
    officer reviews assignments (issue 18, finding 3): ids only, no employee, nothing
    of the file's content."""
    audit_record(
        actor=access.actor, action=action, employer_id=delegation.file.employer_id,
        subject_user_id=delegation.assistant_id,
        details={"delegation": delegation.pk, "doctor_id": delegation.doctor_id,
                 "assistant_id": delegation.assistant_id},
    )  # fmt: skip


def delegation_end(*, access: Access, delegation: Delegation) -> None:
    if not policies.can_delegate(access) or delegation.file_id != getattr(access.file, "pk", None):
        raise Forbidden
    with transaction.atomic(using=MEDICAL_DB):
        Delegation.objects.filter(pk=delegation.pk, until__isnull=True).update(until=clock.now())
        medical_record(
            actor=access.actor, action=Action.REVOKE, file=access.file, target=delegation,
            details={"assistant_id": delegation.assistant_id},
        )  # fmt: skip
    _delegation_logged(access, delegation, Action.REVOKE)


def advice_save(*, access: Access, advice: Advice | None, data: dict[str, Any]) -> Advice:
    """Save the doctor's advice as a draft (medical side, encrypted like the file)."""
    if not policies.can_publish_advice(access):
        raise Forbidden
    if advice is not None and advice.published_at is not None:
        raise ServiceError({"__all__": [_("Een gepubliceerd advies verandert niet meer.")]})
    _check_dates(access, "advice", data)
    actor = access.actor
    file = file_open(access=access)
    if advice is None:
        advice = Advice(
            file=file, author_id=acting_user_id(actor), on_behalf_of_id=actor.on_behalf_of_id,
            created_at=clock.now(),
        )  # fmt: skip
    advice.advised_on = data["advised_on"]
    for form_name, stored in ADVICE_FIELDS.items():
        advice.encrypt(stored, _encode(data.get(form_name)))
    created = advice._state.adding
    with transaction.atomic(using=MEDICAL_DB):
        advice.save()
        medical_record(
            actor=actor, action=Action.CREATE if created else Action.UPDATE, file=file,
            target=advice,
        )  # fmt: skip
    return advice


def advice_publish(*, access: Access, advice: Advice):
    """Publish the advice: it is copied to the employer side (``absences``), the only
    path from doctor to employer, and the draft is marked published. Safe to repeat: a
    retry after a failure halfway finds the copy by its reference and completes."""
    if not policies.can_publish_advice(access):
        raise Forbidden
    data = advice_data(advice)
    percentage = data["incapacity_percentage"]
    payload = absence_services.AdviceInput(
        advised_on=advice.advised_on,
        work_possible=data["work_possible"],
        work_not_possible=data["work_not_possible"],
        implications_for_work=data["implications_for_work"],
        expected_duration=data["expected_duration"],
        incapacity_percentage=int(percentage) if str(percentage).isdigit() else -1,
        adjustments_advice=data["adjustments_advice"],
        expected_return_on=data["expected_return_on"] or None,
    )
    reference = str(advice.pk)
    published = PublishedAdvice.objects.filter(source_ref=reference).first()
    if published is None:
        published = absence_services.advice_publish(
            actor=access.actor, employee=access.employee, data=payload, source_ref=reference
        )
    with transaction.atomic(using=MEDICAL_DB):
        Advice.objects.filter(pk=advice.pk, published_at__isnull=True).update(
            published_at=published.published_at, published_advice_id=published.pk
        )
        medical_record(
            actor=access.actor, action=Action.EXPORT, file=access.file, target=advice,
            purpose="advice_to_employer", details={"published_advice_id": published.pk},
        )  # fmt: skip
    advice.published_at, advice.published_advice_id = published.published_at, published.pk
    return published


def copy_request(*, access: Access, requested_on) -> CopyRequest:
    if not policies.can_produce_copy(access):
        raise Forbidden
    file = file_open(access=access)
    with transaction.atomic(using=MEDICAL_DB):
        request = CopyRequest.objects.create(
            file=file, requested_on=requested_on, recorded_by_id=acting_user_id(access.actor)
        )
        medical_record(actor=access.actor, action=Action.CREATE, file=file, target=request,
                       purpose="employee_copy")  # fmt: skip
    return request


def copy_produce(*, access: Access, request: CopyRequest, format: str) -> bytes:
    """The employee's copy of their file as PDF or JSON (without working notes), and the
    export recorded against the request."""
    if not policies.can_produce_copy(access):
        raise Forbidden
    document = copy_document(access)
    content = as_pdf(document) if format == "pdf" else as_json(document)
    with transaction.atomic(using=MEDICAL_DB):
        CopyRequest.objects.filter(pk=request.pk).update(
            produced_at=clock.now(), produced_format=format
        )
        medical_record(
            actor=access.actor, action=Action.EXPORT, file=access.file, target=request,
            purpose="employee_copy", details={"format": format},
        )  # fmt: skip
    return content


def copy_handed_over(*, access: Access, request: CopyRequest) -> None:
    if request.produced_at is None:
        raise ServiceError({"__all__": [_("Maak eerst het afschrift.")]})
    with transaction.atomic(using=MEDICAL_DB):
        CopyRequest.objects.filter(pk=request.pk).update(handed_over_on=clock.today())
        medical_record(
            actor=access.actor, action=Action.UPDATE, file=access.file, target=request,
            purpose="employee_copy", details={"handed_over": True},
        )  # fmt: skip


# --- the consultation planning (spreekuur, issue 19) ------------------------------------
#
# The planning is the medical module's (the reason stays here, encrypted); each plan,
# move, cancellation and attendance is passed to the employer side through
# ``reintegration.services`` with only date, time, form, place, with whom (a role) and
# the status, in the same pair of transactions (a refusal there undoes it here).


def hours_add(*, actor: Actor, weekday: int, starts: dt.time, ends: dt.time,
              slot_minutes: int) -> AgendaHours:  # fmt: skip
    """The doctor adds weekly consultation hours to their agenda."""
    if not policies.can_keep_hours(actor):
        raise Forbidden
    errors: dict[str, list[str]] = {}
    if not 0 <= weekday <= 6:
        errors["weekday"] = [_("Kies een dag van de week.")]
    if ends <= starts:
        errors["ends"] = [_("Het eindtijdstip ligt na het begintijdstip.")]
    if not 5 <= slot_minutes <= 240:
        errors["slot_minutes"] = [_("Een afspraak duurt 5 tot 240 minuten.")]
    if errors:
        raise ServiceError(errors)
    hours = AgendaHours.objects.create(
        doctor_id=acting_user_id(actor), weekday=weekday, starts=starts, ends=ends,
        slot_minutes=slot_minutes,
    )  # fmt: skip
    medical_record(actor=actor, action=Action.CREATE, target=hours, details={"what": "agenda"})
    return hours


def slot_add(*, actor: Actor, starts_at: dt.datetime, duration_minutes: int) -> AgendaSlot:
    """The doctor adds a single free slot outside the weekly hours."""
    if not policies.can_keep_hours(actor):
        raise Forbidden
    errors: dict[str, list[str]] = {}
    if starts_at <= clock.now():
        errors["day"] = [_("Een tijdslot ligt in de toekomst.")]
    if not 5 <= duration_minutes <= 240:
        errors["duration_minutes"] = [_("Een afspraak duurt 5 tot 240 minuten.")]
    if errors:
        raise ServiceError(errors)
    slot = AgendaSlot.objects.create(doctor_id=acting_user_id(actor), starts_at=starts_at,
                                     duration_minutes=duration_minutes)  # fmt: skip
    medical_record(actor=actor, action=Action.CREATE, target=slot, details={"what": "agenda"})
    return slot


def agenda_remove(*, actor: Actor, item: AgendaHours | AgendaSlot) -> None:
    """Remove weekly hours or a single slot; appointments already planned stay."""
    if not policies.can_keep_hours(actor) or item.doctor_id != actor.user_id:
        raise Forbidden
    medical_record(actor=actor, action=Action.DELETE, target=item, details={"what": "agenda"})
    item.delete()


def _time_errors(doctor_id: int, data: dict[str, Any], exclude=None) -> dict[str, list[str]]:
    starts_at, minutes = data["starts_at"], data["duration_minutes"]
    if starts_at <= clock.now():
        return {"day": [_("Een afspraak plant u in de toekomst.")]}
    if not in_agenda(doctor_id, starts_at, minutes):
        return {
            "time": [
                _(
                    "Dit tijdstip valt niet in een vrij blok van de agenda. Kies een "
                    "vrij tijdslot of voeg eerst spreekuren of een los tijdslot toe."
                )
            ]
        }
    if busy(doctor_id, starts_at, minutes, exclude=exclude):
        return {"time": [_("Op dit tijdstip staat al een afspraak in de agenda.")]}
    return {}


def _published(data: dict[str, Any]) -> "reintegration_services.AppointmentInput":
    return reintegration_services.AppointmentInput(
        starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
        mode=data["mode"], place=data.get("place") or "", with_whom=data["with_whom"],
    )  # fmt: skip


def _lock_agenda(doctor_id: int) -> None:
    """Serialise planning in one doctor's agenda (no double booking between two
    requests): the doctor's hours and slots are locked until the transaction ends."""
    list(AgendaHours.objects.select_for_update().filter(doctor_id=doctor_id))
    list(AgendaSlot.objects.select_for_update().filter(doctor_id=doctor_id))


def appointment_plan(*, access: Access, data: dict[str, Any]) -> Appointment:
    """Plan a consultation in a free slot of the doctor's agenda and invite the
    employee (the employer side records that it is planned and tells the employee)."""
    doctor_id = policies.planning_doctor_id(access)
    actor = access.actor
    file = file_open(access=access)
    with transaction.atomic(using=MEDICAL_DB):
        _lock_agenda(doctor_id)
        if errors := _time_errors(doctor_id, data):
            raise ServiceError(errors)
        appointment = Appointment(
            file=file, doctor_id=doctor_id, starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"], mode=data["mode"],
            place=(data.get("place") or "").strip(), with_whom=data["with_whom"],
            planned_by_id=acting_user_id(actor), on_behalf_of_id=actor.on_behalf_of_id,
            created_at=clock.now(),
        )  # fmt: skip
        appointment.encrypt("reason", _encode(data.get("reason")))
        try:
            appointment.save(force_insert=True)
        except IntegrityError:
            raise ServiceError({"time": [_("Op dit tijdstip staat al een afspraak in de "
                                           "agenda.")]}) from None  # fmt: skip
        medical_record(actor=actor, action=Action.CREATE, file=file, target=appointment)
        reintegration_services.appointment_publish(
            actor=actor, employee_id=access.employee.pk, source_ref=str(appointment.pk),
            data=_published(data),
        )  # fmt: skip
    return appointment


def appointment_move(
    *, access: Access, appointment: Appointment, data: dict[str, Any]
) -> Appointment:
    """Move a planned consultation to another free time (or change its form or place);
    the employee is told and asked to confirm again."""
    if appointment.state != AppointmentState.PLANNED:
        raise ServiceError(_("Alleen een geplande afspraak kunt u verzetten."))
    with transaction.atomic(using=MEDICAL_DB):
        _lock_agenda(appointment.doctor_id)
        if errors := _time_errors(appointment.doctor_id, data, exclude=appointment.pk):
            raise ServiceError(errors)
        appointment.starts_at, appointment.duration_minutes = (
            data["starts_at"],
            data["duration_minutes"],
        )
        appointment.mode, appointment.with_whom = data["mode"], data["with_whom"]
        appointment.place = (data.get("place") or "").strip()
        appointment.encrypt("reason", _encode(data.get("reason")))
        try:
            appointment.save()
        except IntegrityError:
            raise ServiceError({"time": [_("Op dit tijdstip staat al een afspraak in de "
                                           "agenda.")]}) from None  # fmt: skip
        medical_record(actor=access.actor, action=Action.UPDATE, file=appointment.file,
                       target=appointment, details={"moved": True})  # fmt: skip
        reintegration_services.appointment_change(
            actor=access.actor, source_ref=str(appointment.pk), data=_published(data)
        )
    return appointment


def appointment_state_set(*, access: Access, appointment: Appointment, state: str) -> Appointment:
    """Cancel a planned consultation (the service cancels: the employee is told), or
    record afterwards whether the employee attended (HR sees it)."""
    if state not in (AppointmentState.CANCELLED, AppointmentState.ATTENDED,
                     AppointmentState.NO_SHOW):  # fmt: skip
        raise ServiceError(_("Kies verschenen, niet verschenen of afgezegd."))
    if appointment.state == AppointmentState.CANCELLED:
        raise ServiceError(_("Deze afspraak is afgezegd en verandert niet meer."))
    if state == AppointmentState.CANCELLED and appointment.state != AppointmentState.PLANNED:
        raise ServiceError(_("Een afspraak die al geweest is zegt u niet meer af."))
    if state != AppointmentState.CANCELLED and appointment.starts_at > clock.now():
        raise ServiceError(_("Of de werknemer verschenen is, legt u vast na het begin van de "
                             "afspraak."))  # fmt: skip
    with transaction.atomic(using=MEDICAL_DB):
        appointment.state = state
        appointment.save(update_fields=["state"])
        medical_record(actor=access.actor, action=Action.UPDATE, file=appointment.file,
                       target=appointment, details={"state": state})  # fmt: skip
        reintegration_services.appointment_change(
            actor=access.actor, source_ref=str(appointment.pk), status=state
        )
    return appointment
