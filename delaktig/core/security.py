"""Security headers on every response: Content-Security-Policy, Permissions-Policy.

Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Opener-Policy and (in production) HSTS; X-Frame-Options comes from
the clickjacking middleware. What Django 5.2 lacks is a Content-Security-Policy,
so it is built here from the ``DELAKTIG_CSP`` setting: a dict of directive to
list of sources. The policy allows scripts and style sheets from our own origin
only, so an injected ``<script>`` or ``onclick=`` never runs even if some text
escaped the template's autoescaping.
"""

from django.conf import settings

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def content_security_policy(directives: dict[str, list[str]]) -> str:
    parts = []
    for directive, sources in directives.items():
        parts.append(" ".join([directive, *sources]) if sources else directive)
    return "; ".join(parts)


class SecurityHeadersMiddleware:
    """Adds the policy headers Django does not send itself.

    The header string is built once per process: the policy depends on settings
    only, never on the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy(settings.DELAKTIG_CSP)
        self.report_only = getattr(settings, "DELAKTIG_CSP_REPORT_ONLY", False)

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only" if self.report_only else "Content-Security-Policy"
        )
        response.headers.setdefault(header, self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # A page of ours opened from another site cannot be read through window.opener
        # (Django sets this too; kept here for responses that bypass SecurityMiddleware).
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
