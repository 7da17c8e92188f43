"""Consultation appointments (spreekuur, issue 19) for the roles that may see them,
through the same selectors and policies as the pages: the employee their own in full
(when, how long, form, place, with whom, their response), HR of the employer only date,
time and status (planned, attended, did not attend, cancelled by the service). Nobody
else on the employer side (403). The doctor's and assistant's agenda is the medical
module's own (``/bedrijfsarts/spreekuur/agenda.json``): the API never imports it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.api.authentication import api_actor
from poortwachter.reintegration import selectors
from poortwachter.reintegration.models import ConsultationAppointment


class AppointmentFactSerializer(serializers.Serializer):
    """What HR sees."""

    id = serializers.IntegerField(source="pk")
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class OwnAppointmentSerializer(serializers.ModelSerializer):
    """What the employee sees of their own appointment."""

    status_label = serializers.CharField(read_only=True)
    ics = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationAppointment
        fields = [
            "id", "case", "starts_at", "duration_minutes", "mode", "place", "with_whom",
            "status", "status_label", "response", "response_reason", "responded_at", "ics",
        ]  # fmt: skip
        read_only_fields = fields

    def get_ics(self, appointment: ConsultationAppointment) -> str:
        return f"/verzuim/spreekuur/{appointment.pk}/afspraak.ics"


class AppointmentListView(APIView):
    @extend_schema(
        responses={200: OwnAppointmentSerializer(many=True)},
        description="Afspraken op het spreekuur van de bedrijfsarts. De werknemer: de eigen "
        "afspraken volledig. HR: alleen datum, tijd en status (id, starts_at, status, "
        "status_label). Andere rollen: 403.",
    )
    def get(self, request: Request) -> Response:
        rows = selectors.appointments_list_get(actor=api_actor(request))
        data = [
            OwnAppointmentSerializer(row).data
            if isinstance(row, ConsultationAppointment)
            else AppointmentFactSerializer(row).data
            for row in rows
        ]
        return Response(data)
