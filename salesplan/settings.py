"""Settings, read from environment variables with safe development defaults."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from salesplan.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789"  # noqa: S105 - refused below when DEBUG is off
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "With DEBUG off, SECRET_KEY must be set to 50 or more random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "salesplan",
    "customers",
    "competition",
    "planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "salesplan.middleware.LoginRequiredMiddleware",
    "salesplan.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "salesplan.urls"
WSGI_APPLICATION = "salesplan.wsgi.application"

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
                "csp.context_processors.nonce",
                "salesplan.context_processors.working_period",
                "planning.notifications.context_processors.unread_notifications",
            ],
            "builtins": ["django.templatetags.i18n", "salesplan.templatetags.salesplan"],
        },
    }
]

# Database: SQLite by default (embedded), PostgreSQL when DATABASE_URL names one.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// or sqlite:// URL, got {DATABASE_URL!r}."
        )
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # IMMEDIATE takes the write lock at BEGIN so concurrent writers wait instead of
            # failing with "database is locked" (STACK.md).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "customers.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins (salesplan/logins.py). Ten failures for one user name from one address lock
# that name out there for a while; an address with many failures, whatever the names, is slowed.
# Behind a reverse proxy, TRUSTED_PROXY_COUNT says how many proxies stand in front of the app
# (1 for one nginx); the client's address is then read from X-Forwarded-For. Leave it 0 when
# clients reach the app directly: the header would be theirs to forge.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "salesplan.logins.client_address"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_SLOW_AFTER = env_int("LOGIN_SLOW_AFTER", 30)
LOGIN_SLOW_SECONDS = env_int("LOGIN_SLOW_SECONDS", 2)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Internationalisation: Simplified Chinese first, English second.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each language's dates ("15 Dec 2026", "2026年12月15日"): templates use |date without a format
# (or a named one, SHORT_DATE_FORMAT in tables), code formats.date_format.
FORMAT_MODULE_PATH = ["salesplan.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
CURRENCY_SYMBOL = env_str("CURRENCY_SYMBOL", "¥")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# A PDF prints in a child process that is stopped after this many seconds (planning/pdf.py).
PDF_RENDER_SECONDS = env_int("PDF_RENDER_SECONDS", 20)
# A plan with more table cells than this prints in parts, one per core (0: every core), side
# by side (planning/printing/parts.py); 1 part prints every plan in one piece.
PDF_PARTS = env_int("PDF_PARTS", 0)
PDF_PARTS_MIN_CELLS = env_int("PDF_PARTS_MIN_CELLS", 1000)
# The company the printed review packs name on their cover and in their properties.
COMPANY_NAME = env_str("COMPANY_NAME", "示例销售有限公司")
# A plan's web PDF runs as a background job, with its progress shown, above this size (active
# customers × products, × 3 with the annex): planning/printing/plan_jobs.py. 0, the default:
# every plan with a figure, since even the demo plan takes about 2 s to print.
PDF_BACKGROUND_ABOVE = env_int("PDF_BACKGROUND_ABOVE", 0)
# Independent scans of one page side by side on PostgreSQL (salesplan/parallel_reads.py).
PARALLEL_READS = env_bool("PARALLEL_READS", True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail (planning/notifications/): SMTP when EMAIL_HOST is set; otherwise the console under DEBUG
# (`make run` prints each mail) and no mail at all in production, the in-app list staying.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds; a mail server that hangs delays no page
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "salesplan <salesplan@localhost>")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# The links in mails: the address people open the app at.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Days before a plan's due date that its managers are reminded (`manage.py send_reminders`).
REMINDER_DAYS = env_int("REMINDER_DAYS", 3)
if REMINDER_DAYS < 0:
    raise ImproperlyConfigured(f"REMINDER_DAYS={REMINDER_DAYS} must be 0 or more.")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "audit": {"format": "audit %(message)s"},  # the record carries its own UTC time
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "audit": {"class": "logging.StreamHandler", "formatter": "audit"},  # stderr
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
        # The security log (salesplan/audit.py): logins, failed logins, refused requests for
        # other regions' objects; its own stderr handler, so that LOG_LEVEL cannot silence it.
        "salesplan.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
    },
}

# History rows are the audit trail: the admin shows them but never reverts an object to one
# (a revert would bypass the plan's lifecycle and its read-only states).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Mentioned here so that makemessages finds the language names in both catalogues.
_LANGUAGE_NAMES = (_("Simplified Chinese"), _("English"))
