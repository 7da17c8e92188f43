"""Input and output shapes. Inputs name exactly the fields a caller may set: anything
else in a request body is refused (mass assignment, SECURITY.md pattern 2)."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.settings import api_settings

from poortwachter.accounts.models import RoleAssignment, RoleRequest, User
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Employee, Employer

#: The largest database key a query parameter may name (as the ``id`` URL converter).
MAX_ID = 10**18 - 1


class StrictSerializer(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                # One error for all of them, not one per name: the names are the caller's,
                # and the documented error shape lists only real fields (schemathesis).
                names = ", ".join(repr(name[:40]) for name in unknown[:10])
                message = _("Deze velden bestaan niet of u mag ze niet invullen: %(names)s.")
                raise serializers.ValidationError(
                    {api_settings.NON_FIELD_ERRORS_KEY: [message % {"names": names}]}
                )
            # DRF turns 12 into "12" for a text field; the schema says text, so a number
            # (or a list, or an object) is refused rather than coerced (schemathesis).
            wrong = {
                name: [_("Geef hier tekst op.")]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and name in data
                and data[name] is not None
                and not isinstance(data[name], str)
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class GrantSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "employer", "department", "employee", "created_at"]
        read_only_fields = fields


class RoleRequestSerializer(serializers.ModelSerializer):
    """A medical role asked for (four eyes, R-ACC-1): it waits for a second person and
    gives no access until approved, on the page "Aanvragen vier ogen"."""

    detail = serializers.SerializerMethodField()

    class Meta:
        model = RoleRequest
        fields = ["id", "user", "kind", "role", "outcome", "requested_at", "detail"]
        read_only_fields = fields

    def get_detail(self, role_request) -> str:
        if role_request.kind == RoleRequest.Kind.CREDENTIALS:
            return str(
                _(
                    "Het herstellen van de inloggegevens is aangevraagd. Het gebeurt pas "
                    "als een tweede persoon de aanvraag goedkeurt."
                )
            )
        return str(
            _(
                "De rol is aangevraagd. Het account krijgt de rol pas als een "
                "tweede persoon de aanvraag goedkeurt."
            )
        )


class UserSerializer(serializers.ModelSerializer):
    grants = GrantSerializer(source="role_assignments", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_active", "grants"]
        read_only_fields = fields


class ActivationSerializer(serializers.Serializer):
    """Shown once to the issuer: the code to hand over apart from the e-mailed link
    (issue 18). Null when nothing needs activating (a password-only reset)."""

    activation_code = serializers.CharField(allow_null=True)
    activation_expires_at = serializers.DateTimeField(allow_null=True)


class UserCreatedSerializer(UserSerializer):
    activation_code = serializers.SerializerMethodField()
    activation_expires_at = serializers.SerializerMethodField()
    #: Set when the first role is a medical one: the account then has no role yet.
    role_request = RoleRequestSerializer(
        source="filed_role_request", read_only=True, allow_null=True
    )

    class Meta(UserSerializer.Meta):
        fields = [
            *UserSerializer.Meta.fields, "activation_code", "activation_expires_at",
            "role_request",
        ]  # fmt: skip
        read_only_fields = fields

    def get_activation_code(self, user) -> str | None:
        issued = user.issued_activation
        return issued.code if issued else None

    def get_activation_expires_at(self, user) -> datetime | None:
        issued = user.issued_activation
        return issued.expires_at if issued else None


class RoleScopeInput(StrictSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    employer = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    department = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    employee = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class UserCreateInput(RoleScopeInput):
    email = serializers.EmailField(max_length=254)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)


class CredentialsResetInput(StrictSerializer):
    password = serializers.BooleanField(default=True)
    second_factor = serializers.BooleanField(default=True)


class EmployerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "kvk_number",
            "payroll_tax_number",
            "own_risk_sickness_benefit",
            "own_risk_wga",
        ]
        read_only_fields = ["id"]


class EmployerCreateInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    kvk_number = serializers.RegexField(r"^\d{8}$", required=False, allow_blank=True)
    payroll_tax_number = serializers.RegexField(r"^\d{9}L\d{2}$", required=False, allow_blank=True)
    own_risk_sickness_benefit = serializers.BooleanField(default=False)
    own_risk_wga = serializers.BooleanField(default=False)


class EmployeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = [
            "id",
            "employer",
            "personnel_number",
            "first_name",
            "name_prefix",
            "last_name",
            "email",
            "phone",
        ]
        read_only_fields = fields


class EmployeeCreateInput(StrictSerializer):
    employer = serializers.IntegerField(min_value=1)
    personnel_number = serializers.CharField(max_length=32)
    first_name = serializers.CharField(max_length=100)
    name_prefix = serializers.CharField(max_length=20, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=100)
    bsn = serializers.CharField(max_length=11)
    date_of_birth = serializers.DateField()
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=32, allow_blank=True, default="")
    street = serializers.CharField(max_length=200, allow_blank=True, default="")
    house_number = serializers.CharField(max_length=16, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=7, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, allow_blank=True, default="")
    department = serializers.IntegerField(min_value=1)
    job_title = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    roles = GrantSerializer(many=True)


class EmployeeFilterQuery(serializers.Serializer):
    """The filters of ``GET /api/v1/employees/``: the same as HR's page of employees."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages={"max_length": _("Zoek met ten hoogste 100 tekens.")},
    )
    department = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": _("Geef het nummer (id) van een afdeling op."),
            "min_value": _("Geef het nummer (id) van een afdeling op."),
            "max_value": _("Geef het nummer (id) van een afdeling op."),
            "max_string_length": _("Geef het nummer (id) van een afdeling op."),
        },
    )

    def validate(self, attrs):
        # DRF skips an empty ``?department=`` as if it were absent; the schema says a
        # number, so an empty one is an error (found by schemathesis).
        if self.initial_data.get("department", None) == "":
            raise serializers.ValidationError(
                {"department": [_("Geef het nummer (id) van een afdeling op.")]}
            )
        return attrs
