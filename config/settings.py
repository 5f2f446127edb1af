"""Settings, read from the environment. Defaults serve one office on SQLite under var/."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TUIJIN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEFAULT_SECRET_KEY = "dev-only-insecure-key-change-me"
# TUIJIN_ENV=production turns the development defaults off and refuses to start without a real secret.
PRODUCTION = os.environ.get("TUIJIN_ENV", "development") == "production"
DEBUG = env_flag("TUIJIN_DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("TUIJIN_SECRET_KEY", DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = os.environ.get("TUIJIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
if PRODUCTION and (DEBUG or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "生产环境（TUIJIN_ENV=production）不能开启 DEBUG，且必须用 TUIJIN_SECRET_KEY 设置至少50个字符的随机密钥。")

INSTALLED_APPS = [
    "tuijin.core.admin_app.TuijinAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "ninja",  # serves Swagger UI from its own static files (no CDN) for /api/v1/docs
    "tuijin.core",
    "tuijin.org",
    "tuijin.projects",
    "tuijin.dispatch",
    "tuijin.bulletins",
    "tuijin.tracking",
    "tuijin.exchange",
    "tuijin.dashboard",
    "tuijin.promotion",
    "tuijin.funding",
    "tuijin.economy",
    "tuijin.assist",
    "tuijin.safety",
    "tuijin.tasks",
    "tuijin.tours",
    "tuijin.briefs",
    "tuijin.api",
    "tuijin.synth",
    "tuijin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tuijin.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tuijin.core.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tuijin.core.middleware.RequestContextMiddleware",
    "tuijin.org.middleware.PasswordChangeRequiredMiddleware",
    "tuijin.org.middleware.BreakGlassAuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tuijin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuijin.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tuijin.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let a small office's users write at once without "database is locked";
    # IMMEDIATE transactions take the write lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The figures and warnings are single queries with many correlated subqueries; their estimated cost sets
    # off PostgreSQL's JIT, whose compilation alone took 5.9 of 6.9 s of the dashboard's warnings query at
    # city scale (bench/README.md). Every query here is short-running: JIT never pays back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "tuijin.org.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "tuijin.org.passwords.CharacterClassesValidator", "OPTIONS": {"required": 3}},
    {"NAME": "tuijin.org.passwords.NotLikeUsernameValidator"},
    {"NAME": "tuijin.org.passwords.NotCommonValidator"},
]

# Lockout (django-axes): 5 failures lock the account, and separately the source address, for 30 minutes.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("TUIJIN_LOCKOUT_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TUIJIN_LOCKOUT_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# Locks are lifted early only through tuijin's own page and command (org.services.lockout_release), which
# audit it; axes' admin pages would delete the records unaudited.
AXES_ENABLE_ADMIN = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"  # filled by collectstatic when DEBUG is off
STATIC_ROOT.mkdir(exist_ok=True)  # so WhiteNoise does not warn before the first collectstatic
STATICFILES_DIRS = [BASE_DIR / "assets"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# The largest file a user may upload (sheets, plans); photos have their own, smaller limit.
TUIJIN_MAX_UPLOAD_BYTES = int(os.environ.get("TUIJIN_MAX_UPLOAD_MB", 20)) * 1024 * 1024

SESSION_COOKIE_AGE = int(os.environ.get("TUIJIN_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True  # the timeout counts from the last request: an idle timeout
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script anywhere (pages load their behaviour from /static/); inline style attributes are allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION:
    # Served behind TLS (directly or by a proxy that sets X-Forwarded-Proto).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("TUIJIN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# The year the demo zone and the default views speak of when no year is chosen.
# How long audit events are kept before `tuijin audit-prune` may delete them: at least 180 days (等保 level 3).
TUIJIN_AUDIT_RETENTION_DAYS = int(os.environ.get("TUIJIN_AUDIT_RETENTION_DAYS", 180))
TUIJIN_DEFAULT_YEAR = int(os.environ.get("TUIJIN_DEFAULT_YEAR", 2025))
TUIJIN_PAGE_SIZE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TUIJIN_LOG_LEVEL", "WARNING")},
}
TUIJIN_TIME_PROGRESS = os.environ.get("TUIJIN_TIME_PROGRESS", "months")  # see tuijin/tracking/progress.py

# OC4IDS open data: the publisher's id prefix (register one with the Open Contracting Partnership for real
# publication) and the address the package is published at.
TUIJIN_OC4IDS_PREFIX = os.environ.get("TUIJIN_OC4IDS_PREFIX", "oc4ids-tuijin")
TUIJIN_PUBLIC_URL = os.environ.get("TUIJIN_PUBLIC_URL", "http://localhost:8000").rstrip("/")
