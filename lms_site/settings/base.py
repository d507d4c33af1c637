"""Settings shared by every environment.

Every value that differs between machines comes from the environment; the defaults here are
safe (DEBUG off, no usable secret key) and `dev.py` relaxes them for a first run.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where the bundled example AI tool sends its server-side calls (default: SITE_URL).
EXAMPLE_AI_TOOL_LMS_URL = env("EXAMPLE_AI_TOOL_LMS_URL", "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "home",
    "accounts",
    "courses",
    "enrolment",
    "assessments",
    "payments",
    "notifications",
    "example_ai_tool",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtailmedia",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersAdminConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached versions are read once per request (lms_site.cache_versions).
    "lms_site.cache_versions.RequestScope",
    # Before the session: anonymous visitors' shared pages are answered without touching it.
    "lms_site.visitor_cache.VisitorCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, reading the signed-in person from the cache.
    "accounts.person_cache.PersonMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "lms_site.middleware.PrivateFilesMiddleware",
    "lms_site.middleware.ApiBodyLimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms_site.urls"
WSGI_APPLICATION = "lms_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
                "notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (make run, tests) under concurrent requests: writers wait for each other instead of
    # failing with "database is locked" (busy timeout, WAL), and a transaction takes the write lock
    # when it starts, so two read-then-write transactions never deadlock half-way.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-za"
TIME_ZONE = "Africa/Johannesburg"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Students' submitted files (assessments.storage): outside MEDIA_ROOT, handed out only through signed links.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES["private"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                       "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-media-is-never-served/"}}
# Seconds a signed lesson-file link (enrolment/file_links.py) and an S3 presigned URL live.
FILE_LINK_MAX_AGE = int(env("FILE_LINK_MAX_AGE", "300"))

if env("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible storage for uploads; private files get short-lived signed URLs.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(env("FILE_LINK_MAX_AGE", "300")),
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
    STORAGES["private"] = {"BACKEND": STORAGES["default"]["BACKEND"],
                           "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "private"}}

# Email: console by default; EMAIL_BACKEND / EMAIL_FILE_PATH / SMTP variables override.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if env("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Leerhuis <no-reply@localhost>")

# Cache and Celery: Redis when configured, otherwise local memory and eager tasks.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long anonymous visitors' shared pages (catalogue, course pages, the course list API) may be
# served from the cache at most; changes invalidate them sooner (lms_site.visitor_cache). 0: off.
VISITOR_CACHE_SECONDS = int(env("VISITOR_CACHE_SECONDS", "60"))
# Without a broker, tasks run eagerly in-process; "memory://" keeps kombu from looking for one.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or (None if CELERY_TASK_ALWAYS_EAGER else CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Four queues, so a slow PDF render or a gateway outage never holds up progress or email.
# Rooms route by their tasks module; workers may take all queues or one each (docs/operations.md).
CELERY_TASK_QUEUES = {name: {"exchange": name, "routing_key": name} for name in ("default", "emails", "pdf", "payments")}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "enrolment.tasks.issue_certificate": {"queue": "pdf"},
    "enrolment.tasks.*": {"queue": "default"},
    "assessments.tasks.*": {"queue": "default"},
    "notifications.tasks.*": {"queue": "emails"},
    "payments.tasks.*": {"queue": "payments"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs, run by one `celery -A lms_site beat` process (docs/operations.md). Times are TIME_ZONE.
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "instructor-enrolment-digest": {"task": "notifications.tasks.send_enrolment_digests",
                                    "schedule": crontab(hour=7, minute=0)},
    # Payments: yesterday reconciled each morning, orders whose webhook never came swept, lapsed
    # subscriptions closed.
    "payments-daily-reconciliation": {"task": "payments.tasks.daily_reconciliation",
                                      "schedule": crontab(hour=6, minute=0), "options": {"queue": "payments"}},
    "payments-verify-pending": {"task": "payments.tasks.verify_pending_orders",
                                "schedule": 15 * 60, "options": {"queue": "payments"}},
    "payments-lapse-subscriptions": {"task": "payments.tasks.lapse_expired_subscriptions",
                                     "schedule": 60 * 60, "options": {"queue": "payments"}},
    "payments-allocate-subscriptions": {"task": "payments.tasks.allocate_subscription_revenue",
                                        "schedule": crontab(hour=6, minute=30), "options": {"queue": "payments"}},
}

# Wagtail
WAGTAIL_SITE_NAME = "Leerhuis"
# Avatars come from uploads (accounts.wagtail_hooks); Gravatar would send a hash of every
# editor's email address to an outside service with each admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = SITE_URL
# The admin's "Forgotten password?" email goes through lms_site.outbox (logged, queued) like every email.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms_admin.AdminPasswordResetForm"
# Approving a course publishes it with the sections and lessons its review covered (courses/review.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "courses.finish_review.publish_reviewed_changes"
# No autosave in the editor: in Wagtail 8.0 an autosave still in flight when the author clicks
# "Save draft" on a new page creates it twice (the second answer is a server error), and a save
# racing an autosave can drop the last keystrokes. Authors save explicitly; leaving with unsaved
# changes still asks first.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# On PostgreSQL the database backend stems English words ("stokvels" -> "stokvel"); SQLite ignores
# SEARCH_CONFIG and courses.catalogue matches word beginnings on both.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "MEDIA_FORM_BASE": "courses.media_forms.VideoUploadForm",
    "AUDIO_EXTENSIONS": [],
    "VIDEO_EXTENSIONS": ["mp4", "webm", "ogv", "m4v", "mov"],
}
# Malware scanning of submitted files (assessments.scanning): clamd over TCP or a Unix socket.
# Unset: files are checked by type and size only. Set: a file is stored only once clamd says clean.
CLAMAV_HOST = env("CLAMAV_HOST", "")
CLAMAV_PORT = int(env("CLAMAV_PORT", "3310"))
CLAMAV_SOCKET = env("CLAMAV_SOCKET", "")
CLAMAV_TIMEOUT = float(env("CLAMAV_TIMEOUT", "30"))
# Seconds after a quiz's time limit that a submission is still accepted (network, a slow phone).
QUIZ_GRACE_SECONDS = int(env("QUIZ_GRACE_SECONDS", "30"))
# Hosts whose H5P embeds lessons may show (the CSP's frame-src follows this list).
H5P_EMBED_HOSTS = env_list("H5P_EMBED_HOSTS", "h5p.com,h5p.org")
VIDEO_MAX_UPLOAD_SIZE = int(env("VIDEO_MAX_UPLOAD_SIZE", str(500 * 1024 * 1024)))
WAGTAILDOCS_EXTENSIONS = ["pdf", "vtt", "csv", "docx", "odt", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
CSRF_FAILURE_VIEW = "lms_site.errors.csrf_failure"  # JSON on /api/ paths
# Largest request body an /api/ view reads (lms_site.middleware.ApiBodyLimitMiddleware): 413 above it.
API_MAX_BODY_BYTES = int(env("API_MAX_BODY_BYTES", str(1024 * 1024)))
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Roles, kept as constants so code and data migrations agree.
STUDENTS_GROUP = "Students"
INSTRUCTORS_GROUP = "Instructors"
MODERATORS_GROUP = "Moderators"

# django-allauth: email is the login and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# The client's address comes from one trusted place: REMOTE_ADDR, or with NUM_PROXIES proxies in
# front, the address the nearest of them saw (X-Forwarded-For counted from the right). DRF's
# throttles and allauth's rate limits both read it; a forged header from the client changes nothing.
NUM_PROXIES = int(env("NUM_PROXIES", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {  # allauth's forms with the site's labels
    "login": "accounts.forms_allauth.LoginForm",
    "change_password": "accounts.forms_allauth.ChangePasswordForm",
    "reset_password_from_key": "accounts.forms_allauth.ResetPasswordKeyForm",
}
LOGIN_REDIRECT_URL = "/dashboard/"
LOGIN_URL = "/accounts/login/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.bearer.CachedJWTAuthentication",  # simplejwt's, the user read from the cache
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "lms_site.schema.ApiSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "lms_site.negotiation.JSONWhateverIsAccepted",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # "tracking": heartbeats, video reports, document opens and xAPI statements, per signed-in user.
    # The lesson page sends one heartbeat every 30 s and one video report every ~15 s.
    "DEFAULT_THROTTLE_RATES": {"auth": "20/min", "tracking": env("TRACKING_RATE", "120/min")},
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "lms_site.errors.api_exception_handler",
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_PARSER_CLASSES": [
        "lms_site.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SIMPLE_JWT = {
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Leerhuis LMS API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["lms_site.schema.only_public_api"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        # A quiz's settings ("feedback") and an attempt ("feedback_mode") share one choice set.
        "FeedbackModeEnum": ["immediate", "delayed"],
        "OrderStatusEnum": "payments.models.Order.Status",
        "PayoutStatusEnum": "payments.models.Payout.Status",
        "EarningKindEnum": "payments.models.Earning.Kind",
    },
}

# Content Security Policy: our own files plus exactly the embed hosts lessons use. Lesson pages
# add the origins of the AI tools they embed (enrolment.views). Wagtail's admin and the API docs
# keep their own scripts and are left out.
VIDEO_EMBED_HOSTS = ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com",
                     "https://iframe.videodelivery.net"]
VIDEO_SCRIPT_HOSTS = ["https://www.youtube.com", "https://s.ytimg.com", "https://player.vimeo.com",
                      "https://embed.cloudflarestream.com"]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/", "/api/docs/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *VIDEO_SCRIPT_HOSTS],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https://i.ytimg.com", "https://i.vimeocdn.com"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_EMBED_HOSTS, *[f"https://{h}" for h in H5P_EMBED_HOSTS],
                      *[f"https://*.{h}" for h in H5P_EMBED_HOSTS]],
        "object-src": ["'none'"],  # no plugins: an uploaded .swf or PDF <object> never runs in our pages
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
if env("AWS_STORAGE_BUCKET_NAME") and env("AWS_S3_ENDPOINT_URL"):
    for directive in ("img-src", "media-src", "connect-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive].append(env("AWS_S3_ENDPOINT_URL"))

# Lesson PDFs preview in a same-origin frame; other sites may not frame us.
X_FRAME_OPTIONS = "SAMEORIGIN"

# Embedded defaults for keys later issues use; production must set real ones.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", "")
AI_TOOL_SIGNING_KEY = env("AI_TOOL_SIGNING_KEY", "")
# Ed25519 key that signs certificates' Open Badges credentials (enrolment/credentials.py), base64url of
# 32 bytes: `manage.py new_credential_key`. Unset outside production: a key derived from SECRET_KEY.
CREDENTIAL_SIGNING_KEY = env("CREDENTIAL_SIGNING_KEY", "")
# Certificate verification (pages and API) per client address.
CERTIFICATE_VERIFY_RATE = env("CERTIFICATE_VERIFY_RATE", "30/min")
# The example AI tool that ships with the site (example_ai_tool/): its shared secret.
EXAMPLE_AI_TOOL_SECRET = env("EXAMPLE_AI_TOOL_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Wagtail's background tasks log every search-index update; only problems are worth a line.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}


def require(name):
    """Return an environment variable that production cannot run without."""
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


# Values that appear in examples, compose files and tutorials: a key anyone can read is no key.
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "django-insecure", "placeholder", "example",
                     "secret-key", "your-secret", "collectstatic", "dev-only", "insecure", "xxxxxxxx")
MIN_SECRET_LENGTH = 32


def require_secret(name, min_length=MIN_SECRET_LENGTH):
    """A secret production cannot run without: long, not a placeholder, not one repeated character."""
    value = require(name)
    lowered = value.lower()
    if len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name} is {len(value)} characters; use at least {min_length} random ones "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if any(word in lowered for word in PLACEHOLDER_WORDS) or len(set(value)) < 10:
        raise ImproperlyConfigured(f"{name} looks like a placeholder; generate a random one.")
    return value

# Every call to another server (lms_site/outbound.py) gives up after this many seconds.
OUTBOUND_TIMEOUT_SECONDS = float(env("OUTBOUND_TIMEOUT_SECONDS", "10"))

# Payments (payments/, docs/operations.md). Secrets only from the environment; a gateway whose keys
# are missing is shown as unavailable. PAYMENT_GATEWAYS names the enabled gateways in the order
# buyers see them; dev and test settings add the "test payment" gateway, production never does.
PAYMENT_GATEWAYS = env_list("PAYMENT_GATEWAYS", "payments.gateways.paystack.PayStackGateway,"
                            "payments.gateways.payfast.PayFastGateway")
PAYSTACK_SECRET_KEY = env("PAYSTACK_SECRET_KEY", "")
PAYSTACK_PUBLIC_KEY = env("PAYSTACK_PUBLIC_KEY", "")
PAYSTACK_API_URL = env("PAYSTACK_API_URL", "https://api.paystack.co")
PAYFAST_MERCHANT_ID = env("PAYFAST_MERCHANT_ID", "")
PAYFAST_MERCHANT_KEY = env("PAYFAST_MERCHANT_KEY", "")
PAYFAST_PASSPHRASE = env("PAYFAST_PASSPHRASE", "")
# The first value of the admins' sandbox switch (Settings > Payment gateways); after that the switch decides.
PAYFAST_SANDBOX = env_bool("PAYFAST_SANDBOX", False)
# Empty: the switch picks PayFast's sandbox or live addresses (payments.gateways.payfast); set to override.
PAYFAST_PROCESS_URL = env("PAYFAST_PROCESS_URL", "")
PAYFAST_VALIDATE_URL = env("PAYFAST_VALIDATE_URL", "")
PAYFAST_API_URL = env("PAYFAST_API_URL", "https://api.payfast.co.za")
# Where ITNs may come from (CIDRs). Unset: PayFast's published ranges in live mode, off in sandbox.
# Set: that list; an empty value switches the check off.
PAYFAST_ALLOWED_IPS = env_list("PAYFAST_ALLOWED_IPS") if "PAYFAST_ALLOWED_IPS" in os.environ else None
# Refused (forged) webhook deliveries per client address before it is answered 429 (payments.webhook_throttle).
WEBHOOK_REFUSED_LIMIT = int(env("WEBHOOK_REFUSED_LIMIT", "20"))
WEBHOOK_REFUSED_WINDOW = int(env("WEBHOOK_REFUSED_WINDOW", "600"))
