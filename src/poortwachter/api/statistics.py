"""``GET /api/v1/statistics/``: the same suppressed report as the dashboard, as JSON.
HR gets their employer (optionally one department), a manager their team; other roles
403, an employer outside the caller's 404, bad input 400 with Dutch messages (the API's
exception handler turns the domain's refusals into those answers)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.api.authentication import api_actor
from poortwachter.api.serializers import MAX_ID, StrictSerializer
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden
from poortwachter.statistics import policies, services
from poortwachter.statistics.exports import as_dict
from poortwachter.statistics.periods import Period, default_period, period_errors


class StatisticsQuery(StrictSerializer):
    employer = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # ``from`` is a Python keyword: added here instead of as class attributes.
        fields["from"] = serializers.DateField(required=False)
        fields["to"] = serializers.DateField(required=False)
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        fallback = default_period(clock.today())
        start, end = attrs.get("from", fallback.start), attrs.get("to", fallback.end)
        if errors := period_errors(start, end):
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        attrs["period"] = Period.of(start, end)
        return attrs


class StatisticsCellSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    suppressed = serializers.BooleanField(help_text=_("Groep te klein: geen cijfers."))
    employees = serializers.IntegerField(allow_null=True)
    absence_percentage = serializers.FloatField(allow_null=True)
    report_frequency = serializers.FloatField(allow_null=True)
    new_reports = serializers.IntegerField(allow_null=True)
    zero_absence_percentage = serializers.FloatField(allow_null=True)


class StatisticsClassSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class StatisticsMetricsSerializer(serializers.Serializer):
    employees = serializers.IntegerField(allow_null=True)
    average_headcount = serializers.FloatField(allow_null=True)
    absence_percentage = serializers.FloatField(allow_null=True)
    report_frequency = serializers.FloatField(allow_null=True)
    new_reports = serializers.IntegerField(allow_null=True)
    ended_reports = serializers.IntegerField(allow_null=True)
    average_duration_days = serializers.FloatField(allow_null=True)
    zero_absence_percentage = serializers.FloatField(allow_null=True)
    frequent_absentees = serializers.IntegerField(allow_null=True)


class StatisticsEmployerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class StatisticsPeriodSerializer(serializers.Serializer):
    days = serializers.IntegerField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        fields["to"] = serializers.DateField()
        return fields


class StatisticsDurationClassesSerializer(serializers.Serializer):
    weeks = StatisticsClassSerializer(many=True)
    vernet = StatisticsClassSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    employer = StatisticsEmployerRefSerializer()
    scope = serializers.CharField()
    department = serializers.IntegerField(allow_null=True)
    period = StatisticsPeriodSerializer()
    min_group = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    metrics = StatisticsMetricsSerializer()
    duration_classes = StatisticsDurationClassesSerializer()
    departments = StatisticsCellSerializer(many=True)
    months = StatisticsCellSerializer(many=True)
    quarters = StatisticsCellSerializer(many=True)


class StatisticsView(APIView):
    @extend_schema(
        operation_id="statistics_retrieve",
        summary="Verzuimstatistiek (standaard 1996), met onderdrukking van kleine groepen",
        parameters=[
            OpenApiParameter("employer", OpenApiTypes.INT, description="Werkgever (HR)."),
            OpenApiParameter("department", OpenApiTypes.INT,
                             description="Afdeling, met onderafdelingen."),
            OpenApiParameter("from", OpenApiTypes.DATE,
                             description="Eerste dag (standaard: 12 hele maanden terug)."),
            OpenApiParameter("to", OpenApiTypes.DATE,
                             description="Laatste dag; hoogstens vijf jaar na 'from'."),
        ],
        responses=StatisticsSerializer,
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        actor = api_actor(request)
        if not policies.can_read_statistics(actor):
            raise Forbidden  # decide access before looking at the input
        query = StatisticsQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope = policies.get_scope_for(actor, data.get("employer"), data.get("department"))
        report = services.statistics_read(
            actor=actor, scope=scope, period=data["period"], what="api"
        )
        return Response(StatisticsSerializer(as_dict(report)).data)
