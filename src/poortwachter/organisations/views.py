"""Pages for organisation data: a manager's team, HR's employee list, the service
administrator's employers, the company doctor's employers. Every page fetches through
``policies`` and records what it showed."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from poortwachter.accounts.decorators import role_required
from poortwachter.accounts.models import User
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.roles import Role
from poortwachter.organisations import policies, services
from poortwachter.organisations.forms import (
    DepartmentForm,
    DoctorAssignForm,
    EmployeeForm,
    EmployeeSearchForm,
    EmployerForm,
    EmploymentEndForm,
)
from poortwachter.organisations.models import DoctorAssignment, Employment, current_employments

PAGE_SIZE = 50
#: What the employee lists show (``_employee_rows.html``): they load no more than that.
LIST_FIELDS = ("first_name", "name_prefix", "last_name", "personnel_number")


def _with_current_employment(queryset):
    """The page's people with their current contracts: two queries for any page."""
    contracts = (
        current_employments()
        .select_related("department")
        .only("employee", "job_title", "hours_per_week", "department__name")
    )
    return queryset.only(*LIST_FIELDS).prefetch_related(
        Prefetch("employments", queryset=contracts, to_attr="current_employments")
    )


def _record_list(actor, action, page, employer_id=None, purpose=""):
    audit_record(
        actor=actor,
        action=action,
        employer_id=employer_id,
        purpose=purpose,
        subject_employee_ids=[employee.pk for employee in page],
    )


@role_required(Role.MANAGER)
def team(request, *, actor):
    members = current_employments().filter(department_id__in=actor.managed_department_ids)
    employees = (
        policies.employees_visible_to(actor)
        .filter(pk__in=members.values("employee_id"))
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(_with_current_employment(employees), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _record_list(actor, Action.READ, page, purpose="team_overview")
    return render(request, "organisations/team.html", {"page": page})


@role_required(Role.HR)
def employee_list(request, *, actor):
    departments = policies.departments_visible_to(actor).filter(
        employer_id__in=actor.employer_ids(Role.HR)
    )
    form = EmployeeSearchForm(request.GET or None, departments=departments)
    employees = policies.employees_visible_to(actor).filter(
        employer_id__in=actor.employer_ids(Role.HR)
    )
    searched = False
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            searched = True
            employees = employees.filter(
                Q(last_name__icontains=query)
                | Q(first_name__icontains=query)
                | Q(personnel_number__iexact=query)
            )
        if form.cleaned_data["department"]:
            searched = True
            employees = employees.filter(
                pk__in=current_employments()
                .filter(department=form.cleaned_data["department"])
                .values("employee_id")
            )
    paginator = Paginator(_with_current_employment(employees), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    _record_list(actor, Action.SEARCH if searched else Action.READ, page, purpose="hr_overview")
    context = {"form": form, "page": page, "hr_employer_ids": sorted(actor.employer_ids(Role.HR))}
    return render(request, "organisations/employee_list.html", context)


@role_required(Role.HR, Role.MANAGER, Role.EMPLOYER_ADMIN)
def employee_detail(request, employee_id, *, actor):
    employee = policies.get_employee_for(actor, employee_id)
    employments = Employment.objects.filter(employee=employee).select_related("department")
    audit_record(
        actor=actor,
        action=Action.READ,
        target=employee,
        employer_id=employee.employer_id,
        subject_employee_id=employee.pk,
    )
    return render(
        request,
        "organisations/employee_detail.html",
        {
            "employee": employee,
            "employments": employments,
            "can_manage": policies.can_manage_people(actor, employee.employer_id),
            "end_form": EmploymentEndForm(),
        },
    )


@role_required(Role.HR, Role.EMPLOYER_ADMIN)
@require_http_methods(["GET", "POST"])
def employee_create(request, employer_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    if not policies.can_manage_people(actor, employer.pk):
        raise Forbidden
    form = EmployeeForm(request.POST or None, departments=employer.departments.all())
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_create(
                actor=actor, employer=employer, data=services.EmployeeInput(**form.cleaned_data)
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De werknemer is toegevoegd."))
            return redirect("organisations:employee_detail", employee_id=employee.pk)
    return render(request, "organisations/employee_form.html", {"form": form, "employer": employer})


@role_required(Role.HR, Role.EMPLOYER_ADMIN)
@require_POST
def employment_end(request, employee_id, employment_id, *, actor):
    employee = policies.get_employee_for(actor, employee_id)
    employment = get_object_or_404(Employment, pk=employment_id, employee=employee)
    if not policies.can_manage_people(actor, employee.employer_id):
        raise Forbidden
    form = EmploymentEndForm(request.POST)
    if form.is_valid():
        try:
            services.employment_end(actor=actor, employment=employment, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het dienstverband is beëindigd."))
    else:
        messages.error(request, _("Vul de laatste werkdag in."))
    return redirect("organisations:employee_detail", employee_id=employee.pk)


@role_required(Role.DOCTOR)
def doctor_home(request, *, actor):
    employers = (
        policies.employers_visible_to(actor)
        .filter(pk__in=policies.served_employer_ids(actor))
        .annotate(
            employee_count=Count(
                "employments__employee",
                filter=Q(employments__end_date__isnull=True),
                distinct=True,
            )
        )
    )
    return render(request, "organisations/doctor_home.html", {"employers": employers})


@role_required(Role.SERVICE_ADMIN)
@require_http_methods(["GET", "POST"])
def employer_list(request, *, actor):
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(actor=actor, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Werkgever %(name)s is aangemaakt.") % {"name": employer})
            return redirect("organisations:employer_detail", employer_id=employer.pk)
    employers = policies.employers_visible_to(actor).annotate(
        department_count=Count("departments", distinct=True)
    )
    return render(
        request, "organisations/employer_list.html", {"employers": employers, "form": form}
    )


@role_required(Role.SERVICE_ADMIN)
@require_http_methods(["GET", "POST"])
def employer_detail(request, employer_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    doctors = User.objects.filter(role_assignments__role=Role.DOCTOR).distinct()
    form = DoctorAssignForm(request.POST or None, doctors=doctors)
    if request.method == "POST" and form.is_valid():
        try:
            services.doctor_assign(actor=actor, employer=employer, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De bedrijfsarts is toegewezen."))
            return redirect("organisations:employer_detail", employer_id=employer.pk)
    context = {
        "employer": employer,
        "form": form,
        "assignments": employer.doctor_assignments.select_related("doctor"),
        "departments": employer.departments.select_related("parent"),
    }
    return render(request, "organisations/employer_detail.html", context)


@role_required(Role.SERVICE_ADMIN)
@require_POST
def doctor_unassign(request, employer_id, assignment_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    assignment = get_object_or_404(DoctorAssignment, pk=assignment_id, employer=employer)
    try:
        services.doctor_unassign(actor=actor, assignment=assignment)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De bedrijfsarts bedient deze werkgever niet meer."))
    return redirect("organisations:employer_detail", employer_id=employer.pk)


@role_required(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)
@require_http_methods(["GET", "POST"])
def department_list(request, employer_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    if not policies.can_manage_structure(actor, employer.pk):
        raise Forbidden
    departments = employer.departments.select_related("parent")
    form = DepartmentForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_create(actor=actor, employer=employer, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De afdeling is aangemaakt."))
            return redirect("organisations:department_list", employer_id=employer.pk)
    return render(
        request,
        "organisations/department_list.html",
        {"employer": employer, "departments": departments, "form": form},
    )
