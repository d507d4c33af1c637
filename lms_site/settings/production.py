"""Production: everything secret comes from the environment; HTTPS behind a TLS proxy."""

import base64
import re

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import NUM_PROXIES, PLACEHOLDER_WORDS, env, env_bool, env_list, require, require_secret

DEBUG = False
# Refused at start-up when missing, short or a known placeholder (see base.require_secret).
SECRET_KEY = require_secret("SECRET_KEY", min_length=50)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
FIELD_ENCRYPTION_KEY = require_secret("FIELD_ENCRYPTION_KEY")
AI_TOOL_SIGNING_KEY = require_secret("AI_TOOL_SIGNING_KEY")
# Signs certificates' credentials; its public half is at /.well-known/jwks.json (manage.py new_credential_key).
CREDENTIAL_SIGNING_KEY = require_secret("CREDENTIAL_SIGNING_KEY", min_length=43)
try:
    if len(base64.urlsafe_b64decode(CREDENTIAL_SIGNING_KEY + "=" * (-len(CREDENTIAL_SIGNING_KEY) % 4))) != 32:
        raise ValueError
except ValueError:
    raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEY must be 32 bytes in base64url: manage.py new_credential_key.") from None

# Login limits, throttles and sessions must be shared by every web process: a per-process
# (locmem) cache would let each gunicorn worker count attempts on its own.
require("REDIS_URL")

# A proxy in front (NUM_PROXIES) terminates TLS and tells us the original scheme; with none,
# a client's own X-Forwarded-Proto is not believed.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
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

# Real gateways only: the "test payment" gateway would hand out courses without money.
PAYMENT_GATEWAYS = [path for path in PAYMENT_GATEWAYS if not path.startswith("payments.gateways.test.")]  # noqa: F405


# PayFast signs checkouts and ITNs with MD5 over the fields plus the passphrase: without one, anyone
# who reads the form can sign their own ITN (the source and validate checks are all that is left).
# So PayFast keys in production need a passphrase, and not the one printed in PayFast's samples.
PAYFAST_SAMPLE_PASSPHRASES = ("jt7noe43fzpn",)
if env("PAYFAST_MERCHANT_ID") or env("PAYFAST_MERCHANT_KEY"):
    _passphrase = env("PAYFAST_PASSPHRASE", "")
    if not _passphrase:
        raise ImproperlyConfigured("PayFast keys are set: set PAYFAST_PASSPHRASE too (the one in PayFast's "
                                   "dashboard, Settings > Security passphrase).")
    if not re.fullmatch(r"[A-Za-z0-9_/-]+", _passphrase):
        raise ImproperlyConfigured("PAYFAST_PASSPHRASE may contain only letters, digits, '-', '_' and '/'.")
    if _passphrase.lower() in PAYFAST_SAMPLE_PASSPHRASES or any(word in _passphrase.lower() for word in PLACEHOLDER_WORDS):
        raise ImproperlyConfigured("PAYFAST_PASSPHRASE looks like a placeholder or PayFast's sample; use your own.")
