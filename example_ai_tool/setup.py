"""Register the example tool ("Budget coach") on this site; safe to run again (load_demo calls it)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOOL_NAME = "Budget coach"
LAUNCH_PATH = "/example-ai-tool/"


def ensure_example_tool(site_url=None):
    """Create or update the AITool row for the example tool, keyed by its name.

    The launch URL and origin follow `site_url` (default SITE_URL); the secret is the one the
    tool itself uses (EXAMPLE_AI_TOOL_SECRET), stored only as its hash. An admin who disabled the
    tool keeps it disabled.
    """
    from courses.ai_tools import hash_secret
    from courses.models import AITool

    from .views import tool_secret

    secret = tool_secret()
    if not secret:
        raise ImproperlyConfigured("Set EXAMPLE_AI_TOOL_SECRET to register the example AI tool.")
    base = (site_url or settings.SITE_URL).rstrip("/")
    parts = urlsplit(base)
    tool, _ = AITool.objects.update_or_create(
        name=TOOL_NAME,
        defaults={
            "launch_url": base + LAUNCH_PATH,
            "allowed_origin": f"{parts.scheme}://{parts.netloc}",
            "secret_hash": hash_secret(secret),
            "secret_hint": secret[-4:],
        },
        create_defaults={
            "launch_url": base + LAUNCH_PATH,
            "allowed_origin": f"{parts.scheme}://{parts.netloc}",
            "secret_hash": hash_secret(secret),
            "secret_hint": secret[-4:],
            "is_enabled": True,
        },
    )
    return tool
