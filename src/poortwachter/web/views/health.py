"""``/healthz``: is the process up and the database reachable. Says nothing else."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "not healthy"; the reason stays in the logs
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
