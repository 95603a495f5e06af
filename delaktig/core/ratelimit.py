"""A small posting limit for views: ``@ratelimit(key="user_or_ip", rate="10/m")``.

Logins, sign-ups and password resets are limited by allauth (ACCOUNT_RATE_LIMITS);
this covers the platform's own posting views — registering for a meeting,
following a dialogue, answering, sending feedback — so that one script cannot
fill a dialogue with thousands of submissions.

Counting is a fixed window in the cache (``cache.add`` then ``cache.incr``, both
atomic in Redis and in the local-memory cache), so every web worker sharing the
Redis cache shares the count. An IP address is never stored as it is: the cache
key holds a keyed hash of it (``salted_hmac`` with SECRET_KEY), which is enough
to count and useless to anyone reading the cache.
"""

import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.crypto import salted_hmac

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEYS = ("ip", "user", "user_or_ip")


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rate(rate: str) -> Rate:
    """``"10/m"``, ``"30/5m"``, ``"100/d"``: amount per (optionally multiplied) unit."""
    amount, _slash, period = rate.partition("/")
    if not amount.isdigit() or not period or period[-1] not in UNITS:
        raise ValueError(f"Not a rate: {rate!r}")
    multiplier = int(period[:-1]) if period[:-1] else 1
    return Rate(int(amount), multiplier * UNITS[period[-1]])


def client_ip(request) -> str:
    """The client's address as allauth sees it, so one proxy setting
    (ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER) serves both."""
    from allauth.core.internal.ratelimit import get_ip

    try:
        return get_ip(request)
    except Exception:  # noqa: BLE001 - no address is no reason to fail the request
        return request.META.get("REMOTE_ADDR", "") or "unknown"


def _identity(request, key: str) -> str:
    user = getattr(request, "user", None)
    if key in ("user", "user_or_ip") and user is not None and user.is_authenticated:
        return f"u{user.pk}"
    # Anonymous visitors (also of a per-user limit) are counted per IP address.
    digest = salted_hmac("delaktig.ratelimit.ip", client_ip(request)).hexdigest()[:32]
    return f"i{digest}"


def hit(request, *, group: str, key: str = "user_or_ip", rate: str = "10/m") -> bool:
    """Count one attempt; False when the limit for this window is already used up."""
    if not getattr(settings, "DELAKTIG_RATELIMIT_ENABLED", True):
        return True
    if key not in KEYS:
        raise ValueError(f"Unknown rate-limit key: {key!r}")
    parsed = parse_rate(rate)
    window = int(time.time() // parsed.seconds)
    identity = _identity(request, key)
    cache_key = f"delaktig:rl:{group}:{parsed.amount}/{parsed.seconds}:{identity}:{window}"
    if cache.add(cache_key, 1, timeout=parsed.seconds + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this is the window's first hit
        cache.add(cache_key, 1, timeout=parsed.seconds + 1)
        return True
    return count <= parsed.amount


def too_many_requests(request):
    """The Swedish "too many attempts" page (also the template allauth uses)."""
    response = render(request, "429.html", status=429)
    response.headers["Retry-After"] = "60"
    return response


def ratelimit(*, key: str = "user_or_ip", rate: str = "10/m", methods=("POST",), group=None):
    """Refuse a view with 429 when one user (or one IP address) calls it too often.

    Only the listed methods count, so reading a form is never refused; ``group``
    lets several views share one count (defaults to the view's dotted name).
    """
    parse_rate(rate)  # fail at import time on a typo, not on the first request
    if key not in KEYS:
        raise ValueError(f"Unknown rate-limit key: {key!r}")

    def decorator(view):
        name = group or f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(request, group=name, key=key, rate=rate):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        wrapped.delaktig_ratelimit = rate
        return wrapped

    return decorator
