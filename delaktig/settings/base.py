"""Settings shared by every environment, read from the process environment.

Local use needs no variables at all: the database is an SQLite file under ``var/``
and a secret key is generated there once. Production sets them explicitly
(see ``production.py`` and docs/deploy.md).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("DELAKTIG_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _local_secret_key() -> str:
    # Generated once per checkout so that sessions survive restarts; never used in
    # production, where SECRET_KEY is required (production.py).
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "delaktig.core",
    "delaktig.accounts",
    "delaktig.municipality",
    "delaktig.audit",
    "delaktig.methods",
    "delaktig.dialogues",
    "delaktig.contributions",
    "delaktig.meetings",
    "delaktig.outreach",
    "delaktig.results",
    "delaktig.themes",
    "delaktig.surveys",
    "delaktig.consultations",
    "delaktig.panel",
    "delaktig.reports",
    "delaktig.evaluations",
    "delaktig.privacy",
    "delaktig.records",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "auditlog",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "delaktig.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a stored public page costs two cache reads.
    "delaktig.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "delaktig.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "delaktig.core.middleware.StaffSessionLifetimeMiddleware",
    "delaktig.core.middleware.StaffMFAMiddleware",
    # Last, so that its process_exception sees a lost database connection first.
    "delaktig.core.dbguard.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "delaktig.urls"
WSGI_APPLICATION = "delaktig.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "delaktig.core.context_processors.site",
            ],
            "builtins": ["delaktig.core.templatetags.components"],
        },
    }
]
FORM_RENDERER = "delaktig.core.forms.AccessibleFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'delaktig.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; the busy timeout makes
    # concurrent writers wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous visitors get stored copies of public pages for this many seconds at most
# (every write to the database makes them old at once; see core/pagecache.py). Only
# with a cache that all processes share, so the default is off without Redis.
DELAKTIG_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60" if REDIS_URL else "0"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:after_login"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: residents sign up with a verified e-mail address; no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "delaktig.accounts.adapter.AccountAdapter"
# The session that changed the password stays logged in (Django's
# update_session_auth_hash); every other session of the user ends at its next
# request, because its stored password hash no longer matches.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Throttling (ASVS V2.2.1). "key" is the e-mail address typed, so a password
# guesser is stopped per account whatever IP addresses they come from, and per IP
# whatever accounts they try. A refused attempt shows the form again with a message.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "mfa_authenticate": "10/m/ip,5/5m/key",
    "mfa_reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Delaktig")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS: dict = {}
if os.environ.get("OIDC_SERVER_URL"):
    # An eID broker (BankID, Freja eID) reached over OpenID Connect.
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": os.environ.get("OIDC_PROVIDER_ID", "eid"),
                "name": os.environ.get("OIDC_NAME", "e-legitimation"),
                "client_id": os.environ["OIDC_CLIENT_ID"],
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": os.environ["OIDC_SERVER_URL"]},
            }
        ]
    }

# Staff accounts must have two-factor login before they reach the staff area.
DELAKTIG_STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", False)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "delaktig_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_URL = os.environ.get("EMAIL_URL", f"file://{VAR_DIR / 'mail'}")


def _email_settings(url: str) -> dict:
    """Map EMAIL_URL (console://, file:///path, smtp://user:pass@host:port, smtp+tls://...)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parsed.path,
        }
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme in {"smtp", "smtp+tls", "smtps"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_TLS": parsed.scheme == "smtp+tls",
            "EMAIL_USE_SSL": parsed.scheme == "smtps",
        }
    raise ValueError(f"EMAIL_URL has an unknown scheme: {parsed.scheme!r}")


globals().update(_email_settings(EMAIL_URL))
# Published figures for groups smaller than this are suppressed (röjandekontroll).
DELAKTIG_DISCLOSURE_THRESHOLD = int(os.environ.get("DISCLOSURE_THRESHOLD", "5"))

# Absolute links in e-mails (sent from background tasks, outside any request).
DELAKTIG_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Delaktig <noreply@delaktig.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A week; a login without "remember me" ends when the browser closes (allauth).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 24 * 7)))
# Staff sessions are shorter (delaktig.core.middleware.StaffSessionLifetimeMiddleware):
# two hours without use, twelve hours in all.
DELAKTIG_STAFF_SESSION_LIMITS = True
DELAKTIG_STAFF_SESSION_IDLE = int(os.environ.get("STAFF_SESSION_IDLE", str(60 * 60 * 2)))
DELAKTIG_STAFF_SESSION_MAX_AGE = int(os.environ.get("STAFF_SESSION_MAX_AGE", str(60 * 60 * 12)))
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (delaktig.core.security). Scripts and style sheets only
# from our own origin: no inline script, no event-handler attributes, no eval.
# No template uses a style attribute (bar widths are SVG width attributes), so
# style-src-attr 'unsafe-inline' is off; CSP_ALLOW_STYLE_ATTRIBUTES=true turns it
# back on only as an escape hatch for a page that breaks.
# A map feature adds its tile server with MAP_TILE_ORIGIN=https://tiles.example.
DELAKTIG_MAP_TILE_ORIGIN = os.environ.get("MAP_TILE_ORIGIN", "")
DELAKTIG_CSP_ALLOW_STYLE_ATTRIBUTES = env_bool("CSP_ALLOW_STYLE_ATTRIBUTES", False)
DELAKTIG_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": [
        "'self'",
        "data:",  # the QR code of two-factor set-up is a data: URI (allauth)
        *([DELAKTIG_MAP_TILE_ORIGIN] if DELAKTIG_MAP_TILE_ORIGIN else []),
    ],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if os.environ.get("OIDC_SERVER_URL"):
    # Browsers apply form-action to the redirect after the login button's POST.
    from urllib.parse import urlsplit

    _oidc = urlsplit(os.environ["OIDC_SERVER_URL"])
    DELAKTIG_CSP["form-action"].append(f"{_oidc.scheme}://{_oidc.netloc}")
if DELAKTIG_CSP_ALLOW_STYLE_ATTRIBUTES:
    DELAKTIG_CSP["style-src-attr"] = ["'unsafe-inline'"]
DELAKTIG_CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

# Posting limits (delaktig.core.ratelimit). Off in the test settings, where the
# tests that check them switch them on; RATELIMIT_ENABLED=false is for load tests
# from one address (make bench, the soak run), never for a public site.
DELAKTIG_RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
if not DELAKTIG_RATELIMIT_ENABLED:
    ACCOUNT_RATE_LIMITS = False  # the login limits too: a soak run logs in many times

# The audit log keeps who changed what; the IP address is personal data it does not need.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Store a related object's name rather than its id, so the log reads without lookups.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
