from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from delaktig.municipality.selectors import user_has_staff_role


def home(request):
    return render(request, "core/home.html")


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def after_login(request):
    """Staff land in the staff area, residents on their own page."""
    if request.user.is_authenticated and user_has_staff_role(user=request.user):
        return redirect("staff:dashboard")
    return redirect("accounts:profile")


def mfa_required(request):
    return render(request, "core/mfa_required.html", status=403)


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")
