"""API endpoints: parse, fetch through a policy, call the same service or selector as
the HTML view. Refusals are the domain's own errors (``core.errors``); the exception
handler (``api.exceptions``) answers them with 400, 403 or 404."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.accounts import policies as account_policies
from poortwachter.accounts import selectors as account_selectors
from poortwachter.accounts import services as account_services
from poortwachter.api import serializers as s
from poortwachter.api.authentication import api_actor
from poortwachter.api.pagination import page_request, page_response
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.organisations import policies as org_policies
from poortwachter.organisations import selectors as org_selectors
from poortwachter.organisations import services as org_services
from poortwachter.organisations.models import Employee, Employer

PAGE_SIZE = 50


def _not_at_employer(key: str) -> ApiValidationError:
    return ApiValidationError({key: [_("Niet gevonden bij deze werkgever.")]})


def _resolve_scope(actor: Actor, data: dict) -> dict:
    """Turn ids into objects through the policies, never looking outside what the actor
    can see. An unknown employer is not found (404); a department or employee that is
    not the employer's is an error in the input (400)."""
    employer = department = employee = None
    if data.get("employer"):
        employer = org_policies.get_employer_for(actor, data["employer"])
    if data.get("department"):
        department = _department_at(actor, employer, data["department"])
    if data.get("employee"):
        if employer is None:
            raise _not_at_employer("employee")
        try:
            employee = org_policies.get_employee_at(actor, employer, data["employee"])
        except NotFound:
            raise _not_at_employer("employee") from None
    return {"employer": employer, "department": department, "employee": employee}


def _department_at(actor: Actor, employer: Employer | None, department_id: int):
    if employer is None:
        raise _not_at_employer("department")
    try:
        return org_policies.get_department_at(actor, employer, department_id)
    except NotFound:
        raise _not_at_employer("department") from None


class MeView(APIView):
    @extend_schema(responses=s.MeSerializer)
    def get(self, request: Request) -> Response:
        actor = api_actor(request)
        data = {
            "id": actor.user_id,
            "email": getattr(request.user, "email", ""),
            "name": actor.label,
            "roles": account_selectors.own_grants(actor=actor),
        }
        return Response(s.MeSerializer(data).data)


class UserListCreateView(generics.ListAPIView):
    """The accounts the actor manages, a page at a time (``?page=``) like every list."""

    serializer_class = s.UserSerializer

    def get_queryset(self):  # for the schema only; the list comes from the selector
        return account_policies.users_visible_to(api_actor(self.request)).none()

    def list(self, request, *args, **kwargs):
        actor = api_actor(request)
        if not account_policies.can_manage_accounts(actor):
            raise Forbidden
        page = account_selectors.account_list(
            actor=actor, page=page_request(request, size=PAGE_SIZE)
        )
        return page_response(request, page, self.get_serializer(page, many=True).data)

    @extend_schema(request=s.UserCreateInput, responses={201: s.UserCreatedSerializer})
    def post(self, request: Request) -> Response:
        actor = api_actor(request)
        if not account_policies.can_manage_accounts(actor):
            raise Forbidden  # decide access before looking at the input
        payload = s.UserCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        user = account_services.user_create(
            actor=actor,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
            **_resolve_scope(actor, data),
        )
        return Response(s.UserCreatedSerializer(user).data, status=status.HTTP_201_CREATED)


