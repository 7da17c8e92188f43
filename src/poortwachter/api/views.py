"""API endpoints: parse, fetch through a policy, call the same service as the HTML view."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound as ApiNotFound
from rest_framework.exceptions import PermissionDenied as ApiForbidden
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.accounts import policies as account_policies
from poortwachter.accounts import services as account_services
from poortwachter.accounts.models import RoleAssignment
from poortwachter.accounts.selectors import actor_for_request
from poortwachter.api import serializers as s
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.errors import Forbidden, NotFound, ServiceError
from poortwachter.core.roles import Role
from poortwachter.organisations import policies as org_policies
from poortwachter.organisations import services as org_services
from poortwachter.organisations.models import Department, Employee


def _actor(request: Request):
    return actor_for_request(request._request)


def _call(function, **kwargs):
    """Run a service and translate its refusals into API errors."""
    try:
        return function(**kwargs)
    except ServiceError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise ApiValidationError(
            detail if isinstance(detail, dict) else {"non_field_errors": detail}
        ) from None
    except Forbidden as error:
        raise ApiForbidden(str(error) or None) from None
    except NotFound:
        raise ApiNotFound from None


def _resolve_scope(actor, data: dict) -> dict:
    """Turn ids into objects, never looking outside what the actor can see."""
    employer = department = employee = None
    if data.get("employer"):
        employer = _call(org_policies.get_employer_for, actor=actor, employer_id=data["employer"])
    for key, model in (("department", Department), ("employee", Employee)):
        if data.get(key):
            found = (
                model.objects.filter(pk=data[key], employer=employer).first() if employer else None
            )
            if found is None:
                raise ApiValidationError({key: [_("Niet gevonden bij deze werkgever.")]})
            if key == "department":
                department = found
            else:
                employee = found
    return {"employer": employer, "department": department, "employee": employee}


def _users(actor):
    return account_policies.users_visible_to(actor).prefetch_related(
        Prefetch("role_assignments", queryset=account_policies.assignments_visible_to(actor))
    )


class MeView(APIView):
    @extend_schema(responses=s.MeSerializer)
    def get(self, request: Request) -> Response:
        actor = _actor(request)
        grants = RoleAssignment.objects.filter(user_id=actor.user_id)
        data = {
            "id": actor.user_id,
            "email": getattr(request.user, "email", ""),
            "name": actor.label,
            "roles": grants,
        }
        return Response(s.MeSerializer(data).data)


def _record_users_read(actor, users, single: bool = False) -> None:
    """Accounts carry names and e-mail addresses; employees bound to them find the read
    under "who viewed my data"."""
    bound = [a.employee_id for u in users for a in u.role_assignments.all() if a.employee_id]
    audit_record(
        actor=actor,
        action=Action.READ,
        target=users[0] if single else None,
        subject_user_id=users[0].pk if single else None,
        purpose="account_management",
        details={} if single else {"user_ids": [u.pk for u in users]},
        subject_employee_ids=bound,
    )


class UserListCreateView(generics.ListAPIView):
    """The accounts the actor manages, a page at a time (``?page=``) like every list."""

    serializer_class = s.UserSerializer

    def get_queryset(self):
        return _users(_actor(self.request))

    def list(self, request, *args, **kwargs):
        actor = _actor(request)
        if not account_policies.can_manage_accounts(actor):
            raise ApiForbidden
        page = self.paginate_queryset(self.get_queryset())
        _record_users_read(actor, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.UserCreateInput, responses={201: s.UserSerializer})
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        if not account_policies.can_manage_accounts(actor):
            raise ApiForbidden  # decide access before looking at the input
        payload = s.UserCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        scope = _resolve_scope(actor, data)
        user = _call(
            account_services.user_create,
            actor=actor,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
            **scope,
        )
        return Response(s.UserSerializer(user).data, status=status.HTTP_201_CREATED)


class UserDetailView(APIView):
    @extend_schema(responses=s.UserSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        actor = _actor(request)
        _call(account_policies.get_user_for, actor=actor, user_id=user_id)
        user = _users(actor).get(pk=user_id)
        _record_users_read(actor, [user], single=True)
        return Response(s.UserSerializer(user).data)


class UserGrantView(APIView):
    @extend_schema(request=s.RoleScopeInput, responses={201: s.GrantSerializer})
    def post(self, request: Request, user_id: int) -> Response:
        actor = _actor(request)
        user = _call(account_policies.get_user_for, actor=actor, user_id=user_id)
        payload = s.RoleScopeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        scope = _resolve_scope(actor, dict(payload.validated_data))
        assignment = _call(
            account_services.role_grant,
            actor=actor,
            user=user,
            role=payload.validated_data["role"],
            **scope,
        )
        return Response(s.GrantSerializer(assignment).data, status=status.HTTP_201_CREATED)


class GrantDetailView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, assignment_id: int) -> Response:
        actor = _actor(request)
        assignment = _call(
            account_policies.get_assignment_for, actor=actor, assignment_id=assignment_id
        )
        _call(account_services.role_revoke, actor=actor, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CredentialsResetView(APIView):
    @extend_schema(request=s.CredentialsResetInput, responses={204: None})
    def post(self, request: Request, user_id: int) -> Response:
        actor = _actor(request)
        user = _call(account_policies.get_manageable_user_for, actor=actor, user_id=user_id)
        payload = s.CredentialsResetInput(data=request.data)
        payload.is_valid(raise_exception=True)
        _call(account_services.credentials_reset, actor=actor, user=user, **payload.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmployerListCreateView(APIView):
    @extend_schema(responses=s.EmployerSerializer(many=True))
    def get(self, request: Request) -> Response:
        employers = org_policies.employers_visible_to(_actor(request))
        return Response(s.EmployerSerializer(employers, many=True).data)

    @extend_schema(request=s.EmployerCreateInput, responses={201: s.EmployerSerializer})
    def post(self, request: Request) -> Response:
        if not org_policies.can_create_employer(_actor(request)):
            raise ApiForbidden  # decide access before looking at the input
        payload = s.EmployerCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        employer = _call(
            org_services.employer_create, actor=_actor(request), **payload.validated_data
        )
        return Response(s.EmployerSerializer(employer).data, status=status.HTTP_201_CREATED)


class EmployeeListView(generics.ListAPIView):
    serializer_class = s.EmployeeSerializer

    @extend_schema(request=s.EmployeeCreateInput, responses={201: s.EmployeeSerializer})
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        if not actor.has_role(Role.HR, Role.EMPLOYER_ADMIN):
            raise ApiForbidden  # decide access before looking at the input
        payload = s.EmployeeCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        employer = _call(
            org_policies.get_employer_for, actor=actor, employer_id=data.pop("employer")
        )
        department = Department.objects.filter(pk=data.pop("department"), employer=employer).first()
        if department is None:
            raise ApiValidationError({"department": [_("Niet gevonden bij deze werkgever.")]})
        employee = _call(
            org_services.employee_create, actor=actor, employer=employer,
            data=org_services.EmployeeInput(department=department, **data),
        )  # fmt: skip
        return Response(s.EmployeeSerializer(employee).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        return org_policies.employees_visible_to(_actor(self.request)).order_by("pk")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit_record(
            actor=_actor(request),
            action=Action.READ,
            purpose="api_employee_list",
            subject_employee_ids=[row["id"] for row in response.data["results"]],
        )
        return response


class EmployeeDetailView(APIView):
    @extend_schema(responses=s.EmployeeSerializer)
    def get(self, request: Request, employee_id: int) -> Response:
        actor = _actor(request)
        employee = _call(org_policies.get_employee_for, actor=actor, employee_id=employee_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=employee,
            employer_id=employee.employer_id,
            subject_employee_id=employee.pk,
        )
        return Response(s.EmployeeSerializer(employee).data)
