from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


def chosen_language(request) -> str:
    """The language the visitor chose with the language switch, else Swedish."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in _supported():
        return settings.LANGUAGE_CODE
    return language


def _supported() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


class SwedishFirstLocaleMiddleware:
    """Swedish unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which
    would show most visitors' phones an English municipality site. Here only the
    explicit choice (the language cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class StaffMFAMiddleware:
    """When two-factor login is required, staff set it up before using any staff page.

    Staff pages are recognised by the view itself (``staff_required`` marks it), so
    a staff view outside /hantera/ is covered too, plus the system admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.DELAKTIG_STAFF_MFA_REQUIRED or not request.user.is_authenticated:
            return None
        is_staff_page = getattr(view_func, "delaktig_permission", None) or request.path.startswith(
            ("/hantera/", "/systemadmin/")
        )
        if not is_staff_page:
            return None
        from allauth.mfa.utils import is_mfa_enabled

        from delaktig.municipality.selectors import user_has_staff_role

        if user_has_staff_role(user=request.user) and not is_mfa_enabled(request.user):
            return redirect(reverse("core:mfa_required"))
        return None


class StaffSessionLifetimeMiddleware:
    """Staff sessions end after a while without use and after a working day in all.

    Staff accounts reach personal data (registrations, contributions), so a
    forgotten browser at a library computer must not stay logged in for the
    resident session's week (ASVS V3.3.2): a staff session ends after
    ``DELAKTIG_STAFF_SESSION_IDLE`` seconds without a request and
    ``DELAKTIG_STAFF_SESSION_MAX_AGE`` seconds after login, whichever comes first.
    The idle clock is written at most once a minute, not on every request.
    """

    STARTED = "_delaktig_staff_started"
    SEEN = "_delaktig_staff_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if settings.DELAKTIG_STAFF_SESSION_LIMITS and user is not None and user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        import time

        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login

        from delaktig.municipality.selectors import user_has_staff_role

        if not user_has_staff_role(user=request.user):
            return None
        session = request.session
        now = int(time.time())
        started = session.get(self.STARTED)
        seen = session.get(self.SEEN, started)
        too_old = started is not None and now - started > settings.DELAKTIG_STAFF_SESSION_MAX_AGE
        idle = seen is not None and now - seen > settings.DELAKTIG_STAFF_SESSION_IDLE
        if too_old or idle:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if started is None:
            session[self.STARTED] = now
        if seen is None or now - seen >= 60:
            session[self.SEEN] = now
            session.set_expiry(settings.DELAKTIG_STAFF_SESSION_IDLE)
        return None
