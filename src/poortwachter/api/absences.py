"""API for sick and recovery reports and the company doctor's published advice: the same
services and policies as the pages. The advice is read-only here: only the medical
module publishes it (R-DOC-1), and nobody on the employer side sets a percentage
(R-INC-1)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.absences import policies, selectors, services
from poortwachter.absences.models import (
    ExpectedDuration,
    PartialRecovery,
    PublishedAdvice,
    SickReport,
)
from poortwachter.api.authentication import api_actor
from poortwachter.api.pagination import LateRowPagination, page_request, page_response
from poortwachter.api.serializers import MAX_ID, StrictSerializer
from poortwachter.core.errors import Forbidden
from poortwachter.textguard import check_text

PAGE_SIZE = 50


class SickReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = SickReport
        fields = [
            "id", "employee", "employer", "case", "first_sick_day", "reported_at", "phone",
            "care_street", "care_house_number", "care_postcode", "care_city",
            "expected_duration", "appointments_and_work", "safety_net_applies",
            "work_accident", "traffic_accident_third_party", "recovered_on", "version",
        ]  # fmt: skip
        read_only_fields = fields


class SickReportInputSerializer(StrictSerializer):
    """Exactly the R-SICK-1 items; anything else in the body is refused."""

    employee = serializers.IntegerField(min_value=1)
    first_sick_day = serializers.DateField()
    phone = serializers.CharField(max_length=32)
    care_street = serializers.CharField(max_length=200)
    care_house_number = serializers.CharField(max_length=16)
    care_postcode = serializers.CharField(max_length=7)
    care_city = serializers.CharField(max_length=100)
    expected_duration = serializers.ChoiceField(choices=ExpectedDuration.choices)
    appointments_and_work = serializers.CharField(max_length=2000, allow_blank=True, default="")
    safety_net_applies = serializers.BooleanField()
    work_accident = serializers.BooleanField()
    traffic_accident_third_party = serializers.BooleanField()


class RecoveryInput(StrictSerializer):
    recovered_on = serializers.DateField()
    version = serializers.IntegerField(min_value=1)


class PartialRecoveryInput(StrictSerializer):
    from_date = serializers.DateField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)
    version = serializers.IntegerField(min_value=1)


class PartialRecoverySerializer(serializers.ModelSerializer):
    class Meta:
        model = PartialRecovery
        fields = ["id", "report", "from_date", "hours_per_week"]
        read_only_fields = fields


class TextCheckInput(StrictSerializer):
    text = serializers.CharField(max_length=5000, allow_blank=True)


class MatchSerializer(serializers.Serializer):
    term = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    category = serializers.CharField()


class TextCheckSerializer(serializers.Serializer):
    medical = serializers.BooleanField(help_text=_("Zou de tekst worden geweigerd?"))
    matches = MatchSerializer(many=True)


class SickReportQuery(serializers.Serializer):
    """The filters of the list, the same as on HR's absence overview (``/verzuim/overzicht/``)."""

    status = serializers.ChoiceField(choices=selectors.STATUSES, required=False)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    q = serializers.CharField(required=False, allow_blank=True, max_length=selectors.MAX_SEARCH)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def filters(self) -> selectors.SickReportFilters:
        data = self.validated_data
        return selectors.SickReportFilters(
            status=data.get("status"), department_id=data.get("department"),
            q=data.get("q") or None, date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )  # fmt: skip


SICK_REPORT_FILTERS = [
    OpenApiParameter(
        "status", OpenApiTypes.STR, enum=list(selectors.STATUSES),
        description="open: nog niet hersteld; closed: hersteld; all (standaard): alle.",
    ),
    OpenApiParameter(
        "department", OpenApiTypes.INT,
        description="Alleen wie nu in deze afdeling werkt (zonder onderafdelingen). Een "
                    "afdeling die u niet mag zien: 400.",
    ),
    OpenApiParameter(
        "q", OpenApiTypes.STR,
        description="Deel van een voor- of achternaam, of een volledig personeelsnummer "
                    f"(hoogstens {selectors.MAX_SEARCH} tekens).",
    ),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Eerste ziektedag vanaf."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Eerste ziektedag tot en met."),
]  # fmt: skip


def _writable_report(request: Request, report_id: int) -> tuple:
    """Fetch through the policy and decide write access before looking at the input."""
    actor = api_actor(request)
    return actor, policies.get_writable_report_for(actor, report_id)


