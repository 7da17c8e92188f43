"""An iCalendar file (RFC 5545) of a consultation appointment, for the employee's own
calendar (issue 19). It holds when, how long, where (the practice's address, or "by
phone"/"by video") and a generic title: no name, no reason, nothing medical. The UID is
stable per appointment and SEQUENCE rises with every move, so a calendar updates the
event it already has instead of adding a second one; a cancellation is ``STATUS:CANCELLED``.
Times are local (``TZID=Europe/Amsterdam``) with the zone's rules in a VTIMEZONE."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from poortwachter.core import clock
from poortwachter.reintegration.models import (
    AppointmentMode,
    AppointmentStatus,
    ConsultationAppointment,
)

TZID = "Europe/Amsterdam"

#: Central European time with daylight saving from the last Sunday of March to the last
#: Sunday of October (EU rule since 1996).
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF and a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(ZoneInfo(TZID)).strftime("%Y%m%dT%H%M%S")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(appointment: ConsultationAppointment) -> str:
    if appointment.mode == AppointmentMode.PLACE:
        return appointment.place
    if appointment.mode == AppointmentMode.PHONE:
        return _("Telefonisch")
    return _("Video")


def uid(appointment: ConsultationAppointment) -> str:
    host = getattr(settings, "POORTWACHTER_BASE_URL", "").split("://")[-1].split("/")[0]
    return f"spreekuur-{appointment.source_ref}@{host or 'poortwachter'}"


def calendar_file(appointment: ConsultationAppointment) -> bytes:
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Poortwachter//Spreekuur//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{uid(appointment)}",
        f"DTSTAMP:{_utc(clock.now())}",
        f"DTSTART;TZID={TZID}:{_local(appointment.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(appointment.ends_at)}",
        f"SEQUENCE:{appointment.sequence}",
        f"SUMMARY:{_escape(_('Afspraak spreekuur arbodienst'))}",
        f"LOCATION:{_escape(_location(appointment))}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
