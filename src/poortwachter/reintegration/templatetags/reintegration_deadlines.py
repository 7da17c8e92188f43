"""``{% case_deadlines reports as rows %}``: each report of a list page with the summary
of its case's deadlines (``reintegration.deadlines``), as ``(report, deadlines)``
pairs. A tag, because the lists live in ``absences``, which may not import this app;
the rows were read (and recorded) by the list's own selector."""

from django import template

from poortwachter.reintegration.selectors import deadlines_of

register = template.Library()


@register.simple_tag(takes_context=True)
def case_deadlines(context, reports) -> list[tuple]:
    actor = context.get("actor")
    reports = [r for r in reports if r is not None]
    if actor is None or not reports:
        return [(r, None) for r in reports]
    cases = {r.case_id: r.case for r in reports}
    found = deadlines_of(actor=actor, cases=list(cases.values()))
    return [(r, found.get(r.case_id)) for r in reports]


@register.simple_tag(takes_context=True)
def team_deadlines(context, rows) -> list[tuple]:
    """``(member, open report or None)`` rows of the team view, each with its summary."""
    rows = list(rows)
    found = {r.pk: d for r, d in case_deadlines(context, [report for _m, report in rows])}
    return [(m, report, found.get(report.pk) if report else None) for m, report in rows]
