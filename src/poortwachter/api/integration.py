"""The integration API for an employer's HR and payroll systems (issue 20; R-AUTHZ-1,
R-SEC-1, R-MED-1, R-INC-1).

``POST /api/v1/oauth/token/`` takes a client assertion (OAuth 2.0 ``private_key_jwt``,
RFC 7523) and gives a ten-minute bearer token; the other endpoints take only that token
(``ClientTokenAuthentication``), each for its scope, and only for the client's own
employer. Nothing here reaches a medical field: there is no such scope, and the absence
periods carry dates and hours only. Every call is in the access log with the client as
actor."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_serializers import ErrorResponse401Serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from poortwachter.api.authentication import ClientTokenAuthentication
from poortwachter.api.schema import OAuthErrorSerializer
from poortwachter.api.serializers import StrictSerializer
from poortwachter.core.actor import Actor
from poortwachter.core.middleware import client_address
from poortwachter.integrations import selectors, services
from poortwachter.integrations.models import Scope

IDEMPOTENCY_HEADER = "Idempotency-Key"


class TokenInput(StrictSerializer):
    grant_type = serializers.ChoiceField(choices=["client_credentials"])
    client_assertion_type = serializers.CharField(max_length=200, allow_blank=True)
    client_assertion = serializers.CharField(max_length=8000, allow_blank=True)
    scope = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TokenOutput(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()
    scope = serializers.CharField()


class TokenView(APIView):
    """A client's assertion for a bearer token (RFC 7523 section 2.2)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, JSONParser]
    # Per address: a client asks for a token every ten minutes, not every second.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "integration_token"

    @extend_schema(
        request=TokenInput,
        responses={200: TokenOutput, 400: OAuthErrorSerializer, 401: OAuthErrorSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        audience = request.build_absolute_uri(request.path)
        try:
            issued = services.token_issue(
                assertion_type=data.validated_data["client_assertion_type"],
                assertion=data.validated_data["client_assertion"],
                audience=audience,
                scope=data.validated_data["scope"],
                request_id=getattr(request._request, "request_id", ""),
                remote_addr=client_address(request._request),
            )
        except services.TokenRefused as refused:
            answer = {"error": refused.error, "error_description": refused.description}
            code = status.HTTP_400_BAD_REQUEST if refused.error == "invalid_scope" else 401
            return Response(answer, status=code, headers={"Cache-Control": "no-store"})
        body = {
            "access_token": issued.token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
            "scope": " ".join(issued.scopes),
        }
        return Response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _client(request: Request) -> Actor:
    """The machine client's Actor that ``ClientTokenAuthentication`` put on the call."""
    actor = request.auth
    if not isinstance(actor, Actor) or actor.client_id is None:
        raise PermissionDenied
    return actor


class HasScope(BasePermission):
    """The view's ``scope`` among the token's, for the client's own employer."""

    def has_permission(self, request, view) -> bool:
        actor = request.auth
        if actor is None or getattr(actor, "client_id", None) is None:
            return False
        allowed = actor.client_may(view.scope, services.client_employer_id(actor))
        if not allowed:
            services.client_call_denied(actor=actor, scope=view.scope)  # every call logged
        return allowed


class ClientView(APIView):
    authentication_classes = [ClientTokenAuthentication]
    permission_classes = [HasScope]
    scope = ""


class EmployeeRecordInput(StrictSerializer):
    """One employee and their current employment, as the employee import's columns."""

    personnel_number = serializers.CharField(max_length=32)
    bsn = serializers.CharField(max_length=16)
    first_name = serializers.CharField(max_length=100)
    name_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    department = serializers.CharField(max_length=200)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)


class UpsertInput(StrictSerializer):
    employees = serializers.ListField(
        child=EmployeeRecordInput(), min_length=1, max_length=services.MAX_UPSERT_RECORDS
    )


def _record_text(record: dict) -> dict[str, str]:
    """The import's cells: dates as yyyy-mm-dd, hours with a decimal point."""
    out: dict[str, str] = {}
    for key, value in record.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


class EmployeeEmploymentView(ClientView):
    """``POST``: bulk upsert (``employees:write``, with an ``Idempotency-Key``);
    ``GET``: the employer's personnel numbers and employments (``employees:read``)."""

    def get_permissions(self):
        self.scope = (
            Scope.EMPLOYEES_WRITE if self.request.method == "POST" else Scope.EMPLOYEES_READ
        )
        return super().get_permissions()

    @extend_schema(
        request=UpsertInput,
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, OpenApiTypes.STR, "header", True)],
        responses={
            200: OpenApiTypes.OBJECT,
            401: ErrorResponse401Serializer,
            422: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if not key or len(key) > 255:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Geef een Idempotency-Key mee (hooguit 255 tekens).")]}
            )
        data = UpsertInput(data=request.data)
        data.is_valid(raise_exception=True)
        records = [_record_text(record) for record in data.validated_data["employees"]]
        answer = services.employees_upsert(
            actor=_client(request), records=records, idempotency_key=key, body=request.body
        )
        return Response(answer.body, status=answer.status)

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 401: ErrorResponse401Serializer})
    def get(self, request: Request) -> Response:
        return Response({"results": selectors.client_employees(actor=_client(request))})


class PeriodQuery(StrictSerializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class AbsencePeriodsView(ClientView):
    """The employer's absence periods for payroll: start, end (the last sick day) and
    partial recovery in hours per week; nothing more (``absences:read``)."""

    scope = Scope.ABSENCES_READ

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, "query"),
            OpenApiParameter("end", OpenApiTypes.DATE, "query"),
        ],
        responses={200: OpenApiTypes.OBJECT, 401: ErrorResponse401Serializer},
    )
    def get(self, request: Request) -> Response:
        query = PeriodQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        periods = selectors.client_absence_periods(
            actor=_client(request),
            start=query.validated_data.get("start"),
            end=query.validated_data.get("end"),
        )
        return Response({"results": periods})
