"""Pages for organisation data: a manager's team, HR's employee list, the service
administrator's employers, the company doctor's employers. Every page fetches through
``policies`` and reads personal data through a ``selectors`` function that records what
it showed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.core.access import actor_required
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.pages import PageRequest
from poortwachter.organisations import policies, selectors, services
from poortwachter.organisations.forms import (
    DepartmentForm,
    DoctorAssignForm,
    EmployeeForm,
    EmployeeSearchForm,
    EmployerForm,
    EmploymentEndForm,
)

PAGE_SIZE = 50


@require_GET
@actor_required(policies.can_see_team)
def team(request, *, actor):
    page = selectors.team_members(
        actor=actor, page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE)
    )
    return render(request, "organisations/team.html", {"page": page})


@require_GET
@actor_required(policies.can_list_employees)
def employee_list(request, *, actor):
    form = EmployeeSearchForm(request.GET or None, departments=policies.hr_departments_for(actor))
    page = selectors.employee_search(
        actor=actor,
        filters=form.filters(),
        page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE),
        listing=selectors.EmployeeListing.HR,
    )
    context = {
        "form": form,
        "page": page,
        "hr_employer_ids": sorted(policies.hr_employer_ids(actor)),
    }
    return render(request, "organisations/employee_list.html", context)


@require_GET
@actor_required(policies.can_open_employee_pages)
def employee_detail(request, employee_id, *, actor):
    employee = selectors.employee_get(actor=actor, employee_id=employee_id)
    return render(
        request,
        "organisations/employee_detail.html",
        {
            "employee": employee,
            "employments": selectors.employment_history(employee),
            "can_manage": policies.can_manage_people(actor, employee.employer_id),
            "end_form": EmploymentEndForm(),
        },
    )


@actor_required(policies.can_manage_people_somewhere)
@require_http_methods(["GET", "POST"])
def employee_create(request, employer_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    if not policies.can_manage_people(actor, employer.pk):
        raise Forbidden
    form = EmployeeForm(
        request.POST or None, employer=employer, departments=selectors.departments_of(employer)
    )
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


@actor_required(policies.can_manage_people_somewhere)
@require_POST
def employment_end(request, employee_id, employment_id, *, actor):
    employee = policies.get_employee_for(actor, employee_id)
    employment = policies.get_employment_for(actor, employee, employment_id)
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


@require_GET
@actor_required(policies.can_see_served_employers)
def doctor_home(request, *, actor):
    employers = selectors.served_employers(actor=actor)
    return render(request, "organisations/doctor_home.html", {"employers": employers})


@actor_required(policies.can_administer_employers)
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
    employers = selectors.employers_with_department_count(actor=actor)
    return render(
        request, "organisations/employer_list.html", {"employers": employers, "form": form}
    )


@actor_required(policies.can_administer_employers)
@require_http_methods(["GET", "POST"])
def employer_detail(request, employer_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    form = DoctorAssignForm(request.POST or None, doctors=policies.assignable_doctors_for(actor))
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
        "assignments": selectors.doctor_assignments_of(employer),
        "departments": selectors.departments_of(employer),
    }
    return render(request, "organisations/employer_detail.html", context)


@actor_required(policies.can_administer_employers)
@require_POST
def doctor_unassign(request, employer_id, assignment_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    assignment = policies.get_doctor_assignment_for(actor, employer, assignment_id)
    try:
        services.doctor_unassign(actor=actor, assignment=assignment)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De bedrijfsarts bedient deze werkgever niet meer."))
    return redirect("organisations:employer_detail", employer_id=employer.pk)


@actor_required(policies.can_open_structure_pages)
@require_http_methods(["GET", "POST"])
def department_list(request, employer_id, *, actor):
    employer = policies.get_employer_for(actor, employer_id)
    if not policies.can_manage_structure(actor, employer.pk):
        raise Forbidden
    departments = selectors.departments_of(employer)
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
        {
            "employer": employer,
            "departments": departments,
            "form": form,
            "can_manage_people": policies.can_manage_people(actor, employer.pk),
        },
    )