class SickReportListCreateView(generics.ListAPIView):
    """The sick reports the caller may read, newest first; every list is logged (a search
    with the employees shown). Reporting sick: the same service as the form."""

    serializer_class = SickReportSerializer
    pagination_class = LateRowPagination
    queryset = SickReport.objects.none()  # for the schema; the rows come from the selector

    @extend_schema(
        parameters=SICK_REPORT_FILTERS,
        description=(
            "De ziekmeldingen die u mag lezen, nieuwste eerst, met dezelfde filters als het "
            "verzuimoverzicht van HR. Elke lijst wordt gelogd, een gefilterde als zoekactie."
        ),
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        actor = api_actor(request)
        query = SickReportQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        page = selectors.sick_report_search(
            actor=actor, filters=query.filters(),
            page=page_request(request, size=PAGE_SIZE, late_rows=True),
        )  # fmt: skip
        rows = SickReportSerializer(page, many=True).data
        return page_response(request, page, list(rows))

    @extend_schema(request=SickReportInputSerializer, responses={201: SickReportSerializer})
    def post(self, request: Request) -> Response:
        actor = api_actor(request)
        if not policies.can_report_absence(actor):
            raise Forbidden
        payload = SickReportInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        employee = policies.get_reportable_employee_for(actor, data.pop("employee"))
        report = services.sick_report_create(
            actor=actor, employee=employee, data=selectors.SickReportInput(**data)
        )
        return Response(SickReportSerializer(report).data, status=status.HTTP_201_CREATED)


class SickReportDetailView(APIView):
    @extend_schema(responses=SickReportSerializer)
    def get(self, request: Request, report_id: int) -> Response:
        report = selectors.sick_report_get(actor=api_actor(request), report_id=report_id)
        return Response(SickReportSerializer(report).data)


class RecoveryView(APIView):
    @extend_schema(request=RecoveryInput, responses=SickReportSerializer)
    def post(self, request: Request, report_id: int) -> Response:
        actor, report = _writable_report(request, report_id)
        payload = RecoveryInput(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.recovery_report(actor=actor, report=report, **payload.validated_data)
        return Response(SickReportSerializer(report).data)


class PartialRecoveryView(APIView):
    @extend_schema(request=PartialRecoveryInput, responses={201: PartialRecoverySerializer})
    def post(self, request: Request, report_id: int) -> Response:
        actor, report = _writable_report(request, report_id)
        payload = PartialRecoveryInput(data=request.data)
        payload.is_valid(raise_exception=True)
        partial = services.partial_recovery_record(
            actor=actor, report=report, **payload.validated_data
        )
        return Response(PartialRecoverySerializer(partial).data, status=status.HTTP_201_CREATED)


class TextCheckView(APIView):
    """The medical-text guard, for clients that want to warn before submitting."""

    @extend_schema(request=TextCheckInput, responses=TextCheckSerializer)
    def post(self, request: Request) -> Response:
        if not policies.can_report_absence(api_actor(request)):
            raise Forbidden
        payload = TextCheckInput(data=request.data)
        payload.is_valid(raise_exception=True)
        result = check_text(payload.validated_data["text"])
        return Response(TextCheckSerializer(result).data)


class PublishedAdviceSerializer(serializers.ModelSerializer):
    """The R-DOC-1 items with where they came from; every field read-only."""

    doctor_name = serializers.SerializerMethodField(
        help_text=_("De bedrijfsarts die het advies (en het percentage) heeft vastgesteld.")
    )
    is_current = serializers.SerializerMethodField(
        help_text=_("Onwaar als een nieuwer advies dit advies vervangt.")
    )

    class Meta:
        model = PublishedAdvice
        fields = [
            "id", "employee", "employer", "case", "doctor_name", "advised_on", "published_at",
            "work_possible", "work_not_possible", "implications_for_work",
            "expected_duration", "expected_return_on", "incapacity_percentage",
            "adjustments_advice", "supersedes", "is_current",
        ]  # fmt: skip
        read_only_fields = fields

    def get_doctor_name(self, advice: PublishedAdvice) -> str:
        return str(advice.doctor)

    def get_is_current(self, advice: PublishedAdvice) -> bool:
        return bool(getattr(advice, "is_current", True))


class AdviceListView(generics.ListAPIView):
    """The advices in the actor's scope; no write method (the medical module publishes).
    The pages have no filters on advices, so neither has this list."""

    serializer_class = PublishedAdviceSerializer
    queryset = PublishedAdvice.objects.none()  # for the schema; the rows come from the selector

    def list(self, request, *args, **kwargs):
        page = selectors.advice_list(
            actor=api_actor(request), page=page_request(request, size=PAGE_SIZE)
        )
        rows = PublishedAdviceSerializer(page, many=True).data
        return page_response(request, page, list(rows))


class AdviceDetailView(APIView):
    @extend_schema(responses=PublishedAdviceSerializer)
    def get(self, request: Request, advice_id: int) -> Response:
        advice = selectors.advice_get(actor=api_actor(request), advice_id=advice_id)
        return Response(PublishedAdviceSerializer(advice).data)
