"""Production: everything secret comes from the environment; HTTPS behind a TLS proxy."""

from .base import *  # noqa: F401,F403
from .base import env, env_bool, env_list, require

DEBUG = False
SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
FIELD_ENCRYPTION_KEY = require("FIELD_ENCRYPTION_KEY")
AI_TOOL_SIGNING_KEY = require("AI_TOOL_SIGNING_KEY")

# The proxy terminates TLS and tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's editor previews pages in a same-origin iframe, so SAMEORIGIN rather than DENY;
# HSTS preloading is a one-way commitment the operator opts into (SECURE_HSTS_PRELOAD).
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W021"]
SESSION_ENGINE = "django.contrib.sessions.backends.cache" if env("REDIS_URL") else "django.contrib.sessions.backends.db"
