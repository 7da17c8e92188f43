"""API for the user's own notifications (issue 19): the list and read-marking, through
the same selectors, policies and services as the notification centre."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.api.authentication import api_actor
from poortwachter.api.pagination import page_request, page_response
from poortwachter.core.errors import Forbidden
from poortwachter.notifications import policies, selectors, services
from poortwachter.notifications.models import Notification

PAGE_SIZE = 50


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "link", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, notification: Notification) -> bool:
        return notification.read_at is None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationListView(generics.ListAPIView):
    """The caller's own notifications, newest first, a page at a time like every list."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; the rows come from the selector

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", OpenApiTypes.BOOL, description="Alleen ongelezen."),
        ],
        description="Uw eigen meldingen, nieuwste eerst: soort, link en of ze gelezen zijn.",
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        actor = api_actor(request)
        if not policies.can_use_notifications(actor):
            raise Forbidden
        unread_only = _unread_only(request)
        page = selectors.notification_page(
            actor=actor, page=page_request(request, size=PAGE_SIZE), unread_only=unread_only
        )
        return page_response(request, page, list(NotificationSerializer(page, many=True).data))


def _unread_only(request: Request) -> bool:
    """``?unread=``: a boolean, as the schema says; anything else is a 400."""
    value = request.query_params.get("unread")
    if value is None:
        return False
    try:
        return serializers.BooleanField().to_internal_value(value)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({"unread": error.detail}) from None


class NotificationReadView(APIView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, notification_id: int) -> Response:
        actor = api_actor(request)
        notification = policies.get_notification_for(actor, notification_id)
        notification = services.mark_read(actor=actor, notification=notification)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(request=None, responses=ReadAllSerializer)
    def post(self, request: Request) -> Response:
        marked = services.mark_all_read(actor=api_actor(request))
        return Response({"marked": marked})
