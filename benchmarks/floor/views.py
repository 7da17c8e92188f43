"""The floor: the least a Django view can do for a form POST on this stack.

Same server, settings, middleware (sessions, CSRF, second-factor check, security
headers) and signed-in client as the sick report; the view itself inserts one row and
redirects, as the sick report's view does. Everything the sick report does beyond
that (policy, form, guard, case logic, access log) is what the ratio measures.
"""

from django.http import HttpResponseRedirect
from django.views.decorators.http import require_POST

from benchmarks.floor.models import FloorRow


@require_POST
def floor(request):
    row = FloorRow.objects.create(payload=request.POST.get("phone", "")[:200])
    return HttpResponseRedirect(f"/bench/floor/{row.pk}/")
