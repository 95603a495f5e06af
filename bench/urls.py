"""The project's URLs plus ``/_bench/bare/``: the cheapest response Django can give
through the same server, middleware and settings (the ceiling of the benchmark)."""

from django.http import HttpResponse
from django.urls import path

from delaktig import urls as project
from delaktig.evaluations import views_public as evaluation_views

# The evaluation form keeps its own limit of answers per address (not core.ratelimit,
# which bench/settings.py switches off); every benchmark request comes from one
# address, so it is lifted too (bench/more.py posts evaluation answers).
evaluation_views.ANSWERS_PER_HOUR = 10**9


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare, name="bench_bare"), *project.urlpatterns]
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
