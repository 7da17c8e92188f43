"""``GET /api/v1/absence-calendar/``: who is absent on each day of a date range, as the
calendar page shows it (issue 19): a manager's team, HR's employer (optionally one
department). Names and "sick", "partial" (partially recovered) or "leave" only; no cause,
no percentage, no medical detail. Other roles 403; bad input 400 with Dutch messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.absences import policies, selectors
from poortwachter.api.authentication import api_actor
from poortwachter.api.serializers import MAX_ID, StrictSerializer
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden


class CalendarQuery(StrictSerializer):
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # ``from`` is a Python keyword: added here instead of as class attributes.
        fields["from"] = serializers.DateField(required=False)
        fields["to"] = serializers.DateField(required=False)
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("from") or clock.today()
        end = attrs.get("to") or start + dt.timedelta(days=6)
        if end < start:
            raise serializers.ValidationError({"to": [_("De einddatum ligt voor de begindatum.")]})
        if (end - start).days + 1 > selectors.CALENDAR_MAX_DAYS:
            raise serializers.ValidationError(
                {"to": [_("Vraag hoogstens %(days)s dagen tegelijk op.")
                        % {"days": selectors.CALENDAR_MAX_DAYS}]}
            )  # fmt: skip
        attrs["from"], attrs["to"] = start, end
        return attrs


class CalendarEntrySerializer(serializers.Serializer):
    employee = serializers.IntegerField(source="employee_id")
    name = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[selectors.SICK, selectors.PARTIAL, selectors.LEAVE],
        help_text="sick: ziek; partial: gedeeltelijk hersteld; leave: verlof (zonder reden).",
    )


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    absent = CalendarEntrySerializer(many=True, source="entries")


class CalendarSerializer(serializers.Serializer):
    today_count = serializers.IntegerField(help_text="Vandaag afwezig, in dezelfde kring.")
    days = CalendarDaySerializer(many=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="start")
        fields["to"] = serializers.DateField(source="end")
        return fields


class AbsenceCalendarView(APIView):
    @extend_schema(
        operation_id="absence_calendar_retrieve",
        summary="Verzuimkalender: wie is afwezig per dag (team of werkgever)",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE,
                             description="Eerste dag (standaard vandaag)."),
            OpenApiParameter("to", OpenApiTypes.DATE,
                             description="Laatste dag (standaard 'from' plus 6 dagen); "
                                         "hoogstens 92 dagen."),
            OpenApiParameter("department", OpenApiTypes.INT,
                             description="Afdeling (haar huidige medewerkers)."),
        ],
        responses=CalendarSerializer,
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        actor = api_actor(request)
        if not policies.can_use_calendar(actor):
            raise Forbidden  # decide access before looking at the input
        query = CalendarQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result = selectors.absence_calendar(
            actor=actor, start=data["from"], end=data["to"],
            department_id=data.get("department"), purpose="api_absence_calendar",
        )  # fmt: skip
        return Response(CalendarSerializer(result).data)
