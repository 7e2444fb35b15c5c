"""Settings shared by every environment; values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str
from .sso import allow_provider_forms, social_account_providers

# numpy's OpenBLAS splits each vector operation over ~10,000 values (the ranking's
# calibration) across a thread per CPU. A web or Celery worker already shares the CPUs with
# the others, and on a busy machine those threads wait for each other: calibrating a national
# call took 0.6–1.6 s of CPU with them and 0.09 s with one (the scores the same to 1e-13).
# Set before numpy is first imported (the apps import it, after the settings).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105 - refused by production settings
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "portal",
    "grants",
    "proposals",
    "reviews",
    "awards",
    "api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # proposal search on PostgreSQL (proposals.search)
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    # Accounts (sign-up, login by email, verification, password reset) and two-factor
    # authentication; socialaccount is there for single sign-on providers.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",  # single sign-on (settings/sso.py)
    "health_check",  # /health/ (portal/health.py) and `manage.py health_check`
    "ninja",  # the API's docs page: Swagger UI's files from the package, no CDN
]

MIDDLEWARE = [
    "portal.middleware.ArrivalMiddleware",  # first: deadlines are judged by arrival
    # Next: its headers go on every response, the HTTPS redirect and static files included.
    "portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.audit.AuditContextMiddleware",  # the request audit events without one come from
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.PortalLocaleMiddleware",  # after authentication: reads user.language
    "django.contrib.messages.middleware.MessageMiddleware",
    # Officers, committee members and administrators enrol a second factor before anything else
    # (after the messages: it says why).
    "portal.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into its page
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

# DB_CONN_MAX_AGE: seconds a web thread keeps its database connection between requests (0:
# a new one per request). When kept, it is checked before a request reuses it, so a database
# restart costs one reconnect, not an error (see README, "Production web server settings").
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=env_int("DB_CONN_MAX_AGE", 0) > 0,
    )
}


def prepare_sqlite(database: dict) -> None:
    """Make a SQLite database usable as configured: its folder exists, writers take turns.

    A fresh clone has no `var/`, and SQLite does not create the folder of its file ("unable
    to open database file"). Under `make run` the web server and the Celery worker write at
    the same time: WAL lets readers go on while one process writes; IMMEDIATE transactions
    take the write lock at BEGIN, so a transaction that read first never fails upgrading its
    lock ("database is locked" at once, without waiting); `timeout` is how long a writer
    waits for the other's turn to end.
    """
    if not database["ENGINE"].endswith("sqlite3"):
        return
    name = str(database.get("NAME") or "")
    if name and name != ":memory:" and not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    database.setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        timeout=env_int("SQLITE_TIMEOUT_SECONDS", 20),
    )


prepare_sqlite(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions in the database (Django's default, said here because it matters): a person signed
# in on one web process is signed in on every other, on any machine.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "portal.security.LoginThrottlingBackend",  # first: refuses a locked-out login unchecked
    "rules.permissions.ObjectPermissionBackend",
    # Django's model backend (the admin's permissions) that also logs in by email address.
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 first (Django's recommendation): as strong as PBKDF2 at a fraction of the CPU per
# login, which matters on deadline day. Existing PBKDF2 hashes still verify and are upgraded
# at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): five wrong passwords for one address from one IP lock that
# pair out for 15 minutes (a page saying so, HTTP 429); a successful login clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the pause does not restart it, so "try again in 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_USERNAME_FORM_FIELD = "login"  # allauth's login form's field (axes would guess "email")
AXES_USERNAME_CALLABLE = "portal.security.login_username"
AXES_VERBOSE = False
# Behind a reverse proxy, how many proxies sit in front of the portal (their X-Forwarded-For
# is then trusted for the client's address); 0 reads the connection's own address.
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# The header in which that proxy stamps when it received a request (nginx:
# proxy_set_header X-Request-Start "t=${msec}"): deadlines are judged by it (portal.arrival).
# Trusted only behind a proxy, or when set explicitly; empty: the portal's own arrival time.
REQUEST_START_HEADER = env_str(
    "REQUEST_START_HEADER", "X-Request-Start" if AXES_IPWARE_PROXY_COUNT else ""
)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Accounts (django-allauth): people log in with their email address (the custom user has no
# username). Sign-up sends a verification link; until the address is verified an applicant
# may write drafts but not submit (proposals.rules). Every email goes through the outbox
# (portal.account_adapter). Login throttling stays with django-axes above: allauth's own
# login rate limits are off, so there is one mechanism and one lockout page.
ACCOUNT_ADAPTER = "portal.account_adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm", "login": "portal.forms.LoginForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # a reset asked for an unknown address sends nothing
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a button confirms: mail scanners that follow links do not
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_EMAIL_NOTIFICATIONS = True  # password changed, second factor added or removed
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_RATE_LIMITS = {"login": False, "login_failed": False}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"  # production.py: https
# Two-factor authentication (allauth.mfa): an app's codes (TOTP), passkeys and security keys
# (WebAuthn) and recovery codes. Required of officers, committee members and administrators
# (portal.two_factor).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "NIA Grants"
# WebAuthn over plain http (development on localhost, the browser tests) only when asked.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("WEBAUTHN_ALLOW_INSECURE_ORIGIN", DEBUG)

# Language and time: Thai first, English second; deadlines are Bangkok wall-clock times.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"

# Security headers, the same in every environment so that a violation shows up in development
# and in the tests, not first in production. HSTS, HTTPS redirects and secure cookies are in
# production.py, as they need HTTPS.
# Content-Security-Policy: everything comes from the portal's own origin (static files through
# whitenoise, no CDN); no inline scripts or styles, no plugins, no framing by anyone.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (portal/middleware.py): browser features the portal never uses, turned
# off for its pages and for anything they could embed. Only features browsers recognise
# (an unknown one is reported in the console): "browsing-topics" has replaced
# "interest-cohort". Fullscreen stays allowed: browsers' PDF viewers use it for attachments.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
}
# Passkeys and security keys (two-factor login, allauth.mfa): the portal's own pages only.
PERMISSIONS_POLICY["publickey-credentials-get"] = ["self"]
PERMISSIONS_POLICY["publickey-credentials-create"] = ["self"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))


def file_storage_from_env() -> dict:
    """Where uploaded files (attachments, appeal files) are kept: STORAGES["default"].

    The local folder MEDIA_ROOT unless STORAGE_BUCKET is set; then an S3-compatible object
    store (django-storages), which every web process and worker on every machine shares:
    AWS S3 (no STORAGE_URL) or any server that speaks its protocol at STORAGE_URL (MinIO,
    Ceph, a cloud's object storage). Objects are private: no ACL is sent, so they get the
    bucket's own (private unless the bucket is made public, which it must not be). People
    download them only through the portal's permission-checked views, which stream the file
    from the store; a URL the storage signs (`.url()`) lasts STORAGE_URL_EXPIRE_SECONDS.
    """
    bucket = env_str("STORAGE_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = env_str("STORAGE_URL") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "access_key": env_str("STORAGE_ACCESS_KEY") or None,
            "secret_key": env_str("STORAGE_SECRET_KEY") or None,
            "region_name": env_str("STORAGE_REGION") or None,
            "location": env_str("STORAGE_PREFIX"),
            # MinIO and most servers other than AWS want the bucket in the path.
            "addressing_style": env_str("STORAGE_ADDRESSING_STYLE", "path" if endpoint else "")
            or None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env_int("STORAGE_URL_EXPIRE_SECONDS", 300),
            # Names are random already (upload_to); never replace an object that exists.
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": file_storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"


def mailer_from_env(default_backend: str) -> dict:
    """Django 6.1's MAILERS entry, from EMAIL_BACKEND and the SMTP variables."""
    backend = env_str("EMAIL_BACKEND", default_backend)
    options: dict = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": str(VAR_DIR / "mail")}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailer_from_env("django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "NIA Grant Portal <no-reply@localhost>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
MESSAGE_ID_DOMAIN = env_str("MESSAGE_ID_DOMAIN", "portal.localhost")

# Who issues the results announcements (its heading: "ประกาศ<issuer> เรื่อง ผลการคัดเลือก…").
RESULTS_ISSUER_TH = env_str("RESULTS_ISSUER_TH", "สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)")
RESULTS_ISSUER_EN = env_str("RESULTS_ISSUER_EN", "National Innovation Agency (Public Organization)")

# Celery: Redis in production; `make run` uses kombu's filesystem transport (no Redis needed).
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
# Redis hands a task its worker never acknowledged (the worker was killed) to another worker
# after `visibility_timeout`: five minutes, not Redis's default hour. It must stay above the
# longest countdown in use (the delivery retries' 240 s, portal.tasks.backoff_seconds): a
# retry waits unacknowledged in its worker until due, and past the timeout Redis hands it out
# again early (the row's claim still keeps it from being sent twice).
CELERY_VISIBILITY_TIMEOUT_SECONDS = env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 5 * 60)
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis", "rediss")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS}
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_IGNORE_RESULT = True
# A message claimed by a worker (pending → sending) whose claim is not renewed for this long
# is swept back to pending and sent again: a killed worker's messages go out a minute or two
# later. The worker renews its claim while the SMTP conversation runs, which EMAIL_TIMEOUT
# bounds per step (portal.tasks.holding_claim).
NOTIFICATION_SENDING_LEASE_SECONDS = env_int("NOTIFICATION_SENDING_LEASE_SECONDS", 60)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE: dict = {
    "dispatch-pending-notifications": {
        "task": "portal.tasks.dispatch_pending_notifications_task",
        "schedule": 60.0,
    },
    "draft-reminders": {
        "task": "proposals.tasks.send_draft_reminders_task",
        "schedule": 5 * 60.0,
    },
    "deadline-changes": {
        "task": "proposals.tasks.notify_deadline_changes_task",
        "schedule": 5 * 60.0,
    },
    "report-reminders": {
        "task": "awards.tasks.send_report_reminders_task",
        "schedule": crontab(hour=9, minute=0),  # Bangkok time (CELERY_TIMEZONE)
    },
    "review-reminders": {
        "task": "reviews.tasks.send_review_reminders_task",
        "schedule": 15 * 60.0,
    },
    "pitch-reminders": {
        "task": "reviews.tasks.send_pitch_reminders_task",
        "schedule": 15 * 60.0,
    },
    "resume-result-notifications": {
        "task": "reviews.tasks.resume_result_notifications_task",
        "schedule": 5 * 60.0,
    },
    "officer-digests": {
        "task": "reviews.tasks.send_officer_digests_task",
        "schedule": crontab(hour=8, minute=0),  # Bangkok time (CELERY_TIMEZONE)
    },
    "return-overdue-information-requests": {
        "task": "proposals.tasks.return_overdue_information_requests_task",
        "schedule": 15 * 60.0,
    },
    "prune-audit-log": {
        "task": "portal.tasks.prune_audit_events_task",
        "schedule": crontab(hour=3, minute=15),  # Bangkok time (CELERY_TIMEZONE)
    },
    "delete-expired-data-exports": {
        "task": "portal.tasks.delete_expired_data_exports_task",
        "schedule": crontab(minute=40),  # hourly
    },
}

# Beat's state (when each periodic task last ran, and which beat is the one) is in Redis when
# there is one (RedBeat), so beat may run on any machine and nothing of it is on a disk. Beat
# holds a lock there, renewed at every tick (at most CELERY_BEAT_MAX_LOOP_INTERVAL apart): a
# second beat started by mistake, or a standby on another machine, waits for it rather than
# sending every task twice, and takes over within CELERY_BEAT_LOCK_SECONDS of the first one
# dying. Without Redis (`make run`) beat keeps a file (celery beat --schedule).
if REDIS_URL:
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = env_str("CELERY_BEAT_REDIS_URL", REDIS_URL)
    CELERY_REDBEAT_KEY_PREFIX = env_str("CELERY_BEAT_KEY_PREFIX", "portal:beat:")
    CELERY_REDBEAT_LOCK_TIMEOUT = env_int("CELERY_BEAT_LOCK_SECONDS", 90)
    CELERY_BEAT_MAX_LOOP_INTERVAL = min(30, max(1, CELERY_REDBEAT_LOCK_TIMEOUT // 3))

# A shared cache in production (Redis), so every gunicorn worker serves the same computed
# rankings; one process's memory otherwise.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The API's rate limits (api/throttle.py): requests per window (seconds) per token or
# signed-in person, and per address for anonymous callers; counted in the cache above.
API_RATE_LIMITS = {
    "window": env_int("API_RATE_WINDOW_SECONDS", 60),
    "token": env_int("API_RATE_LIMIT_TOKEN", 120),
    "anonymous": env_int("API_RATE_LIMIT_ANONYMOUS", 30),
}

# The privacy notice applicants consent to (PDPA); bump the version when its text changes.
PRIVACY_NOTICE_VERSION = "2026-11"
INVITATION_VALID_DAYS = 14
# PDPA: how long the audit log is kept (then pruned by beat), how long a person's copy of
# their data may be downloaded (then deleted), and how long the records of a funded grant
# must be kept under the agency's financial-record duty (the privacy notice states all three).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 2 * 365)
DATA_EXPORT_VALID_DAYS = env_int("DATA_EXPORT_VALID_DAYS", 7)
GRANT_RECORD_RETENTION_YEARS = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Proposal attachments: the largest file and how many files one proposal may have.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = env_int("ATTACHMENT_MAX_COUNT", 5)
# A ZIP-based file (DOCX, XLSX) unpacking to more than this, or more than RATIO times its own
# size, is refused as an archive bomb (proposals.filechecks: read from its directory).
ATTACHMENT_ZIP_MAX_UNCOMPRESSED_BYTES = env_int("ATTACHMENT_ZIP_MAX_UNCOMPRESSED_BYTES", 200 << 20)
ATTACHMENT_ZIP_MAX_RATIO = env_int("ATTACHMENT_ZIP_MAX_RATIO", 100)
# ClamAV's clamd, to scan uploads: "tcp://clamav:3310" or "unix:///run/clamav/clamd.ctl".
# Empty: files are not scanned, and officers are shown so on each file.
CLAMD = env_str("CLAMD")

# Single sign-on (OpenID Connect, django-allauth's socialaccount): the providers come from the
# OIDC_<n>_... variables (portal/settings/sso.py; README, "Single sign-on"). Their buttons
# post to the portal, which redirects to the provider: its origin joins form-action.
SOCIALACCOUNT_PROVIDERS = social_account_providers()
SECURE_CSP = allow_provider_forms(SECURE_CSP, SOCIALACCOUNT_PROVIDERS)
# A person is known by the provider's identifier. The first time, an address the provider
# says it verified (email_verified) signs in to the account that has it (per provider:
# OIDC_<n>_LINK_BY_EMAIL), and the provider is linked to that account for next time.
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Someone new sees the sign-up form (their details from the provider, the language, the
# PDPA consent) before an account exists: never an account made without their consent.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "portal.forms.SocialSignupForm"}
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False  # the portal calls no provider API: no tokens kept
