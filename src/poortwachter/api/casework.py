"""The case manager and the conversation notes of an absence case (issue 19), read-only:
the same selectors and policies as the case file. Whoever reads the case's
re-integration file (the employee, their manager, HR of the employer, a doctor who
serves it) reads them; for anyone else the case does not exist (404). Writing is done on
the pages, where the medical-text guard shows what it refuses."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.api.authentication import api_actor
from poortwachter.reintegration import selectors
from poortwachter.reintegration.models import ConversationNote


def _name(user) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return _name(user) or ""


class AssignmentSerializer(serializers.Serializer):
    assigned_at = serializers.DateTimeField()
    manager = UserRefSerializer()
    previous = UserRefSerializer(allow_null=True)
    assigned_by = UserRefSerializer(allow_null=True)


class CaseManagerSerializer(serializers.Serializer):
    absence_case = serializers.IntegerField(source="case.pk")
    current = UserRefSerializer(allow_null=True)
    history = AssignmentSerializer(many=True)


class ConversationNoteSerializer(serializers.ModelSerializer):
    written_by = UserRefSerializer(allow_null=True)

    class Meta:
        model = ConversationNote
        fields = [
            "id", "case", "held_on", "participants", "agreements", "written_by", "author_role",
            "employee_reaction", "reaction_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class CaseManagerView(APIView):
    @extend_schema(
        responses={200: CaseManagerSerializer},
        description="De casemanager van een verzuimdossier en wie die wanneer wijzigde. "
        "404 voor een dossier dat u niet mag zien.",
    )
    def get(self, request: Request, case_id: int) -> Response:
        view = selectors.case_manager_get(actor=api_actor(request), case_id=case_id)
        return Response(CaseManagerSerializer(view).data)


class ConversationNoteListView(APIView):
    @extend_schema(
        responses={200: ConversationNoteSerializer(many=True)},
        description="De gespreksverslagen van een verzuimdossier, oudste eerst, met de "
        "reactie van de werknemer. 404 voor een dossier dat u niet mag zien.",
    )
    def get(self, request: Request, case_id: int) -> Response:
        _case, notes = selectors.conversation_notes_get(actor=api_actor(request), case_id=case_id)
        return Response(ConversationNoteSerializer(notes, many=True).data)
