"""OpenAPI description of the API's one authentication: the two-factor session cookie."""

from django.db import models
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import serializers


class SecondFactorSessionScheme(OpenApiAuthenticationExtension):
    target_class = "poortwachter.api.authentication.SecondFactorSessionAuthentication"
    name = "twoFactorSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": (
                "Session cookie of a browser sign-in that passed password and second factor. "
                "State-changing calls also need the CSRF token in X-CSRFToken."
            ),
        }


class ClientTokenScheme(OpenApiAuthenticationExtension):
    """Machine clients of an employer, on the integration endpoints only (issue 20)."""

    target_class = "poortwachter.api.authentication.ClientTokenAuthentication"
    name = "clientBearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Access token of a machine client (10 minutes), from POST "
                "/api/v1/oauth/token/ with a private_key_jwt client assertion (RFC 7523)."
            ),
        }


class OAuthErrorSerializer(serializers.Serializer):
    """RFC 6749 section 5.2: the token endpoint's error answer."""

    error = serializers.ChoiceField(choices=["invalid_client", "invalid_scope"])
    error_description = serializers.CharField()


class AutoSchema(StandardizedErrorsAutoSchema):
    """Every endpoint can answer 403: access is decided by policies inside the services
    (an employer administrator issuing a doctor account, say), not only by the
    permission classes that drf-standardized-errors can see."""

    def _should_add_http403_error_response(self) -> bool:
        return True


class Forbidden403Code(models.TextChoices):
    """The API answers 403 both to a signed-in user without the right (permission_denied)
    and to a caller without a two-factor session (not_authenticated): there is no
    authentication scheme a client could retry with, so no 401."""

    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"


class Error403Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Forbidden403Code.choices)
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse403Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error403Serializer(many=True)  # type: ignore[assignment]  # as upstream does