class UserDetailView(APIView):
    @extend_schema(responses=s.UserSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        user = account_selectors.account_get(actor=api_actor(request), user_id=user_id)
        return Response(s.UserSerializer(user).data)


class UserGrantView(APIView):
    @extend_schema(
        request=s.RoleScopeInput,
        responses={201: s.GrantSerializer, 202: s.RoleRequestSerializer},
        description=(
            "Grants a role (201). A medical role (doctor, assistant) is not granted by one "
            "person: it is requested (202) and held only once a second person approves it."
        ),
    )
    def post(self, request: Request, user_id: int) -> Response:
        actor = api_actor(request)
        user = account_policies.get_user_for(actor, user_id)
        payload = s.RoleScopeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        scope = _resolve_scope(actor, dict(payload.validated_data))
        role = payload.validated_data["role"]
        if account_services.takes_four_eyes(role, scope.get("employer")):
            filed = account_services.role_request_file(actor=actor, user=user, role=role, **scope)
            return Response(s.RoleRequestSerializer(filed).data, status=status.HTTP_202_ACCEPTED)
        assignment = account_services.role_grant(actor=actor, user=user, role=role, **scope)
        return Response(s.GrantSerializer(assignment).data, status=status.HTTP_201_CREATED)


class GrantDetailView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, assignment_id: int) -> Response:
        actor = api_actor(request)
        assignment = account_policies.get_assignment_for(actor, assignment_id)
        account_services.role_revoke(actor=actor, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CredentialsResetView(APIView):
    @extend_schema(
        request=s.CredentialsResetInput,
        responses={200: s.ActivationSerializer, 202: s.RoleRequestSerializer},
        description=(
            "Resets the credentials (200). For an account with a medical role the reset "
            "is requested (202) and happens only once a second person approves it."
        ),
    )
    def post(self, request: Request, user_id: int) -> Response:
        actor = api_actor(request)
        user = account_policies.get_manageable_user_for(actor, user_id)
        payload = s.CredentialsResetInput(data=request.data)
        payload.is_valid(raise_exception=True)
        if account_services.medical_roles_of(user):
            filed = account_services.credentials_reset_request_file(
                actor=actor, user=user, **payload.validated_data
            )
            return Response(s.RoleRequestSerializer(filed).data, status=status.HTTP_202_ACCEPTED)
        issued = account_services.credentials_reset(
            actor=actor, user=user, **payload.validated_data
        )
        body = {
            "activation_code": issued.code if issued else None,
            "activation_expires_at": issued.expires_at if issued else None,
        }
        return Response(s.ActivationSerializer(body).data)


class EmployerListCreateView(APIView):
    @extend_schema(responses=s.EmployerSerializer(many=True))
    def get(self, request: Request) -> Response:
        employers = org_policies.employers_visible_to(api_actor(request))
        return Response(s.EmployerSerializer(employers, many=True).data)

    @extend_schema(request=s.EmployerCreateInput, responses={201: s.EmployerSerializer})
    def post(self, request: Request) -> Response:
        actor = api_actor(request)
        if not org_policies.can_create_employer(actor):
            raise Forbidden  # decide access before looking at the input
        payload = s.EmployerCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        employer = org_services.employer_create(actor=actor, **payload.validated_data)
        return Response(s.EmployerSerializer(employer).data, status=status.HTTP_201_CREATED)


EMPLOYEE_FILTERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description=_(
            "Zoek op (een deel van) de voor- of achternaam, of op het hele personeelsnummer."
        ),
    ),
    OpenApiParameter(
        "department",
        OpenApiTypes.INT,
        description=_("Alleen werknemers die nu in deze afdeling (id) werken."),
    ),
]


@extend_validation_errors(
    ["max_length", "null_characters_not_allowed", "surrogate_characters_not_allowed"],
    "q",
    methods=["get"],
)
@extend_validation_errors(["invalid", "min_value", "max_value"], "department", methods=["get"])
class EmployeeListView(generics.ListAPIView):
    """The employees the actor may see, with the HR page's filters (``?q=``,
    ``?department=``), a page at a time."""

    serializer_class = s.EmployeeSerializer

    def get_queryset(self):  # for the schema only; the list comes from the selector
        return Employee.objects.none()

    @extend_schema(parameters=EMPLOYEE_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        query = s.EmployeeFilterQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = org_selectors.employee_search(
            actor=api_actor(request),
            filters=org_selectors.EmployeeFilters(
                q=query.validated_data.get("q", ""),
                department_id=query.validated_data.get("department"),
            ),
            page=page_request(request, size=PAGE_SIZE),
        )
        return page_response(request, page, self.get_serializer(page, many=True).data)

    @extend_schema(request=s.EmployeeCreateInput, responses={201: s.EmployeeSerializer})
    def post(self, request: Request) -> Response:
        actor = api_actor(request)
        if not org_policies.can_manage_people_somewhere(actor):
            raise Forbidden  # decide access before looking at the input
        payload = s.EmployeeCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        employer = org_policies.get_employer_for(actor, data.pop("employer"))
        department = _department_at(actor, employer, data.pop("department"))
        employee = org_services.employee_create(
            actor=actor, employer=employer,
            data=org_services.EmployeeInput(department=department, **data),
        )  # fmt: skip
        return Response(s.EmployeeSerializer(employee).data, status=status.HTTP_201_CREATED)


class EmployeeDetailView(APIView):
    @extend_schema(responses=s.EmployeeSerializer)
    def get(self, request: Request, employee_id: int) -> Response:
        employee = org_selectors.employee_get(actor=api_actor(request), employee_id=employee_id)
        return Response(s.EmployeeSerializer(employee).data)
