"""The Poortwachter timeline through the API (reintegration.timeline, DOMAIN.md §1).

- ``POST /api/v1/timeline/``: compute a timeline from dates in the body. Any signed-in
  role may: it reads and stores nothing, so it writes no access event.
- ``GET /api/v1/absence-cases/{id}/timeline/``: the timeline of a stored case, from the
  periods of its sick reports and the employee's pregnancy/maternity leave. The case is
  found through the sick reports' readers' rule (absences.policies): the employee, their
  manager, HR of the employer and a doctor who serves it; for anyone else it does not
  exist (404). Reading it records an access event.
"""

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from poortwachter.absences import selectors
from poortwachter.api.authentication import api_actor
from poortwachter.api.serializers import StrictSerializer
from poortwachter.core import clock
from poortwachter.reintegration import selectors as reintegration_selectors
from poortwachter.reintegration import timeline
from poortwachter.reintegration.timeline import Period, TimelineError

#: Enough for any real history; bounds the work a request can ask for.
MAX_PERIODS = 100


class PeriodInput(StrictSerializer):
    start = serializers.DateField(help_text="Eerste ziektedag van de periode.")
    end = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="Laatste ziektedag (inclusief); leeg of null: nog ziek.",
    )  # fmt: skip


class LeaveInput(StrictSerializer):
    start = serializers.DateField(help_text="Eerste verlofdag.")
    end = serializers.DateField(help_text="Laatste verlofdag (inclusief).")


class TimelineInput(StrictSerializer):
    first_sick_day = serializers.DateField()
    # max_length: ListSerializer checks it before parsing the items (missing in the stubs).
    periods = PeriodInput(  # type: ignore[call-arg]
        many=True, required=False, max_length=MAX_PERIODS,
        help_text="Ziekteperiodes; de eerste begint op first_sick_day. Leeg: één open "
                  "periode vanaf first_sick_day.",
    )  # fmt: skip
    leave = LeaveInput(  # type: ignore[call-arg]
        many=True, required=False, max_length=MAX_PERIODS,
        help_text="Zwangerschaps- en bevallingsverlof (WAZO).",
    )  # fmt: skip
    done = serializers.DictField(
        child=serializers.DateField(), required=False,
        help_text="Gezette stappen: code (of evaluation.n) → datum.",
    )  # fmt: skip

    extension_weeks = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=52,
        help_text="Vrijwillige verlenging van de loondoorbetaling met UWV (art. 24 lid 1 WIA), "
                  "in weken.",
    )  # fmt: skip
    sanction = LeaveInput(
        required=False, allow_null=True, default=None,
        help_text="Loonsanctie van UWV (art. 25 lid 9 WIA): eerste en laatste dag, hooguit "
                  "52 weken.",
    )  # fmt: skip
    early_iva = serializers.BooleanField(
        required=False, default=False,
        help_text="De werknemer kiest voor een vervroegde IVA-aanvraag (week 3 tot en met 68).",
    )  # fmt: skip

    def validate_done(self, value: dict) -> dict:
        if len(value) > MAX_PERIODS:
            raise serializers.ValidationError(_("Te veel stappen."))
        return value


class MilestoneSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=timeline.CODES)
    key = serializers.CharField(help_text="De code, of evaluation.n bij een evaluatie.")
    # Declared fields are taken off the class, so these shadow nothing at run time.
    label = serializers.CharField()  # type: ignore[assignment]
    due = serializers.DateField()
    window_start = serializers.DateField(allow_null=True)
    role = serializers.ChoiceField(choices=timeline.ROLES)
    source = serializers.CharField()  # type: ignore[assignment]
    depends_on = serializers.CharField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    n = serializers.IntegerField(required=False, help_text="Volgnummer van een evaluatie.")
    status = serializers.ChoiceField(
        choices=[timeline.DONE, timeline.OVERDUE, timeline.PENDING, timeline.LAPSED],
        required=False, help_text="Alleen bij een opgeslagen verzuimdossier (stand van vandaag).",
    )  # fmt: skip


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class CaseSerializer(serializers.Serializer):
    first_sick_day = serializers.DateField()
    gap_days = serializers.IntegerField()
    leave_days = serializers.IntegerField()
    extension_weeks = serializers.IntegerField()
    wage_sanction = PeriodSerializer(allow_null=True)
    wage_continuation_ends = serializers.DateField()
    periods = PeriodSerializer(many=True)
    milestones = MilestoneSerializer(many=True)


class TimelineSerializer(serializers.Serializer):
    cases = CaseSerializer(many=True)


class CaseTimelineSerializer(TimelineSerializer):
    absence_case = serializers.IntegerField()


def _compute(periods, **kwargs) -> dict:
    try:
        return timeline.as_dict(timeline.compute(periods, **kwargs))
    except TimelineError as error:
        raise ApiValidationError({error.field or "non_field_errors": [error.text]}) from None


class TimelineComputeView(APIView):
    @extend_schema(
        request=TimelineInput,
        responses={200: TimelineSerializer},
        description=(
            "Bereken de Poortwachter-tijdlijn uit datums. Leest en bewaart niets. 400 bij "
            "onjuiste invoer: datums in de verkeerde volgorde, overlappende periodes, een "
            "onbekende stap of een onbekend veld."
        ),
    )
    def post(self, request: Request) -> Response:
        payload = TimelineInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        first: dt.date = data["first_sick_day"]
        periods = [Period(p["start"], p["end"]) for p in data.get("periods") or []]
        if not periods:
            periods = [Period(first)]
        elif min(p.start for p in periods) != first:
            raise ApiValidationError(
                {"periods": [_("De eerste ziekteperiode moet beginnen op de eerste ziektedag "
                               "(%(first)s).") % {"first": f"{first:%d-%m-%Y}"}]}
            )  # fmt: skip
        leave = [Period(p["start"], p["end"]) for p in data.get("leave") or []]
        sanction = data.get("sanction")
        return Response(_compute(
            periods, leave=leave, done=data.get("done") or {},
            extension_weeks=data.get("extension_weeks") or 0,
            sanction=Period(sanction["start"], sanction["end"]) if sanction else None,
            early_iva=bool(data.get("early_iva")),
        ))  # fmt: skip


class AbsenceCaseTimelineView(APIView):
    @extend_schema(
        responses={200: CaseTimelineSerializer},
        description=(
            "De tijdlijn van een verzuimdossier, uit de periodes van de ziekmeldingen, met de "
            "stand van vandaag. 404 voor een dossier dat u niet mag zien."
        ),
    )
    def get(self, request: Request, case_id: int) -> Response:
        history = selectors.absence_case_history(actor=api_actor(request), case_id=case_id)
        periods = [Period.from_report(r.first_sick_day, r.recovered_on) for r in history.reports]
        leave = [Period(item.start, item.end) for item in history.leave]
        options = reintegration_selectors.timeline_options(history.case)
        data = _compute(periods, leave=leave, today=clock.today(), **options)
        return Response({"absence_case": history.case.pk, **data})
