"""Local development: DEBUG on, a throwaway secret, console email, eager tasks."""

from .base import *  # noqa: F401,F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = ["*"]
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", "dev-only-field-key")
AI_TOOL_SIGNING_KEY = env("AI_TOOL_SIGNING_KEY", "dev-only-ai-tool-key")
EXAMPLE_AI_TOOL_SECRET = env("EXAMPLE_AI_TOOL_SECRET", "dev-only-example-ai-tool-secret-change-me")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True  # serve static files without collectstatic in development
# The "test payment" gateway lets a first run sell a demo course with no keys (never in production).
PAYMENT_GATEWAYS = [*PAYMENT_GATEWAYS, "payments.gateways.test.TestPaymentGateway"]  # noqa: F405
