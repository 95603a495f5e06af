"""Whole-page cache for anonymous visitors.

When a consultation is linked from the local paper, thousands of people open the same
few public pages without logging in. Rendering those templates is what costs (the
pages need at most a handful of queries), so an anonymous visitor gets a stored copy
of the page in their language instead.

What makes it safe:

- Only views that opt in with :func:`cache_public_page` are stored, and only their
  200 responses that set no cookie. A page with a form renders a CSRF token, which
  sets the CSRF cookie, so forms are never stored; neither is anything personal.
- Only requests without a session or messages cookie and without htmx are served
  from the cache, so a logged-in resident or official always gets a fresh page.
- Every write to the database makes every stored page old at once: a watcher on
  the database connection sees each INSERT, UPDATE and DELETE (so ``.update()``,
  bulk writes and raw SQL count too, not only model signals) and, when the
  transaction commits, moves the cache to a new random *generation* that is part
  of every page's key. Writes to tables no public page shows (sessions, the task
  queue, the audit log) do not count. The short lifetime of a stored page bounds
  what depends on the clock alone (a meeting that has just become past).

The cache must be shared by every process that serves or writes (Redis in
production); with a per-process cache a write in the worker would not reach the web
processes, so the cache is off unless ``DELAKTIG_PAGE_CACHE_SECONDS`` is set, which
the settings do only when ``REDIS_URL`` is.
"""

import hashlib
import logging
import re
import uuid
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from .middleware import chosen_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "delaktig:pagecache:generation"
MARK = "_delaktig_public_page"
HEADER = "X-Delaktig-Cache"

# Tables whose writes no anonymous page can show.
QUIET_TABLES = frozenset(
    {
        "django_session",
        "django_cache",
        "django_admin_log",
        "auditlog_logentry",
        "django_tasks_database_dbtaskresult",
        "account_emailconfirmation",
        "mfa_authenticator",
    }
)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def cache_public_page(view):
    """Let the page cache keep this view's page for anonymous visitors.

    Only for views whose page is the same for every anonymous visitor in a
    language and depends on nothing but the URL and the database.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        setattr(response, MARK, True)
        return response

    # Marks the view too, so the middleware can skip the cache for every other URL
    # without asking the cache.
    setattr(wrapped, MARK, True)
    return wrapped


@lru_cache(maxsize=4096)
def _opted_in(urlconf: str, path: str) -> bool:
    """Whether ``path`` is served by a view that opted in (remembered per path: the
    URL patterns do not change while the process runs)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, MARK, False)


def _cache():
    return caches[getattr(settings, "DELAKTIG_PAGE_CACHE_ALIAS", "default")]


def _enabled() -> bool:
    return getattr(settings, "DELAKTIG_PAGE_CACHE_SECONDS", 0) > 0


def generation() -> str:
    value = _cache().get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        # ``add`` so that two processes starting at once agree on one generation.
        if not _cache().add(GENERATION_KEY, value, timeout=None):
            value = _cache().get(GENERATION_KEY) or value
    return value


def invalidate() -> None:
    """Make every stored page old (a new generation; old pages expire by themselves)."""
    if not _enabled():
        return
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache being down must not fail the write that was made
        logger.exception("Page cache: could not start a new generation")


def _page_key(request, language: str, gen: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"delaktig:page:{gen}:{language}:{request.scheme}:{request.get_host()}:{path}"


def _servable(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


def _storable(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.headers.get("Cache-Control", "")
    return (
        getattr(response, MARK, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not (user is not None and user.is_authenticated)
    )


class PublicPageCacheMiddleware:
    """Serves and stores the pages of :func:`cache_public_page` views.

    Sits early in the middleware list, before sessions and authentication, so that
    a stored page costs two cache reads and nothing else; the security headers are
    added by the middleware outside it, on stored pages as on fresh ones.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not _enabled()
            or not _servable(request)
            or not _opted_in(
                getattr(request, "urlconf", None) or settings.ROOT_URLCONF, request.path_info
            )
        ):
            return self.get_response(request)
        try:
            key = _page_key(request, chosen_language(request), generation())
            stored = _cache().get(key)
        except Exception:
            logger.exception("Page cache unavailable; serving without it")
            return self.get_response(request)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response.headers[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = dict(response.items())
            try:
                _cache().set(
                    key, (response.content, headers), timeout=settings.DELAKTIG_PAGE_CACHE_SECONDS
                )
            except Exception:
                logger.exception("Page cache: could not store %s", request.path)
            response.headers[HEADER] = "miss"
        return response


# --- seeing writes ----------------------------------------------------------------


def _invalidate_on_commit(connection) -> None:
    if not connection.in_atomic_block:
        invalidate()
        return
    # One new generation per transaction is enough, however many rows it writes.
    # (A rolled-back transaction drops its callbacks, so this check cannot go stale.)
    if any(item[1] is invalidate for item in connection.run_on_commit):
        return
    connection.on_commit(invalidate, robust=True)


def watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _enabled():
        match = _WRITE.match(sql) if isinstance(sql, str) else None
        if match and match.group(1).lower() not in QUIET_TABLES:
            _invalidate_on_commit(context["connection"])
    return result


def install_write_watcher(sender, connection, **kwargs):
    """``connection_created`` receiver: watch every connection's writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
