"""API for sick and recovery reports and the company doctor's published advice: the same
services and policies as the pages. The advice is read-only here: only the medical
module publishes it (R-DOC-1), and nobody on the employer side sets a percentage
(R-INC-1)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.absences import policies, services
from poortwachter.absences.models import (
    ExpectedDuration,
    PartialRecovery,
    PublishedAdvice,
    SickReport,
)
from poortwachter.api.pagination import LateRowPagination
from poortwachter.api.serializers import StrictSerializer
from poortwachter.api.views import _actor, _call
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.roles import Role
from poortwachter.textguard import check_text


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


WRITERS = (Role.EMPLOYEE, Role.MANAGER, Role.HR)


def _writable_report(request: Request, report_id: int) -> tuple:
    """Fetch through the policy and decide write access before looking at the input."""
    actor = _actor(request)
    report = _call(policies.get_report_for, actor=actor, report_id=report_id)
    if not policies.can_write_report(actor, report):
        raise PermissionDenied
    return actor, report


class SickReportListCreateView(generics.ListAPIView):
    serializer_class = SickReportSerializer
    pagination_class = LateRowPagination

    def get_queryset(self):
        return policies.reports_visible_to(_actor(self.request)).order_by("-first_sick_day", "-pk")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit_record(
            actor=_actor(request), action=Action.READ, purpose="api_sick_report_list",
            details={"sick_report_ids": [row["id"] for row in response.data["results"]]},
            subject_employee_ids=[row["employee"] for row in response.data["results"]],
        )  # fmt: skip
        return response

    @extend_schema(request=SickReportInputSerializer, responses={201: SickReportSerializer})
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        if not actor.has_role(*WRITERS):
            raise PermissionDenied
        payload = SickReportInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        employee = _call(
            policies.get_reportable_employee_for, actor=actor, employee_id=data.pop("employee")
        )
        report = _call(
            services.sick_report_create, actor=actor, employee=employee,
            data=services.SickReportInput(**data),
        )  # fmt: skip
        return Response(SickReportSerializer(report).data, status=status.HTTP_201_CREATED)


class SickReportDetailView(APIView):
    @extend_schema(responses=SickReportSerializer)
    def get(self, request: Request, report_id: int) -> Response:
        actor = _actor(request)
        report = _call(policies.get_report_for, actor=actor, report_id=report_id)
        audit_record(
            actor=actor, action=Action.READ, target=report, employer_id=report.employer_id,
            subject_employee_id=report.employee_id,
        )  # fmt: skip
        return Response(SickReportSerializer(report).data)


class RecoveryView(APIView):
    @extend_schema(request=RecoveryInput, responses=SickReportSerializer)
    def post(self, request: Request, report_id: int) -> Response:
        actor, report = _writable_report(request, report_id)
        payload = RecoveryInput(data=request.data)
        payload.is_valid(raise_exception=True)
        report = _call(services.recovery_report, actor=actor, report=report,
                       **payload.validated_data)  # fmt: skip
        return Response(SickReportSerializer(report).data)


class PartialRecoveryView(APIView):
    @extend_schema(request=PartialRecoveryInput, responses={201: PartialRecoverySerializer})
    def post(self, request: Request, report_id: int) -> Response:
        actor, report = _writable_report(request, report_id)
        payload = PartialRecoveryInput(data=request.data)
        payload.is_valid(raise_exception=True)
        partial = _call(services.partial_recovery_record, actor=actor, report=report,
                        **payload.validated_data)  # fmt: skip
        return Response(PartialRecoverySerializer(partial).data, status=status.HTTP_201_CREATED)


class TextCheckView(APIView):
    """The medical-text guard, for clients that want to warn before submitting."""

    @extend_schema(request=TextCheckInput, responses=TextCheckSerializer)
    def post(self, request: Request) -> Response:
        if not _actor(request).has_role(*WRITERS):
            raise PermissionDenied
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


def _advices(request: Request):
    return (
        policies.advices_visible_to(_actor(request))
        .select_related("doctor")
        .order_by("-published_at", "-pk")
    )


class AdviceListView(generics.ListAPIView):
    """The advices in the actor's scope; no write method (the medical module publishes)."""

    serializer_class = PublishedAdviceSerializer

    def get_queryset(self):
        return _advices(self.request)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = response.data["results"]
        audit_record(
            actor=_actor(request), action=Action.READ, purpose="api_advice_list",
            details={"advice_ids": [row["id"] for row in rows]},
            subject_employee_ids=[row["employee"] for row in rows],
        )  # fmt: skip
        return response


class AdviceDetailView(APIView):
    @extend_schema(responses=PublishedAdviceSerializer)
    def get(self, request: Request, advice_id: int) -> Response:
        actor = _actor(request)
        advice = _call(policies.get_advice_for, actor=actor, advice_id=advice_id)
        audit_record(
            actor=actor, action=Action.READ, target=advice, employer_id=advice.employer_id,
            subject_employee_id=advice.employee_id,
            role=Role.EMPLOYEE if advice.employee_id in actor.employee_ids else None,
        )  # fmt: skip
        return Response(PublishedAdviceSerializer(advice).data)
