"""The product's URLconf plus the benchmark's floor view (benchmarks only)."""

from django.urls import include, path

from benchmarks.floor.views import floor

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("poortwachter.config.urls")),
]
