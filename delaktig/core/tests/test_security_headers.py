"""Security headers, cookie settings and the templates' fitness for the strict CSP."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from delaktig.core.security import content_security_policy

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "delaktig" / "templates"


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
def test_every_page_gets_a_strict_content_security_policy(client, municipality):
    for url in (reverse("core:home"), reverse("account_login"), "/finns-inte/"):
        response = client.get(url)
        csp = _csp(response)
        assert csp["script-src"] == ["'self'"], url
        # Not for scripts, style sheets or style attributes: no style-src-attr either.
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "style-src-attr" not in csp and "style-src-elem" not in csp
        assert csp["style-src"] == ["'self'"]
        assert "'unsafe-eval'" not in " ".join(csp["script-src"] + csp["default-src"])
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_other_security_headers(client, municipality):
    response = client.get(reverse("core:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_map_tile_server_can_be_added_to_img_src():
    env = {**os.environ, "MAP_TILE_ORIGIN": "https://tiles.example.org"}
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DELAKTIG_CSP['img-src'])"
    )
    out = _run_settings(code, env, "delaktig.settings.test")
    assert "https://tiles.example.org" in out


def test_production_policy_has_no_unsafe_inline_by_default(tmp_path):
    env = {**os.environ, "SECRET_KEY": "p" * 60, "DELAKTIG_VAR_DIR": str(tmp_path)}
    env.pop("CSP_ALLOW_STYLE_ATTRIBUTES", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from delaktig.core.security import content_security_policy as c;"
        "print(s.DELAKTIG_CSP_ALLOW_STYLE_ATTRIBUTES); print(c(s.DELAKTIG_CSP))"
    )
    allowed, policy = _run_settings(code, env, "delaktig.settings.production").splitlines()
    assert allowed == "False"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "style-src-attr" not in policy


def test_the_policy_string_is_built_from_the_setting():
    policy = content_security_policy({"default-src": ["'self'"], "upgrade-insecure-requests": []})
    assert policy == "default-src 'self'; upgrade-insecure-requests"


def _run_settings(code: str, env: dict, module: str) -> str:
    env = {k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = module
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_production_settings_protect_cookies_transport_and_staff_login(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "p" * 60,
        "ALLOWED_HOSTS": "dialog.exempelkommun.example",
        "DELAKTIG_VAR_DIR": str(tmp_path),
    }
    env.pop("STAFF_MFA_REQUIRED", None)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','LANGUAGE_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE','CSRF_COOKIE_SAMESITE',"
        "'SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT',"
        "'DELAKTIG_STAFF_MFA_REQUIRED','DEBUG','SESSION_COOKIE_AGE',"
        "'ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE','DELAKTIG_RATELIMIT_ENABLED']}))"
    )
    values = json.loads(_run_settings(code, env, "delaktig.settings.production"))
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_SSL_REDIRECT"]
    # Two-factor login for staff is on in production unless explicitly switched off.
    assert values["DELAKTIG_STAFF_MFA_REQUIRED"] is True
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_AGE"] <= 60 * 60 * 24 * 14
    assert values["DELAKTIG_RATELIMIT_ENABLED"] is True


def test_production_login_limits_are_on(tmp_path):
    env = {**os.environ, "SECRET_KEY": "p" * 60, "DELAKTIG_VAR_DIR": str(tmp_path)}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps(s.ACCOUNT_RATE_LIMITS))"
    )
    limits = json.loads(_run_settings(code, env, "delaktig.settings.production"))
    for action in ("login_failed", "signup", "reset_password", "confirm_email"):
        assert limits[action], action
    assert "/key" in limits["login_failed"] and "/ip" in limits["login_failed"]


# --- Templates, code and scripts: nothing the CSP would block ---------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
JS_URL = re.compile(r"href=\"javascript:", re.IGNORECASE)
# Python that writes HTML (format_html, mark_safe, SVG builders): a style="…" in a string.
PYTHON_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*\\?["'{]""", re.IGNORECASE)
# Scripts may set element.style.x (CSSOM, which the CSP allows), but not write a
# style attribute through setAttribute or markup.
JS_STYLE_ATTRIBUTE = re.compile(
    r"""setAttribute\(\s*["']style["']|\sstyle\s*=\s*\\?["']""", re.IGNORECASE
)
APP_DIR = ROOT / "delaktig"


def _template_dirs():
    yield TEMPLATES
    yield from sorted(APP_DIR.glob("*/templates"))


def _templates(*, pdf=False):
    for directory in _template_dirs():
        for path in sorted(directory.rglob("*.html")):
            if path.name.endswith("_pdf.html") and not pdf:
                continue  # rendered by WeasyPrint into a PDF, never served to a browser
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for name, text in _templates():
        if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text) or JS_URL.search(text):
            offenders.append(name)
    assert offenders == []


def test_no_template_uses_style_attributes_or_elements():
    # The policy has no style-src-attr 'unsafe-inline': a style attribute would be
    # ignored by the browser. Sizes go in SVG width/x attributes or in classes.
    templates = list(_templates())
    assert len(templates) > 100  # the scan found the templates
    assert [name for name, text in templates if STYLE_ATTRIBUTE.search(text)] == []
    assert [name for name, text in templates if re.search(r"<style[\s>]", text)] == []


def test_no_python_code_writes_style_attributes():
    offenders = []
    for path in sorted(APP_DIR.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if PYTHON_STYLE_ATTRIBUTE.search(text):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


def test_no_script_of_ours_writes_style_attributes():
    scripts = sorted((APP_DIR / "static" / "js").rglob("*.js"))
    assert scripts
    offenders = [
        path.name for path in scripts if JS_STYLE_ATTRIBUTE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
