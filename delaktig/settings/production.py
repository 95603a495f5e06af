"""Production: HTTPS behind a reverse proxy, explicit secrets, two-factor login for staff."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
DELAKTIG_STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)
# Behind the reverse proxy every request comes from its address; the client's is the
# last X-Forwarded-For entry our proxy appended (one per proxy in front of us).
# Login throttling and posting limits count per client address, so this matters.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
# Behind HTTPS, a stray http:// link to our own images or scripts is fetched over HTTPS.
DELAKTIG_CSP = {**DELAKTIG_CSP, "upgrade-insecure-requests": []}  # noqa: F405
