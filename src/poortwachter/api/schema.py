"""OpenAPI description of the API's one authentication: the two-factor session cookie."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema


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


class AutoSchema(StandardizedErrorsAutoSchema):
    """Every endpoint can answer 403: access is decided by policies inside the services
    (an employer administrator issuing a doctor account, say), not only by the
    permission classes that drf-standardized-errors can see."""

    def _should_add_http403_error_response(self) -> bool:
        return True
