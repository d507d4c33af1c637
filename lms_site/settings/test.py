"""Tests: fast hashing, in-memory email, eager tasks, no rate limits in the way."""

from .dev import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = str(BASE_DIR / ".test-private-media")  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: live-server (browser) tests hit it from several threads, and
    # shared-cache memory databases lock whole tables and fail at once instead of waiting.
    # pytest-django adds the xdist worker's suffix to the name.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "1000/min", "tracking": "1000/min"}}  # noqa: F405
# Serve static files from finders without indexing them for every test client.
WHITENOISE_AUTOREFRESH = True
