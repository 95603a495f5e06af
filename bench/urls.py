"""The project's URLs plus ``/_bench/bare/``: the cheapest response Django can give
through the same server, middleware and settings (the ceiling of the benchmark)."""

from django.http import HttpResponse
from django.urls import path

from delaktig import urls as project


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare, name="bench_bare"), *project.urlpatterns]
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
