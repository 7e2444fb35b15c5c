"""Production settings: `manage.py check --deploy` is clean, and HTTPS is enforced."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def production_env(*, drop: tuple[str, ...] = (), **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "DJANGO_")) and k not in drop
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org,testserver",
        **extra,
    )
    return env


def run(
    args: list[str], *, drop: tuple[str, ...] = (), **extra: str
) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(drop=drop, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_no_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_deploy_check_fails_when_https_redirects_are_turned_off():
    """The check above can fail: turning the redirect off is reported."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_deploy_check_passes_on_a_fresh_clone_without_database_url(tmp_path):
    """As the README has a newcomer run it: no DATABASE_URL, no `var/` folder yet."""
    var = tmp_path / "fresh-clone" / "var"
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        drop=("DATABASE_URL",),
        PORTAL_VAR_DIR=str(var),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert var.is_dir()  # the folder of the SQLite file, made by the settings


HEADERS_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client, override_settings
# The login page lists the single sign-on providers (a table): an empty database in memory.
call_command("migrate", verbosity=0)
# The manifest of collected static files is built by `collectstatic` in the image, not here.
override_settings(
    STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
client = Client()
plain = client.get("/accounts/login/")
secure = client.get("/accounts/login/", headers={"x-forwarded-proto": "https"})
print(plain.status_code, plain.headers.get("Location"))
print(secure.status_code)
print(secure.headers.get("Strict-Transport-Security"))
print(secure.headers.get("Content-Security-Policy"))
print(secure.cookies["csrftoken"]["secure"])
"""


def test_production_redirects_to_https_and_sends_hsts_there():
    # Behind one proxy, which says the original request came over HTTPS.
    result = run(["-c", HEADERS_SCRIPT], DATABASE_URL="sqlite:///:memory:", PROXY_COUNT="1")
    assert result.returncode == 0, result.stderr
    plain, secure, hsts, csp, secure_cookie = result.stdout.splitlines()
    assert plain == "301 https://testserver/accounts/login/"
    assert secure == "200"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert csp.startswith("default-src 'self'; script-src 'self'; style-src 'self';")
    assert secure_cookie == "True"


def test_a_local_run_without_tls_can_turn_the_redirect_off():
    result = run(
        ["-c", HEADERS_SCRIPT],
        DATABASE_URL="sqlite:///:memory:",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
    )
    assert result.returncode == 0, result.stderr
    plain, *_rest, secure_cookie = result.stdout.splitlines()
    assert plain == "200 None"
    assert secure_cookie == ""


CLAIM_SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client().get("/accounts/login/", headers={"x-forwarded-proto": "https"})
print(response.status_code, response.headers.get("Location"))
"""


def test_without_a_proxy_a_client_cannot_claim_https_with_a_header():
    result = run(["-c", CLAIM_SCRIPT], DATABASE_URL="sqlite:///:memory:", PROXY_COUNT="0")
    assert result.returncode == 0, result.stderr
    # Redirected like any plain request: the header is not trusted without a proxy.
    assert result.stdout.strip() == "301 https://testserver/accounts/login/"
